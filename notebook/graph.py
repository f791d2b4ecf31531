"""The referral engine: who could introduce me to a company, a person, or a kind of person.

Pure functions and classes over plain records; no Textual, no store, no view model.
`Referrals` answers queries straight from the view model's own indexes (people by id, ties per
person, conversations per person): nothing is built up front, and no copy of the network is
made. A query indexes what it needs on first use (company spellings, names, tags and titles),
and those indexes are then kept up to date person by person as people change.

The graph
---------
Nodes are you, the people in the notebook (archived people are left out), and companies
(normalised names, so "Acme Robotics, Inc." and "ACME Robotics" are one node). Edges:

- you - person: the warmth of your link (`warmth_of`), for everyone: people in the notebook are
  people you know, so even a never-talked-to contact gets a small "cold" floor;
- person - person: ties, weighted `strength / 5 * 0.9`, so that even the strongest tie costs
  something and a direct warm contact beats an intro of equal warmth;
- person - company: the current company ("works at") and past companies ("worked at"), kept as
  an index from company to people.

Warmth (in [0, 1])
------------------
    recency   = exp(-days since we last talked / 60)
    frequency = 1 - exp(-conversations in the last 365 days / 3)
    warmth    = max(floor, 0.7 * recency + 0.3 * frequency)
    floor     = 0.05 if we ever talked or are connected (connected_on), else 0.03

Labels: "warm" from 0.4 (about 6 weeks after a single talk), "cooling" from 0.15, else "cold".

Paths and scores
----------------
A path is you -> A [-> B] -> target, at most 3 hops (at most two intermediaries), each person at
most once. Its score is the product of its edge weights: warmth(A) x tie weights. The direct
message (1 hop) always exists, so an intro is only suggested when it scores above messaging the
target directly: a warm friend's intro (0.66 x 0.72 = 0.47) beats a cold message (0.05), and
since ties weigh less than 1, an intro through someone no warmer than the target never does.
Each target keeps its best 3 paths.

A path's first hop is stale when its warmth is below 0.15 ("cold") or, if the caller passes
`is_stale`, when that relationship is past its cadence; the next step then says to reconnect
first ("Reconnect with Dana first, then ask for an intro to Sam"). A direct path's next step
stays "Message Sam directly", with the flag still set.

Targets are ranked by their best path's score; for a company, a past employee's score is halved
(`PAST_FACTOR`) so current employees, who can actually refer, come first when paths are alike,
while a warm former employee still ranks above a cold stranger who works there now. Equal
scores are broken by current-first, then folded names, then ids: results are deterministic.

Paths are searched backwards from the targets (their ties, and their ties' ties), which costs
only the targets' neighbourhoods, not the whole network.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import is_not
from typing import Literal

from . import dates
from .records import Person, Tie, told_apart
from .search import LoadedCompanies, fold

__all__ = [
    "COOLING_AT",
    "MAX_HOPS",
    "PAST_FACTOR",
    "PATHS_PER_TARGET",
    "WARM_AT",
    "PathEdge",
    "QueryKind",
    "ReferralPath",
    "ReferralResult",
    "ReferralTarget",
    "Referrals",
    "Resolution",
    "Warmth",
    "WarmthLabel",
    "normalise_company",
    "tie_weight",
    "warmth_label",
    "warmth_of",
]

WarmthLabel = Literal["warm", "cooling", "cold"]
QueryKind = Literal["company", "person", "tag"]

RECENCY_DAYS = 60.0
FREQUENCY_SCALE = 3.0
RECENCY_SHARE = 0.7
TALKED_FLOOR = 0.05
CONNECTED_FLOOR = 0.05
KNOWN_FLOOR = 0.03
WARM_AT = 0.4
COOLING_AT = 0.15
# A first hop colder than this needs reconnecting before asking for a favour.
STALE_BELOW = COOLING_AT
TIE_SCALE = 0.9
PAST_FACTOR = 0.5
MAX_HOPS = 3
PATHS_PER_TARGET = 3
COMPLETIONS = 10
# Scores are products of floats: rounding makes equal-in-principle scores tie exactly, so that
# names, not the order of multiplication, decide between them.
_SCORE_DIGITS = 9

_LEGAL_SUFFIXES = frozenset(
    "inc incorporated llc llp lp ltd limited corp corporation co company gmbh ag kg sa se "
    "plc bv nv pty pte pvt oy oyj ab as asa aps srl sarl sas spa sl kk".split()
)
_NON_WORD = re.compile(r"[\W_]+")
_DROPPED = re.compile(r"[.'’`´]")


# -- companies -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def normalise_company(name: str) -> str:
    """The company's key: folded, punctuation gone, legal suffixes and a leading "the" dropped.

    "Acme Robotics, Inc.", "ACME Robotics", "acme robotics inc" and "Acme Robotics LLC" are all
    "acme robotics"; "The Acme Company" is "acme" ("The Home Depot" is "Home Depot"). Suffixes
    go only from the end ("Co-op Bank" keeps its "co"), repeatedly ("Acme Pty Ltd"), and a name
    is never reduced to nothing: "Inc." stays "inc", and text with no letters keeps its fold.
    """
    folded = fold(name)
    # Dots and apostrophes join ("S.A." is "sa", "Margie's" is "margies"); "&" is "and".
    words = _NON_WORD.sub(" ", _DROPPED.sub("", folded).replace("&", " and ")).split()
    if not words:
        return " ".join(folded.split())
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1:
        run = _single_letter_run(words)
        if run > 1 and "".join(words[-run:]) in _LEGAL_SUFFIXES and run < len(words):
            # "S A" and "L.L.C" spelled letter by letter.
            del words[-run:]
        elif words[-1] in _LEGAL_SUFFIXES:
            del words[-1]
        else:
            break
        if len(words) > 1 and words[-1] == "and":
            # "Smith & Co" loses its "& Co", not just the "Co".
            del words[-1]
    return " ".join(words)


def _single_letter_run(words: Sequence[str]) -> int:
    run = 0
    for word in reversed(words):
        if len(word) != 1:
            break
        run += 1
    return run


@functools.lru_cache(maxsize=65536)
def _phrase(text: str) -> str:
    """Folded words without punctuation, for matching tags, titles and typed text."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


# -- warmth --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Warmth:
    """How warm my link to someone is: a value in [0, 1], a label and the reason in words."""

    value: float
    label: WarmthLabel
    phrase: str
    last_talked: date | None
    talks_last_year: int


def warmth_label(value: float) -> WarmthLabel:
    if value >= WARM_AT:
        return "warm"
    if value >= COOLING_AT:
        return "cooling"
    return "cold"


def warmth_of(person: Person, days: Iterable[date], today: date) -> Warmth:
    """The warmth of my link to `person`, given the days of our conversations."""
    last, recent = _contact(days, today)
    value = _warmth_value(last, recent, person.connected_on is not None, today)
    if last is None:
        phrase = "never talked"
        if person.connected_on is not None:
            where = " on LinkedIn" if _on_linkedin(person) else ""
            phrase += f"; connected{where} in {person.connected_on.year}"
    else:
        phrase = f"talked {dates.ago(last, today)}"
    return Warmth(value, warmth_label(value), phrase, last, recent)


def _contact(days: Iterable[date], today: date) -> tuple[date | None, int]:
    """The last day we talked and how many conversations the last 365 days held."""
    last: date | None = None
    recent = 0
    year_ago = today - timedelta(days=365)
    for day in days:
        if day > today:
            # A planned call is not a conversation yet.
            continue
        if last is None or day > last:
            last = day
        if day > year_ago:
            recent += 1
    return last, recent


def _warmth_value(last: date | None, recent: int, connected: bool, today: date) -> float:
    if last is None:
        return CONNECTED_FLOOR if connected else KNOWN_FLOOR
    recency = math.exp(-(today - last).days / RECENCY_DAYS)
    frequency = 1.0 - math.exp(-recent / FREQUENCY_SCALE)
    return max(TALKED_FLOOR, RECENCY_SHARE * recency + (1 - RECENCY_SHARE) * frequency)


def _on_linkedin(person: Person) -> bool:
    return bool(person.linkedin_url) or "linkedin" in person.source.casefold()


def tie_weight(strength: int) -> float:
    """A tie's weight: strength 5 is 0.9, strength 1 is 0.18."""
    return max(1, min(5, strength)) / 5 * TIE_SCALE


# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PathEdge:
    """One hop of a path: `source` None is you."""

    source: int | None
    target: int
    weight: float
    label: str


@dataclass(frozen=True, slots=True)
class ReferralPath:
    """You -> people[0] -> ... -> people[-1] (the target)."""

    people: tuple[int, ...]
    names: tuple[str, ...]
    score: float
    hops: int
    explanation: str
    next_step: str
    first_hop_stale: bool
    edges: tuple[PathEdge, ...]

    @property
    def reconnect_first(self) -> bool:
        """Whether the next step begins by reconnecting: an introduction through someone
        you have drifted from. A cold direct path is messaged directly, as its next step
        says (it was flagged "reconnect first" beside that advice)."""
        return self.first_hop_stale and len(self.people) > 1


@dataclass(frozen=True, slots=True)
class ReferralTarget:
    """Someone the query is about, with their best paths, best first.

    `score` ranks the targets: the best path's score, halved for a past employee.
    `current` is False only for someone who used to work at the queried company.
    """

    person_id: int
    name: str
    detail: str
    current: bool
    score: float
    best: tuple[ReferralPath, ...]


@dataclass(frozen=True, slots=True)
class ReferralResult:
    """Ranked targets; when there are none, `reason_if_empty` says why and `suggestion` what
    to add. `total` counts every reachable target, before `limit`."""

    query: str
    kind: QueryKind
    label: str
    targets: tuple[ReferralTarget, ...]
    total: int
    reason_if_empty: str = ""
    suggestion: str = ""


@dataclass(frozen=True, slots=True)
class Resolution:
    """What typed text is taken to mean. `found` is False when nothing matched: the text is then
    read as a company nobody in the notebook is linked to, or, when it starts several company
    names, `alternatives` lists some of them."""

    kind: QueryKind
    label: str
    found: bool
    alternatives: tuple[str, ...] = ()


# A target before its paths: (person id, currently there, the target's one-line description).
_Target = tuple[int, bool, str]
_Raw = tuple[float, tuple[int, ...]]
Talks = Mapping[int, Iterable[date]] | Callable[[int], Iterable[date]]


# -- queries -------------------------------------------------------------------------------------


class Referrals:
    """Referral queries answered from the caller's own indexes, building only what each needs.

    `people` is everyone by id (archived people are left out of every answer), `ties_of` a
    person's ties and `talks` their conversation days (one per conversation, as a mapping or a
    function). All three are read as they are when a query runs: a query finds its targets
    through indexes of company spellings, names, and tags and titles, each built on its first
    use, then searches backwards from them, working out ties and warmth only for the people it
    reaches. After people or ties change, `changed()` brings those indexes up to date, by the
    people whose record is not the one they were built from; after conversations change,
    `forget_warmth()`. `is_stale`, when given, also flags a first hop whose relationship is
    past its cadence. `loaded`, when given, is who works and worked where in `people` as they
    are (read as the caller built `people`): the company index then starts from it, indexing
    a company's people when a query first names it, instead of reading every record.
    """

    def __init__(
        self,
        people: Mapping[int, Person],
        ties_of: Callable[[int], Iterable[Tie]],
        talks: Talks,
        *,
        today: date,
        is_stale: Callable[[int], bool] | None = None,
        loaded: LoadedCompanies | None = None,
    ) -> None:
        self._people = people
        self._ties_of = ties_of
        self._talks: Callable[[int], Iterable[date]] = (
            functools.partial(_get_or_empty, talks) if isinstance(talks, Mapping) else talks
        )
        self._is_stale = is_stale
        self._today = today
        # Per person, by first use: (last talk, talks in the last year), warmth, and its value.
        self._contacts: dict[int, tuple[date | None, int]] = {}
        self._warmth: dict[int, Warmth] = {}
        self._weight: dict[int, float] = {}
        self._ago: dict[date, str] = {}
        # Each person's ties to people in the notebook, as (other, weight, tie), by first use.
        self._adjacency: dict[int, list[tuple[int, float, Tie]]] = {}
        # The people the indexes below were built from (None: none built yet).
        self._known: dict[int, Person] | None = None
        # Who works and worked where as `people` holds them now, if the caller has it at hand
        # (see search.LoadedCompanies): the company index is then built from it, not from
        # every record, a company at a time. Forgotten once people change.
        self._loaded = loaded
        # Company spellings (as written) -> who works there now / worked there, and each
        # company key -> its spellings: normalising is done once per spelling, not per person.
        self._works: dict[str, list[int]] | None = None
        self._worked: dict[str, list[int]] = {}
        self._spellings: dict[str, set[str]] = {}
        # Built from `loaded`, _works and _worked hold only these companies (keys) until all
        # are needed (see _who_is_at); None when they hold every company.
        self._resolved: set[str] | None = None
        self._company_keys: list[str] | None = None  # sorted, for prefixes
        self._by_name: dict[str, list[int]] | None = None  # folded name -> ids
        # Tags and titles as written -> who has them: far fewer distinct roles than people.
        self._role_people: dict[str, list[int]] | None = None
        self._completions: list[tuple[int, str, str, str, str]] | None = None

    @classmethod
    def of(
        cls,
        people: Iterable[Person],
        ties: Iterable[Tie],
        talks: Talks,
        *,
        today: date,
        is_stale: Callable[[int], bool] | None = None,
    ) -> Referrals:
        """Queries over plain records, indexed here (of two ties between the same people, the
        first counts)."""
        by_id = {p.id: p for p in people if p.id is not None}
        pairs: dict[tuple[int, int], Tie] = {}
        for tie in ties:
            pairs.setdefault((tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a), tie)
        ties_of: defaultdict[int, list[Tie]] = defaultdict(list)
        for tie in pairs.values():
            ties_of[tie.a].append(tie)
            ties_of[tie.b].append(tie)
        return cls(by_id, lambda pid: ties_of.get(pid, ()), talks, today=today, is_stale=is_stale)

    # -- keeping up ------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self._today

    @today.setter
    def today(self, today: date) -> None:
        if today != self._today:
            self._today = today
            self.forget_warmth()  # a new day changes every warmth
            self._ago.clear()

    def forget_warmth(self) -> None:
        """Conversations changed: warmth is worked out again as queries need it."""
        self._contacts.clear()
        self._warmth.clear()
        self._weight.clear()

    def changed(self) -> None:
        """People or ties changed (added, edited, archived, removed): ties are read afresh,
        and the people indexes are updated for the people whose record is not the one they
        were built from."""
        self._adjacency.clear()
        self._completions = None
        self._every_company()  # from `loaded` while it is still what the indexes were built from
        self._loaded = None
        known = self._known
        if known is None:
            return
        people = self._people
        # Records are immutable, so an edit is a new object: compared in C, not in a loop.
        edited = map(is_not, people.values(), map(known.get, people))
        moved = list(itertools.compress(people, edited))
        added = sum(1 for pid in moved if pid not in known)
        if len(known) + added != len(people):
            for pid in known.keys() - people.keys():
                self._unindex(pid, known.pop(pid))
        for pid in moved:
            old = known.get(pid)
            if old is not None:
                self._unindex(pid, old)
            known[pid] = new = people[pid]
            self._index(pid, new)

    def _index(self, pid: int, person: Person) -> None:
        if person.archived:
            return
        if self._works is not None:
            if person.company:
                self._add_spelling(self._works, person.company, pid)
            for company in dict.fromkeys(person.past_companies):
                self._add_spelling(self._worked, company, pid)
        if self._by_name is not None:
            self._by_name.setdefault(fold(person.name), []).append(pid)
        if self._role_people is not None:
            for role in _roles_of(person):
                self._role_people.setdefault(role, []).append(pid)

    def _unindex(self, pid: int, person: Person) -> None:
        if person.archived:
            return
        if self._works is not None:
            if person.company:
                self._drop_spelling(self._works, person.company, pid)
            for company in dict.fromkeys(person.past_companies):
                self._drop_spelling(self._worked, company, pid)
        if self._by_name is not None:
            _drop(self._by_name, fold(person.name), pid)
        if self._role_people is not None:
            for role in _roles_of(person):
                _drop(self._role_people, role, pid)

    def _add_spelling(self, index: dict[str, list[int]], spelling: str, pid: int) -> None:
        index.setdefault(spelling, []).append(pid)
        key = normalise_company(spelling)
        spellings = self._spellings.get(key)
        if spellings is None:
            self._spellings[key] = {spelling}
            self._company_keys = None
        else:
            spellings.add(spelling)

    def _drop_spelling(self, index: dict[str, list[int]], spelling: str, pid: int) -> None:
        _drop(index, spelling, pid)
        assert self._works is not None
        if spelling not in self._works and spelling not in self._worked:
            key = normalise_company(spelling)
            spellings = self._spellings[key]
            spellings.discard(spelling)
            if not spellings:
                del self._spellings[key]
                self._company_keys = None

    # -- indexes, built on first use -------------------------------------------------------------

    def _indexed(self) -> dict[int, Person]:
        """The people the indexes are built from: everyone, as of the first index built."""
        if self._known is None:
            self._known = dict(self._people)
        return self._known

    def _companies(self) -> dict[str, set[str]]:
        """Company key -> its spellings, indexing who works or worked where on first use."""
        if self._works is not None:
            return self._spellings
        loaded = self._loaded
        if loaded is not None:
            # Only the spellings now, from the lists made as the notebook was read (reading
            # 30,000 records again would cost more than the rest of a query): who is where
            # is looked up a company at a time, by _who_is_at.
            self._indexed()
            spellings: dict[str, set[str]] = {}
            for spelling in set(loaded.works).union(loaded.worked):
                spellings.setdefault(normalise_company(spelling), set()).add(spelling)
            self._works, self._worked, self._spellings = {}, {}, spellings
            self._resolved = set()
            self._company_keys = None
            return spellings
        # 30,000 people at the large tier: one pass of plain dict operations, and each
        # distinct spelling normalised once.
        works: defaultdict[str, list[int]] = defaultdict(list)
        worked: defaultdict[str, list[int]] = defaultdict(list)
        for pid, person in self._indexed().items():
            if person.archived:
                continue
            if person.company:
                works[person.company].append(pid)
            for company in person.past_companies:
                found = worked[company]
                if not found or found[-1] != pid:  # a spelling may be listed twice
                    found.append(pid)
        spellings = {}
        for spelling in works.keys() | worked.keys():
            spellings.setdefault(normalise_company(spelling), set()).add(spelling)
        # Plain dicts from here on: looking a spelling up must never add it.
        self._works, self._worked, self._spellings = dict(works), dict(worked), spellings
        self._company_keys = None
        return spellings

    def _who_is_at(self, key: str) -> None:
        """Make _works and _worked hold who works and worked at this company (a key of
        _companies), when they were built a company at a time: C loops over the lists of
        who is where, the people found added in order."""
        resolved = self._resolved
        if resolved is None or key in resolved:
            return
        loaded = self._loaded
        assert loaded is not None and self._works is not None  # see _companies
        wanted = self._spellings[key].__contains__
        works, worked = self._works, self._worked
        pairs = zip(loaded.works_ids, loaded.works, strict=True)
        for pid, company in itertools.compress(pairs, map(wanted, loaded.works)):
            works.setdefault(company, []).append(pid)
        pairs = zip(loaded.worked_ids, loaded.worked, strict=True)
        for pid, company in itertools.compress(pairs, map(wanted, loaded.worked)):
            found = worked.setdefault(company, [])
            if not found or found[-1] != pid:  # a spelling may be listed twice
                found.append(pid)
        resolved.add(key)

    def _every_company(self) -> None:
        """Make _works and _worked hold every company, when they were built a company at a
        time (before people change, or to name every company)."""
        if self._resolved is None:
            return
        loaded = self._loaded
        assert loaded is not None
        works: defaultdict[str, list[int]] = defaultdict(list)
        worked: defaultdict[str, list[int]] = defaultdict(list)
        for pid, company in zip(loaded.works_ids, loaded.works, strict=True):
            works[company].append(pid)
        for pid, company in zip(loaded.worked_ids, loaded.worked, strict=True):
            found = worked[company]
            if not found or found[-1] != pid:
                found.append(pid)
        self._works, self._worked = dict(works), dict(worked)
        self._resolved = None

    def _names(self) -> dict[str, list[int]]:
        if self._by_name is None:
            by_name: dict[str, list[int]] = {}
            for pid, person in self._indexed().items():
                if not person.archived:
                    by_name.setdefault(fold(person.name), []).append(pid)
            self._by_name = by_name
        return self._by_name

    def _roles(self) -> dict[str, list[int]]:
        if self._role_people is None:
            role_people: dict[str, list[int]] = {}
            for pid, person in self._indexed().items():
                if not person.archived:
                    for role in _roles_of(person):
                        role_people.setdefault(role, []).append(pid)
            self._role_people = role_people
        return self._role_people

    def _sorted_company_keys(self) -> list[str]:
        keys = self._company_keys
        if keys is None:
            keys = self._company_keys = sorted(self._companies())
        return keys

    def _adjacent(self, pid: int) -> list[tuple[int, float, Tie]]:
        """A person's ties to people in the notebook, as (other, weight, tie); of two ties
        between the same people, the older (lower id) counts."""
        found = self._adjacency.get(pid)
        if found is None:
            people = self._people
            kept: dict[int, Tie] = {}
            for tie in self._ties_of(pid):
                other = tie.b if tie.a == pid else tie.a
                person = people.get(other)
                if other == pid or person is None or person.archived:
                    continue
                before = kept.get(other)
                if before is None or (
                    tie.id is not None and before.id is not None and tie.id < before.id
                ):
                    kept[other] = tie
            found = [(other, tie_weight(tie.strength), tie) for other, tie in kept.items()]
            self._adjacency[pid] = found
        return found

    # -- lookups ---------------------------------------------------------------------------------

    def __contains__(self, person_id: object) -> bool:
        person = self._people.get(person_id) if isinstance(person_id, int) else None
        return person is not None and not person.archived

    def warmth(self, person_id: int) -> Warmth:
        """The warmth of my link to someone (computed once, then remembered)."""
        found = self._warmth.get(person_id)
        if found is None:
            person = self._people[person_id]
            today = self._today
            last, recent = self._contact(person_id)
            value = _warmth_value(last, recent, person.connected_on is not None, today)
            if last is None:
                found = warmth_of(person, (), today)
            else:
                ago = self._ago.get(last)
                if ago is None:
                    # Wording a date goes through pendulum; many people share a last day.
                    ago = self._ago[last] = dates.ago(last, today)
                found = Warmth(value, warmth_label(value), f"talked {ago}", last, recent)
            self._warmth[person_id] = found
        return found

    def _me_weight(self, person_id: int) -> float:
        """The you -> person edge: the warmth value alone, without the wording."""
        found = self._weight.get(person_id)
        if found is None:
            last, recent = self._contact(person_id)
            connected = self._people[person_id].connected_on is not None
            found = self._weight[person_id] = _warmth_value(last, recent, connected, self._today)
        return found

    def _contact(self, person_id: int) -> tuple[date | None, int]:
        found = self._contacts.get(person_id)
        if found is None:
            found = self._contacts[person_id] = _contact(self._talks(person_id), self._today)
        return found

    def company_name(self, text: str) -> str | None:
        """How the notebook usually spells this company, or None if nobody is linked to it."""
        key = normalise_company(text)
        return self._company_label(key) if key in self._companies() else None

    def resolve_target(self, text: str) -> Resolution:
        """Whether text names a company, a person or a tag/title word.

        In order: a company's normalised name; a person's whole name (accents and case
        ignored); a word or phrase starting a word in someone's tags or title; the start of
        exactly one company's name. Unmatched text is read as an unknown company.
        """
        return self._resolve(text)[0]

    def completions(self, prefix: str, *, limit: int = COMPLETIONS) -> list[str]:
        """Company names, people's names, tags and titles matching a typed prefix.

        Those starting with the prefix come first, then those with a word starting with it;
        within each, companies, then people, then tags and titles, alphabetically (numbers in
        numeric order, so "Acme 2" comes before "Acme 10").
        """
        whole = fold(" ".join(prefix.split()))
        if not whole:
            return []
        needle = " " + _phrase(prefix)
        starts: list[tuple[int, str, str]] = []
        inside: list[tuple[int, str, str]] = []
        for kind, order, folded, spaced, text in self._completion_entries():
            if folded.startswith(whole):
                starts.append((kind, order, text))
            elif needle != " " and needle in spaced:
                inside.append((kind, order, text))
        starts.sort()
        found = [text for _, _, text in starts[:limit]]
        if len(found) < limit:
            inside.sort()
            found.extend(text for _, _, text in inside[: limit - len(found)])
        return found

    # -- queries ---------------------------------------------------------------------------------

    def paths(
        self,
        target: str | int,
        *,
        limit: int | None = None,
        per_target: int = PATHS_PER_TARGET,
        direct: bool = True,
    ) -> ReferralResult:
        """Ranked introduction paths to a company, a person (by name or id) or a tag/title.

        `limit` caps the number of targets returned; `per_target` the paths kept for each.
        `direct=False` leaves out messaging a target directly: introductions only.
        """
        query = str(target)
        if isinstance(target, int):
            person = self._people.get(target)
            if person is None or person.archived:
                return ReferralResult(
                    query,
                    "person",
                    query,
                    (),
                    0,
                    f"Nobody with id {target} in your notebook (archived or forgotten?).",
                    "Pick someone from the People list.",
                )
            resolution = Resolution("person", person.name, True)
            targets: list[_Target] = [(target, True, _role(person))]
        else:
            resolution, targets = self._resolve(target)
        if not targets:
            return self._empty(query, resolution, 0)
        # Rank on each target's best score alone; paths are spelled out only for those returned.
        ranked: list[tuple[float, bool, int, str]] = []
        for pid, current, detail in targets:
            best = self._best_score(pid, direct=direct)
            if best is not None:
                ranked.append((best * (1.0 if current else PAST_FACTOR), current, pid, detail))
        if not ranked:
            return self._empty(query, resolution, len(targets))
        folded = self._folded
        ranked.sort(key=lambda r: (-round(r[0], _SCORE_DIGITS), not r[1], folded(r[2]), r[2]))
        chosen = ranked if limit is None else ranked[: max(0, limit)]
        spelled = [
            (score, current, pid, detail, self._best_paths(pid, per_target, direct=direct))
            for score, current, pid, detail in chosen
        ]
        named = self._told_apart(
            {pid for *_, pid, _, _ in spelled}
            | {p for *_, paths in spelled for _, people in paths for p in people}
        )
        result = tuple(
            ReferralTarget(
                pid,
                named[pid],
                detail,
                current,
                score,
                tuple(
                    self._path(people, path_score, detail, named) for path_score, people in paths
                ),
            )
            for score, current, pid, detail, paths in spelled
        )
        return ReferralResult(query, resolution.kind, resolution.label, result, len(ranked))

    def _told_apart(self, shown: Iterable[int]) -> dict[int, str]:
        """How each person shown in one answer is named: two who share a name there (a path
        "You ─ Luca Ivanova ─ Olga Mwangi ─ Luca Ivanova" is two Lucas, not a loop) by their
        company, title or place as well, as everywhere a name alone would not say who."""
        by_name: defaultdict[str, list[int]] = defaultdict(list)
        for pid in shown:
            by_name[self._folded(pid)].append(pid)
        people = self._people
        return {
            pid: told_apart(people[pid]) if len(same) > 1 else people[pid].name
            for same in by_name.values()
            for pid in same
        }

    def _folded(self, person_id: int) -> str:
        return fold(self._people[person_id].name)

    def _resolve(self, text: str) -> tuple[Resolution, list[_Target]]:
        clean = " ".join(text.split())
        if not clean:
            return Resolution("company", "", False), []
        key = normalise_company(clean)
        if key in self._companies():
            return self._company(key)
        people = self._people
        named = self._names().get(fold(clean))
        if named:
            ids = sorted(named)
            name = people[ids[0]].name
            return (
                Resolution("person", name, True),
                [(pid, True, _role(people[pid])) for pid in ids],
            )
        needle = " " + _phrase(clean)
        if needle != " ":
            tagged: set[int] = set()
            for role, pids in self._roles().items():
                if needle in " " + _phrase(role):
                    tagged.update(pids)
            if tagged:
                return (
                    Resolution("tag", clean, True),
                    [(pid, True, _role(people[pid])) for pid in sorted(tagged)],
                )
        prefixed = self._companies_starting(key, most=20)
        if len(prefixed) == 1:
            return self._company(prefixed[0])
        names = tuple(self._company_label(k) for k in sorted(prefixed, key=_natural)[:4])
        return Resolution("company", clean, False, names), []

    def _company(self, key: str) -> tuple[Resolution, list[_Target]]:
        assert self._works is not None  # indexed by _companies()
        self._who_is_at(key)
        people = self._people
        targets: list[_Target] = [
            (pid, True, _role(people[pid]))
            for spelling in self._spellings[key]
            for pid in self._works.get(spelling, ())
        ]
        for pid, spelling in self._past_employees(key):
            now = _role(people[pid])
            detail = f"worked at {spelling}"
            targets.append((pid, False, f"{detail}; now {now}" if now else detail))
        return Resolution("company", self._company_label(key), True), targets

    def _company_label(self, key: str) -> str:
        """The company's name as most people in the notebook spell it: a spelling counts once
        per person who works there, and once per past employee who lists it first."""
        assert self._works is not None  # indexed by _companies()
        self._who_is_at(key)
        counts: Counter[str] = Counter()
        for spelling in self._spellings[key]:
            if spelling in self._works:
                counts[spelling] = len(self._works[spelling])
        counts.update(spelling for _, spelling in self._past_employees(key))
        return _commonest(counts)

    def _past_employees(self, key: str) -> list[tuple[int, str]]:
        """(id, spelling) of each person who worked at the company and works elsewhere now,
        with the first spelling of it in their past companies."""
        people = self._people
        past: dict[int, None] = {}
        for spelling in self._spellings[key]:
            past.update(dict.fromkeys(self._worked.get(spelling, ())))
        found: list[tuple[int, str]] = []
        for pid in past:
            person = people[pid]
            here = normalise_company(person.company) if person.company else ""
            if here != key:
                spelling = next(s for s in person.past_companies if normalise_company(s) == key)
                found.append((pid, spelling))
        return found

    def _companies_starting(self, key: str, *, most: int) -> list[str]:
        """Up to `most` company keys starting with the whole words of `key`."""
        keys = self._sorted_company_keys()
        found: list[str] = []
        i = bisect.bisect_left(keys, key)
        while i < len(keys) and len(found) < most and keys[i].startswith(key):
            if keys[i][len(key) : len(key) + 1] in ("", " "):
                found.append(keys[i])
            i += 1
        return found

    def _best_score(self, target: int, *, direct: bool) -> float | None:
        """The score of the target's best path, or None if there is no path."""
        weight = self._me_weight
        adjacent = self._adjacent
        best = weight(target) if direct else -1.0
        for b, b_to_target, _ in adjacent(target):
            score = weight(b) * b_to_target
            if score > best:
                best = score
            for a, a_to_b, _ in adjacent(b):
                if a != target:
                    score = weight(a) * a_to_b * b_to_target
                    if score > best:
                        best = score
        return best if best >= 0 else None

    def _best_paths(self, target: int, keep: int, *, direct: bool) -> list[_Raw]:
        """The target's best paths as (score, people), searched backwards from the target:
        the target's ties (2 hops), then their ties (3 hops), never revisiting the target."""
        weight = self._me_weight
        adjacent = self._adjacent
        found: list[_Raw] = []
        for b, b_to_target, _ in adjacent(target):
            found.append((weight(b) * b_to_target, (b, target)))
            for a, a_to_b, _ in adjacent(b):
                if a != target:
                    found.append((weight(a) * a_to_b * b_to_target, (a, b, target)))
        if direct:
            # The direct message is always possible, so an intro scoring below it is no help.
            floor = round(weight(target), _SCORE_DIGITS)
            found = [f for f in found if round(f[0], _SCORE_DIGITS) > floor]
            found.append((weight(target), (target,)))
        if len(found) <= 1:
            return found
        folded = self._folded
        return heapq.nsmallest(
            keep,
            found,
            key=lambda f: (-round(f[0], _SCORE_DIGITS), tuple(map(folded, f[1])), f[1]),
        )

    # -- wording ---------------------------------------------------------------------------------

    def _path(
        self, people: tuple[int, ...], score: float, detail: str, named: Mapping[int, str]
    ) -> ReferralPath:
        names = tuple(named[p] for p in people)
        first = people[0]
        warmth = self.warmth(first)
        edges = [PathEdge(None, first, warmth.value, f"{warmth.phrase}, {warmth.label}")]
        for x, y in itertools.pairwise(people):
            tie = next(t for other, _, t in self._adjacent(x) if other == y)
            edges.append(PathEdge(x, y, tie_weight(tie.strength), self._tie_label(tie, x)))
        chain = " → ".join(
            f"{name} ({edge.label})" for name, edge in zip(names, edges, strict=True)
        )
        explanation = f"You → {chain}" + (f", {detail}" if detail else "")
        stale = warmth.value < STALE_BELOW or (self._is_stale is not None and self._is_stale(first))
        return ReferralPath(
            people=people,
            names=names,
            score=score,
            hops=len(people),
            explanation=explanation,
            next_step=_next_step(names, warmth, stale),
            first_hop_stale=stale,
            edges=tuple(edges),
        )

    def _tie_label(self, tie: Tie, source: int) -> str:
        """The tie seen from `source`: "Dana's brother, strength 4"."""
        first = _first_name(self._people[source].name)
        who = f"{first}'s {tie.relation}" if tie.relation else f"knows {first}"
        return f"{who}, strength {tie.strength}"

    def _empty(self, query: str, resolution: Resolution, people: int) -> ReferralResult:
        label = resolution.label
        tied = "Add a tie between someone you know and one of them, or message them directly."
        if not label:
            reason = "Type a company, a person's name, or a tag or title such as recruiter."
            suggestion = "Start typing to see the companies, people and tags in your notebook."
        elif resolution.kind == "person":
            reason = f"No path to {label}: nobody you know is tied to them."
            suggestion = tied
        elif resolution.kind == "tag":
            matching = f'{_count(people)} match "{label}"'
            reason = f"{matching}, but no path: nobody you know is tied to them."
            suggestion = tied
        elif people:
            reason = f"{_count(people)} at {label}, but no path: nobody you know is tied to them."
            suggestion = tied
        elif resolution.alternatives:
            some = "; ".join(resolution.alternatives[:3])
            more = "; and more" if len(resolution.alternatives) > 3 else ""
            reason = f'"{label}" starts several company names: {some}{more}.'
            suggestion = "Type more of the name, or pick one from the suggestions."
        else:
            reason = f"Nobody in your notebook works or worked at {label}."
            suggestion = (
                f"Add {label} as the company or a past company of people who work or worked "
                "there, or try a person's name or a tag such as recruiter."
            )
        return ReferralResult(query, resolution.kind, label, (), 0, reason, suggestion)

    def _completion_entries(self) -> list[tuple[int, str, str, str, str]]:
        """(kind, sort order, folded, " " + phrase, text) for every company, distinct name,
        tag and title, built on first use; kind puts companies (0) before people (1) before
        tags and titles (2)."""
        if self._completions is not None:
            return self._completions
        entries: list[tuple[int, str, str, str, str]] = []
        seen: set[str] = set()

        def add(kind: int, text: str, order: str) -> None:
            folded = fold(text)
            if folded not in seen:
                seen.add(folded)
                entries.append((kind, _natural(order), folded, " " + _phrase(text), text))

        keys = self._sorted_company_keys()
        self._every_company()  # every company's name is needed
        for key in keys:
            # By key, so "Acme Robotics, Inc." ("acme robotics") precedes "Acme Robotics 2".
            add(0, self._company_label(key), key)
        for folded, pids in self._names().items():
            add(1, self._people[min(pids)].name, _phrase(folded))
        roles: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for role, pids in self._roles().items():
            roles[fold(role)][role] += len(pids)
        for folded, counts in roles.items():
            add(2, _commonest(counts), _phrase(folded))
        self._completions = entries
        return entries


def _get_or_empty(talks: Mapping[int, Iterable[date]], person_id: int) -> Iterable[date]:
    return talks.get(person_id, ())


def _drop(index: dict[str, list[int]], key: str, pid: int) -> None:
    """Take one `pid` off `key`'s list, and the key with its last one."""
    pids = index[key]
    pids.remove(pid)
    if not pids:
        del index[key]


def _roles_of(person: Person) -> list[str]:
    """Tags and title, as written: a tag given twice counts twice, as does a tag that is also
    the title."""
    return [*person.tags, person.title] if person.title else list(person.tags)


def _natural(text: str) -> str:
    """A sort key that puts numbers in numeric order: "acme 2" before "acme 10"."""
    return re.sub(r"\d+", lambda m: m.group().zfill(12), text)


def _next_step(names: Sequence[str], warmth: Warmth, stale: bool) -> str:
    target = names[-1]
    if len(names) == 1:
        return f"Message {target} directly: you {warmth.phrase}"
    first = names[0]
    if len(names) == 2:
        if stale:
            return f"Reconnect with {first} first, then ask for an intro to {target}"
        return f"Ask {first} to introduce you to {target}"
    middle = names[1]
    if stale:
        return (
            f"Reconnect with {first} first, then ask them to ask {middle} for an intro to {target}"
        )
    return f"Ask {first} to ask {middle} to introduce you to {target}"


def _role(person: Person) -> str:
    """ "Engineering Manager at Acme", "works at Acme", "Recruiter", or ""."""
    if person.title and person.company:
        return f"{person.title} at {person.company}"
    if person.company:
        return f"works at {person.company}"
    return person.title


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _count(people: int) -> str:
    return "1 person" if people == 1 else f"{people} people"


def _commonest(spellings: Counter[str]) -> str:
    """The most used spelling; ties go to the first alphabetically (folded), for stability."""
    return min(spellings.items(), key=lambda item: (-item[1], fold(item[0]), item[0]))[0]

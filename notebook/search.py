"""People search: case- and accent-insensitive, ranked with name matches first."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import orjson

from .records import Person

# Match quality, best first: the relevance order of a search. Within other fields (company,
# title, tags, notes) a word that starts there ("acme" in "Acme Robotics") beats one inside
# another word ("acme" in "Pacmeter").
NAME_PREFIX, NAME_WORD_PREFIX, NAME_SUBSTRING, OTHER_WORD, OTHER_FIELD = range(5)
# Recent queries kept to narrow from: one a letter typed, so a long query's worth.
RECENT_MOST = 32
# People changed since the search strings were built that a search reads one by one, at least;
# past that (and past 1 in 32 of everyone) the strings are built again.
STALE_MOST = 256
# Changes of name kept in the name order one by one before it is sorted again instead.
REORDER_MOST = 512


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents, so 'José' matches 'jose'."""
    return _fold(text)


# Letters that Unicode does not decompose into a letter and an accent, as they are typed on a
# keyboard without them: "orsted" for Ørsted, "lukasz" for Łukasz, "aero" for Ærø.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "ı": "i", "ŧ": "t", "ŋ": "n"}
    | {"æ": "ae", "œ": "oe", "þ": "th"}
)


def _fold(text: str) -> str:
    """fold(), without its cache: for text that is folded once."""
    if text.isascii():
        return text.lower()  # most text: no accents to strip, and no need to decompose
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


def _haystack(person: Person) -> str:
    parts = [person.company, person.title, *person.tags, *person.past_companies, person.notes]
    # Not through fold's cache: every person's text is another entry that is never asked
    # for again, and 30,000 of them would hold megabytes and push out the names.
    return _fold(" ".join(filter(None, parts)))


@dataclass(frozen=True, slots=True)
class Shown:
    """What the shell prints for a search hit."""

    name: str
    role: str
    emails: tuple[str, ...]


class PersonIndex:
    """Folded text per person, kept up to date by the view model on every write.

    A search answers from the matches of a query it extends when one was asked lately: typing
    "hannah" searches only who matched "hanna", and backspacing returns to an answer already
    worked out. Otherwise the longest word is looked for in everyone's text at once (one string
    a field, see _Scan) and only those who have it are ranked. Either way each candidate is
    ranked by the one rule in _rank, so the answer is the one a search of everyone gives.
    """

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._names: dict[int, str] = {}
        self._others: dict[int, str] = {}
        self._archived: set[int] = set()
        # Built on the first name match, then kept up to date by put and drop: opening a
        # notebook (or `notebook find`) never pays for it.
        self._name_words: NameWords | None = None
        # Everyone by (folded name, id), built on the first search that needs it and then kept
        # in order person by person, until so many changed that sorting again is cheaper.
        self._order: list[int] | None = None
        self._reordered = 0
        self._scan: _Scan | None = None  # built on the first search, see _Scan
        # Who changed since prepare() copied everyone's text, while its build is under way.
        self._since_copy: set[int] | None = None
        # Recent queries' matches, by their words: only those the last query extends (what
        # backspacing returns to), and forgotten whenever anyone changes.
        self._recent: dict[tuple[str, ...], _Found] = {}
        # Opening a notebook builds this from everyone: put()'s upkeep has nothing to do yet.
        names, others, archived = self._names, self._others, self._archived
        # Who works and worked where, read here while each record is at hand anyway, for the
        # referral engine's first query (see companies_as_loaded). Equal spellings are made
        # one string, so grouping them later reads a few hundred strings, not 30,000.
        loaded = LoadedCompanies([], [], [], [])
        works_ids, works, worked_ids, worked = (
            loaded.works_ids,
            loaded.works,
            loaded.worked_ids,
            loaded.worked,
        )
        spellings: dict[str, str] = {}
        spelling = spellings.setdefault
        for person in people:
            pid = person.id
            assert pid is not None
            names[pid] = fold(person.name)
            others[pid] = _haystack(person)
            if person.archived:
                archived.add(pid)
                continue
            company = person.company
            if company:
                works_ids.append(pid)
                works.append(spelling(company, company))
            if person.past_companies:
                for company in person.past_companies:
                    worked_ids.append(pid)
                    worked.append(spelling(company, company))
        self._loaded: LoadedCompanies | None = loaded

    def put(self, person: Person) -> None:
        assert person.id is not None
        pid = person.id
        name = fold(person.name)
        moved = self._names.get(pid) != name
        if moved:
            self._unorder(pid)
        self._names[pid] = name
        self._others[pid] = _haystack(person)
        if moved:
            self._reorder(pid)
        if person.archived:
            self._archived.add(pid)
        else:
            self._archived.discard(pid)
        if self._name_words is not None:
            self._name_words.put(pid, name)
        self._changed(pid)

    def drop(self, person_id: int) -> None:
        self._unorder(person_id)
        self._names.pop(person_id, None)
        self._others.pop(person_id, None)
        self._archived.discard(person_id)
        if self._name_words is not None:
            self._name_words.drop(person_id)
        self._changed(person_id)

    def _changed(self, person_id: int) -> None:
        self._recent.clear()
        if self._since_copy is not None:
            self._since_copy.add(person_id)
        self._loaded = None  # no longer who is where
        scan = self._scan
        if scan is not None:
            scan.stale.add(person_id)
            if len(scan.stale) > max(STALE_MOST, len(scan.ids) // 32):
                self._scan = None  # built again by the next search: cheaper than the overlay

    def companies_as_loaded(self) -> LoadedCompanies | None:
        """Everyone's company and past companies (the archived left out) as the index was
        built with them, for one caller: None once anyone changed, or once taken."""
        loaded, self._loaded = self._loaded, None
        return loaded

    def folded_names(self) -> dict[int, str]:
        """A copy of everyone's folded name, by id."""
        return dict(self._names)

    @property
    def prepared(self) -> bool:
        """Whether the first name match and the first search have nothing left to build."""
        return self._name_words is not None and self._scan is not None

    def prepare(
        self, names: dict[int, str] | None = None
    ) -> Callable[[], Callable[[], None]] | None:
        """What the first name match and the first search would build (the name words, the
        scan), built on another thread so that the letter typed first does not wait for them
        (336 ms and 78 ms at 100,000 people). Call the result on that thread: it builds them
        from a copy of everyone's text taken now, and returns what to call back on this one to
        put them in use, brought up to date with whoever changed meanwhile. None when there is
        nothing left to build. `names` is a copy of folded_names() taken now, if the caller
        has one already."""
        if self.prepared:
            return None
        names = self.folded_names() if names is None else names
        others = dict(self._others)
        want_words, want_scan = self._name_words is None, self._scan is None
        since = self._since_copy = set()

        def build() -> Callable[[], None]:
            words = NameWords(names) if want_words else None
            scan = _Scan(names, others) if want_scan else None

            def adopt() -> None:
                if self._since_copy is not since:
                    return  # copied again since: that build's answer is the one to take
                self._since_copy = None
                # Either may have been built here meanwhile, by a match or a search.
                if words is not None and self._name_words is None:
                    for pid in since:
                        name = self._names.get(pid)
                        if name is None:
                            words.drop(pid)
                        else:
                            words.put(pid, name)
                    self._name_words = words
                if scan is not None and self._scan is None:
                    scan.stale.update(since)
                    if len(scan.stale) <= max(STALE_MOST, len(scan.ids) // 32):
                        self._scan = scan

            return adopt

        return build

    def _order_key(self, person_id: int) -> tuple[str, int]:
        return self._names[person_id], person_id

    def _unorder(self, person_id: int) -> None:
        """Take someone out of the name order (before their name changes, or they go)."""
        order = self._order
        if order is None or person_id not in self._names:
            return
        at = bisect.bisect_left(order, self._order_key(person_id), key=self._order_key)
        if at < len(order) and order[at] == person_id:
            del order[at]
        else:  # never expected; sorting again is always right
            self._order = None

    def _reorder(self, person_id: int) -> None:
        """Put someone back in the name order under their new name: a bisection and a move
        of the list's tail, until enough changed (an import) that sorting again is cheaper."""
        order = self._order
        if order is None:
            return
        self._reordered += 1
        if self._reordered > REORDER_MOST:
            self._order = None
            return
        bisect.insort(order, person_id, key=self._order_key)

    def _name_order(self) -> list[int]:
        """Everyone's id by folded name, then id: the order within each rank of a search."""
        order = self._order
        if order is None:
            names = self._names
            # Sorted by id, then by name: the sort is stable, so equal names stay by id.
            order = self._order = sorted(sorted(names), key=names.__getitem__)
            self._reordered = 0
        return order

    def name_matches(
        self, query: str, *, include_archived: bool = False, exclude: Collection[int] = ()
    ) -> NameMatches:
        """Everyone whose name matches the query, typos tolerated (see NameWords.matches)."""
        words = self._name_words
        if words is None:
            words = self._name_words = NameWords(self._names)
        skip: Collection[int] = exclude
        if not include_archived and self._archived:
            skip = self._archived | set(exclude) if exclude else self._archived
        return words.matches(query, skip=skip)

    def ranked(
        self,
        query: str,
        *,
        limit: int | None = None,
        include_archived: bool = False,
        archived_only: bool = False,
    ) -> list[int]:
        """Ids of the people matching every word: by rank (name prefix first, see NAME_PREFIX
        and the rest), then by folded name, then by id; everyone by name for no words.
        `archived_only`: the archived people among them."""
        words = tuple(fold(query).split())
        found = self._find(words).ranked if words else self._name_order()
        if archived_only:
            return list(itertools.islice(filter(self._archived.__contains__, found), limit))
        if include_archived or not self._archived:
            return found[:limit]
        return list(
            itertools.islice(itertools.filterfalse(self._archived.__contains__, found), limit)
        )

    def _find(self, words: tuple[str, ...]) -> _Found:
        """The matches of a query, from the narrowest recent query it extends if any."""
        recent = self._recent
        found = recent.get(words)
        if found is None:
            everyone = len(self._names)
            wider = [f.by_name for w, f in recent.items() if extends(words, w)]
            narrowest = min(wider, key=len, default=None)
            pool: Iterable[int]
            if narrowest is not None and len(narrowest) <= everyone // 8:
                pool = narrowest
            else:
                # No recent query narrows this one enough: who has its longest word at all.
                having = self._having(max(words, key=len))
                base = self._name_order() if narrowest is None else narrowest
                if having is None:
                    pool = base
                elif len(having) > everyone // 8:
                    pool = [pid for pid in base if pid in having]
                else:
                    pool = sorted(sorted(having), key=self._names.__getitem__)
            found = self._rank(words, pool)
        # Kept: the queries this one extends, the ones backspacing goes back to.
        kept = {w: f for w, f in recent.items() if w != words and extends(words, w)}
        while len(kept) >= RECENT_MOST:
            del kept[next(iter(kept))]
        kept[words] = found
        self._recent = kept
        return found

    def _having(self, word: str) -> set[int] | None:
        """Everyone whose name or other text has `word`; None for a single letter, which
        nearly everyone has: ranking everyone is then cheaper than finding them first."""
        if len(word) < 2:
            return None
        names, others = self._names, self._others
        scan = self._scan
        if scan is None:
            scan = self._scan = _Scan(names, others)
        # Each line found costs a little Python; past a quarter of everyone, one comprehension
        # a field is cheaper.
        most = max(STALE_MOST, len(scan.ids) // 4)
        in_names = scan.names.lines_with(word, most)
        in_others = scan.others.lines_with(word, most) if in_names is not None else None
        if in_names is None or in_others is None:
            found = {pid for pid, name in names.items() if word in name}
            found.update([pid for pid, other in others.items() if word in other])
            return found
        ids = scan.ids
        found = {ids[line] for line in itertools.chain(in_names, in_others)}
        if scan.stale:
            found -= scan.stale
            found.update(
                pid
                for pid in scan.stale
                if pid in names and (word in names[pid] or word in others[pid])
            )
        return found

    def _rank(self, words: tuple[str, ...], pool: Iterable[int]) -> _Found:
        """Who of `pool` (by name) matches every word, and how well: every word in the name
        (the whole query starting it, else its first word starting a word of it, else just
        inside it) before every word in the name or the other fields (each starting a word of
        the other fields, else anywhere)."""
        names, others = self._names, self._others
        by_rank: tuple[list[int], ...] = ([], [], [], [], [])
        by_name: list[int] = []
        keep = by_name.append
        first = words[0]
        spaced_first = f" {first}"
        if len(words) == 1:
            # One word, as most queries are: the same rule without the loops over words.
            for pid in pool:
                name = names[pid]
                if first in name:
                    if name.startswith(first):
                        rank = NAME_PREFIX
                    elif spaced_first in name:
                        rank = NAME_WORD_PREFIX
                    else:
                        rank = NAME_SUBSTRING
                else:
                    other = others[pid]
                    if first not in other:
                        continue
                    starts = other.startswith(first) or spaced_first in other
                    rank = OTHER_WORD if starts else OTHER_FIELD
                keep(pid)
                by_rank[rank].append(pid)
            return _Found(by_name, list(itertools.chain.from_iterable(by_rank)))
        phrase = " ".join(words)
        spaced = [(word, f" {word}") for word in words]
        for pid in pool:
            name = names[pid]
            for word in words:
                if word not in name:
                    break
            else:
                if name.startswith(phrase):
                    rank = NAME_PREFIX
                elif name.startswith(first) or spaced_first in name:
                    rank = NAME_WORD_PREFIX
                else:
                    rank = NAME_SUBSTRING
                keep(pid)
                by_rank[rank].append(pid)
                continue
            other = others[pid]
            for word in words:
                if word not in name and word not in other:
                    break
            else:
                rank = OTHER_WORD
                for word, spaced_word in spaced:
                    if not other.startswith(word) and spaced_word not in other:
                        rank = OTHER_FIELD
                        break
                keep(pid)
                by_rank[rank].append(pid)
        return _Found(by_name, list(itertools.chain.from_iterable(by_rank)))

    # The search cache: the folded index plus what the shell prints, one JSON array a line, so
    # `notebook find` can answer without loading (or even parsing) the notebook file.

    def to_cache(self, people: Mapping[int, Person]) -> bytes:
        dumps = orjson.dumps
        return b"\n".join(
            dumps([pid, pid in self._archived, name, self._others[pid], p.name, p.role, p.emails])
            for pid, name in self._names.items()
            for p in (people[pid],)
        )

    @classmethod
    def from_cache(cls, payload: bytes) -> tuple[PersonIndex, dict[int, Shown]]:
        index = cls()
        shown: dict[int, Shown] = {}
        for line in payload.splitlines():
            pid, archived, name, others, display, role, emails = orjson.loads(line)
            index._names[pid] = name
            index._others[pid] = others
            if archived:
                index._archived.add(pid)
            shown[pid] = Shown(display, role, tuple(emails))
        return index, shown

    def archived_count(self) -> int:
        return len(self._archived)

    def folded_name(self, person_id: int) -> str:
        return self._names[person_id]


@dataclass(frozen=True, slots=True)
class LoadedCompanies:
    """Who works where and worked where, as parallel lists: `works_ids[n]` works at
    `works[n]` (people without a company left out), `worked_ids[n]` worked at `worked[n]`
    (each past company as listed); archived people are left out. Equal spellings are one
    string object, so grouping them reads each spelling once."""

    works_ids: list[int]
    works: list[str]
    worked_ids: list[int]
    worked: list[str]


def extends(query: Sequence[str], earlier: Sequence[str]) -> bool:
    """Whether every match of the words `query` matches the words `earlier`: each earlier word
    is inside a word of the query ("hann" in "hannah"), so whatever holds the query's word
    holds it too. More letters, more words, or a word typed in front all extend a query."""
    return all(any(old in new for new in query) for old in earlier)


@dataclass(frozen=True, slots=True)
class _Found:
    """A query's matches, by name (what a longer query narrows) and in the search's order."""

    by_name: list[int]
    ranked: list[int]


class _Lines:
    """Texts as one string, a line each, to find a word in all of them with one C loop."""

    def __init__(self, texts: list[str]) -> None:
        self.text = "\n".join(texts)
        # Where each line starts, and one past the end: lengths summed, plus a newline each.
        lengths = itertools.accumulate(map(len, texts), initial=0)
        self.starts = array("q", map(operator.add, lengths, itertools.count()))

    def lines_with(self, word: str, most: int) -> list[int] | None:
        """The lines holding `word` (which never holds a newline), or None past `most`."""
        text, starts = self.text, self.starts
        find, line_of = text.find, bisect.bisect_right
        found: list[int] = []
        at = find(word)
        while at >= 0:
            line = line_of(starts, at) - 1
            found.append(line)
            if len(found) > most:
                return None
            at = find(word, starts[line + 1])  # the next line: one hit a line is enough
        return found


class _Scan:
    """Everyone's folded names and other text, a string each, so that finding who has a word
    is a C-speed search of the string, not a Python loop over 30,000 people. People changed
    since it was built are `stale`: their lines are passed over and their text read instead."""

    def __init__(self, names: Mapping[int, str], others: Mapping[int, str]) -> None:
        self.ids = list(names)
        self.names = _Lines(list(names.values()))
        self.others = _Lines([others[pid] for pid in self.ids])
        self.stale: set[int] = set()


# -- names, typos tolerated ------------------------------------------------------------------------
# One rule for "who does this typed name mean", used by the picker, the shell, "Met via" and the
# palette. Each typed word is matched against the words of each name; only names are read, never
# notes or companies, so "Ana" cannot mean whoever once baked banana bread.

# How well one typed word matches one word of a name.
EQUAL = 1.0  # the same word
PREFIX = 0.9  # the start of it: typing is still under way
TYPO = 0.8  # the whole word, within the edits allowed for its length (0.1 less per extra edit)
TYPO_PREFIX = 0.75  # the start of it, with a typo
LOOSE = 0.5  # one edit more than allowed: only ever a suggestion
# The words' mean is weighted so that a name starting with the typed words, in order, is a
# little better than the same words elsewhere in it; the whole name typed scores 1.
WORD_WEIGHT = 0.9
IN_ORDER_BONUS = 0.05
EXACT = 1.0

_NOT_WORD = re.compile(r"[\W_]+")
_LAST = "\U0010ffff"  # sorts after any character a name holds: the end of a prefix range


def typo_tolerance(length: int) -> int:
    """Edits (a transposition counts as one) a typed word of this length may be off by: none
    for the shortest words, where one edit turns a name into another ("ana", "ada")."""
    if length <= 3:
        return 0
    return 1 if length <= 7 else 2


def name_words(folded_name: str) -> list[str]:
    """The words a name can be found by: each word as written, and for "o'brien" or
    "jean-luc" also "obrien", and "brien", "jean", "luc"."""
    words = folded_name.split()
    if all(word.isalnum() for word in words):
        return list(dict.fromkeys(words))  # most names: nothing but letters
    forms: list[str] = []
    for word in words:
        forms.append(word)
        if not word.isalnum():
            forms.append(_NOT_WORD.sub("", word))
            forms.extend(_NOT_WORD.split(word))
    return [form for form in dict.fromkeys(forms) if form]


@dataclass(frozen=True, slots=True)
class NameMatches:
    """People whose names match a typed name, with how well. Plain dicts and sets rather than
    an object per person: a one-letter query matches thousands of the 30,000."""

    scores: dict[int, float]  # person → 1.0 for the whole name exactly, less for less
    close: bool  # every typed word matched each of them, typos within what is tolerated;
    # when False, nobody was that close and these are looser suggestions
    typos: set[int]  # close matches that needed a typo: not to be taken without asking


NO_MATCHES = NameMatches({}, False, set())


class NameWords:
    """Name words → people, with the vocabulary sorted for prefix lookups and cut to each
    typed length for typo'd starts of words. Kept up to date person by person; the sorted
    views are rebuilt only when a word new to the notebook appears."""

    def __init__(self, names: Mapping[int, str] | None = None) -> None:
        # rapidfuzz loads with the index (the first name match), not on the first typo: that
        # keystroke would otherwise wait 20 ms or more for it.
        import rapidfuzz.distance.OSA
        import rapidfuzz.process  # noqa: F401

        self._names: dict[int, str] = {}
        self._people_of: dict[str, set[int]] = {}
        self._first_of: dict[str, set[int]] = {}  # by the first word of their name, as written
        self._sorted: list[str] | None = None
        # typed length → (the longer words cut to it, the full words each cut stands for)
        self._cut: dict[int, tuple[list[str], list[list[str]]]] = {}
        # All at once on the first match: 30,000 names in a few tens of milliseconds.
        people_of: defaultdict[str, set[int]] = defaultdict(set)
        first_of: defaultdict[str, set[int]] = defaultdict(set)
        for pid, name in (names or {}).items():
            name = " ".join(name.split())
            self._names[pid] = name
            if name:
                words = name.split(" ")
                first_of[words[0]].add(pid)
                if not name.replace(" ", "").isalnum():
                    words = name_words(name)
                for word in words:
                    people_of[word].add(pid)
        self._people_of.update(people_of)
        self._first_of.update(first_of)

    def put(self, person_id: int, folded_name: str) -> None:
        folded_name = " ".join(folded_name.split())
        if self._names.get(person_id) == folded_name:
            return
        self.drop(person_id)
        self._names[person_id] = folded_name
        if folded_name:
            self._first_of.setdefault(folded_name.partition(" ")[0], set()).add(person_id)
        people_of = self._people_of
        for word in name_words(folded_name):
            found = people_of.get(word)
            if found is None:
                people_of[word] = {person_id}
                self._sorted = None
                self._cut.clear()
            else:
                found.add(person_id)

    def drop(self, person_id: int) -> None:
        name = self._names.pop(person_id, None)
        if name is None:
            return
        if name:
            self._first_of[name.partition(" ")[0]].discard(person_id)
        for word in name_words(name):
            # A word nobody has any more stays in the vocabulary, matching nobody.
            self._people_of[word].discard(person_id)

    def _vocabulary(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self._people_of)
        return self._sorted

    def _cut_to(self, length: int) -> tuple[list[str], list[list[str]]]:
        cut = self._cut.get(length)
        if cut is None:
            groups: dict[str, list[str]] = {}
            for word in self._vocabulary():
                if len(word) > length:
                    groups.setdefault(word[:length], []).append(word)
            cut = self._cut[length] = (list(groups), list(groups.values()))
        return cut

    def _typos(self, typed: str, edits_from: int, edits_to: int) -> Iterator[tuple[str, int, bool]]:
        """(vocabulary word, edits, whole word?) for words `typed` is off by edits_from to
        edits_to edits from, as a whole word or as the start of a longer one."""
        # Imported here, not at the top: `notebook find` never matches names, and rapidfuzz
        # takes 20 ms to load.
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        # C loops over the vocabulary: tens of thousands of words in a millisecond or two.
        for word, edits, _ in process.extract(
            typed, self._vocabulary(), scorer=OSA.distance, score_cutoff=edits_to, limit=None
        ):
            if edits >= edits_from:
                yield word, int(edits), True
        starts, full_words = self._cut_to(len(typed))
        for _, edits, at in process.extract(
            typed, starts, scorer=OSA.distance, score_cutoff=edits_to, limit=None
        ):
            if edits >= edits_from:
                for word in full_words[at]:
                    yield word, int(edits), False

    def _starting(self, typed: str) -> list[str]:
        """The vocabulary's words that start with `typed` (or are it)."""
        vocabulary = self._vocabulary()
        start = bisect.bisect_left(vocabulary, typed)
        return vocabulary[start : bisect.bisect_left(vocabulary, typed + _LAST, lo=start)]

    def _word_qualities(self, typed: str) -> dict[str, float]:
        """Vocabulary words → how closely `typed` matches them (close matches only)."""
        found: dict[str, float] = {}
        for word in self._starting(typed):
            found[word] = EQUAL if word == typed else PREFIX
        allowed = typo_tolerance(len(typed))
        if allowed:
            for word, edits, whole in self._typos(typed, 1, allowed):
                q = (TYPO if whole else TYPO_PREFIX) - 0.1 * (edits - 1)
                if q > found.get(word, 0.0):
                    found[word] = q
        return found

    def _people_qualities(self, words: Mapping[str, float]) -> dict[int, float]:
        """Person → the best quality among the words of their name."""
        people_of = self._people_of
        best: dict[int, float] = {}
        # Best words first, so each person is set once, by their best word.
        for word, _ in sorted(words.items(), key=lambda wq: -wq[1]):
            for pid in people_of[word]:
                if pid not in best:
                    best[pid] = words[word]
        return best

    def matches(self, query: str, *, skip: Collection[int] = ()) -> NameMatches:
        """Everyone whose name has every typed word (or the start of it), typos tolerated:
        one edit in words of four to seven letters, two in longer ones, none in shorter.
        When nobody is that close: suggestions, whose names have one edit more in a word, or
        most of the typed words (one of them at least three letters long)."""
        words = fold(query).split()
        if not words:
            return NO_MATCHES
        per_word = [self._people_qualities(self._word_qualities(w)) for w in words]
        if len(words) == 1:
            found = self._one_word(words[0], per_word[0], skip)
            return found if found.scores else self._suggestions(words, per_word, skip)
        phrase = " ".join(words)
        names = self._names
        count = len(words)
        scores: dict[int, float] = {}
        typos: set[int] = set()
        # Every word must match: start from the word matching the fewest people.
        first, *rest = sorted(per_word, key=len)
        for pid, q in first.items():
            if pid in skip:
                continue
            total = weakest = q
            for qualities in rest:
                other = qualities.get(pid)
                if other is None:
                    break
                total += other
                weakest = min(weakest, other)
            else:
                name = names[pid]
                if name == phrase:
                    scores[pid] = EXACT
                    continue
                score = WORD_WEIGHT * total / count
                if name.startswith(phrase):
                    score += IN_ORDER_BONUS
                scores[pid] = round(score, 4)
                if weakest < PREFIX:
                    typos.add(pid)
        if scores:
            return NameMatches(scores, True, typos)
        return self._suggestions(words, per_word, skip)

    def _one_word(
        self, typed: str, qualities: dict[int, float], skip: Collection[int]
    ) -> NameMatches:
        """`matches` for a single typed word, person by person only where it must be: one
        letter matches thousands of people on every keystroke."""
        weights = {q: round(WORD_WEIGHT * q, 4) for q in set(qualities.values())}
        scores = {pid: weights[q] for pid, q in qualities.items()}
        # In order: the first word of their name starts with it.
        first_of = self._first_of
        for word in self._starting(typed):
            for pid in first_of.get(word, ()):
                scores[pid] = round(scores[pid] + IN_ORDER_BONUS, 4)
        names = self._names
        for pid in first_of.get(typed, ()):
            if names[pid] == typed:
                scores[pid] = EXACT
        for pid in scores.keys() & skip if skip else ():
            del scores[pid]
        typos = {pid for pid, q in qualities.items() if q < PREFIX and pid in scores}
        return NameMatches(scores, True, typos)

    def _suggestions(
        self, words: list[str], per_word: list[dict[int, float]], skip: Collection[int]
    ) -> NameMatches:
        """Nobody is close: people whose names have every typed word but with one edit more
        than tolerated in some, or most of the typed words, at least one of them three
        letters or more ("just a thought" suggests nobody for its "a")."""
        count = len(words)
        scores: dict[int, float] = {}
        loose_per_word: list[dict[int, float]] = []
        for typed in words:
            allowed = typo_tolerance(len(typed))
            loose: dict[int, float] = {}
            if len(typed) >= 3:
                # Whole words only: a loose start of a word is a guess ("just" → "cost…").
                extra = {
                    w: LOOSE
                    for w, _, whole in self._typos(typed, allowed + 1, allowed + 1)
                    if whole
                }
                loose = self._people_qualities(extra)
            loose_per_word.append(loose)
        first_close, first_loose = per_word[0], loose_per_word[0]
        for pid in first_close.keys() | first_loose.keys():
            if pid in skip:
                continue
            qualities = [
                c.get(pid) or n.get(pid) for c, n in zip(per_word, loose_per_word, strict=True)
            ]
            if all(qualities):
                scores[pid] = round(WORD_WEIGHT * sum(q or 0.0 for q in qualities) / count, 4)
        needed = (count + 1) // 2
        long_words = [q for w, q in zip(words, per_word, strict=True) if len(w) >= 3]
        for pid in set().union(*long_words):
            if pid in skip:
                continue
            matched = [q[pid] for q in per_word if pid in q]
            if len(matched) >= needed:
                score = round(WORD_WEIGHT * sum(matched) / count, 4)
                scores[pid] = max(score, scores.get(pid, 0.0))
        return NameMatches(scores, False, set())

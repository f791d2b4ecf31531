"""Referral answers from the view model's indexes are the answers the whole graph gave.

`FullGraph` is the engine as it was before queries were answered from the view model's own
indexes: it indexed everyone and every tie up front. Every query below, on the demo notebook
and on random notebooks (before and after random writes), must give exactly its answer.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from notebook import dates
from notebook.graph import (
    _SCORE_DIGITS,
    COMPLETIONS,
    PAST_FACTOR,
    PATHS_PER_TARGET,
    STALE_BELOW,
    PathEdge,
    ReferralPath,
    ReferralResult,
    ReferralTarget,
    Resolution,
    Talks,
    Warmth,
    _commonest,
    _contact,
    _count,
    _first_name,
    _get_or_empty,
    _natural,
    _next_step,
    _phrase,
    _Raw,
    _role,
    _Target,
    _warmth_value,
    normalise_company,
    tie_weight,
    warmth_label,
    warmth_of,
)
from notebook.records import Interaction, Person, Tie, told_apart
from notebook.search import fold
from notebook.viewmodel import Notebook

TODAY = date(2026, 11, 25)


class FullGraph:
    """The engine as it was: everyone, their ties and their companies, indexed up front.

    Only the indexing and the search are this copy's own; the rules (normalisation, warmth,
    ranking, wording) are notebook.graph's.
    """

    def __init__(
        self,
        people: Iterable[Person],
        ties: Iterable[Tie],
        talks: Talks,
        *,
        today: date,
        is_stale: Callable[[int], bool] | None = None,
    ) -> None:
        self.today = today
        self._talks: Callable[[int], Iterable[date]] = (
            functools.partial(_get_or_empty, talks) if isinstance(talks, Mapping) else talks
        )
        self._is_stale = is_stale
        self._people: dict[int, Person] = {}
        self._folded: dict[int, str] = {}
        self._by_name: defaultdict[str, list[int]] = defaultdict(list)
        self._works: defaultdict[str, list[int]] = defaultdict(list)
        self._worked: defaultdict[str, list[int]] = defaultdict(list)
        # The person's own spelling of a past company, for "worked at ..." wording.
        self._past_spelling: dict[tuple[int, str], str] = {}
        # Tags and titles as written -> who has them: far fewer distinct roles than people.
        self._role_people: defaultdict[str, list[int]] = defaultdict(list)
        self._warmth: dict[int, Warmth] = {}
        self._weight: dict[int, float] = {}
        self._ago: dict[date, str] = {}
        keys: dict[str, str] = {}
        spellings: Counter[str] = Counter()
        people_of = self._people
        folded_of = self._folded
        by_name = self._by_name
        works, worked = self._works, self._worked
        past_spelling = self._past_spelling
        role_people = self._role_people
        for person in people:
            pid = person.id
            if pid is None or person.archived:
                continue
            people_of[pid] = person
            folded = fold(person.name)
            folded_of[pid] = folded
            by_name[folded].append(pid)
            here = ""
            company = person.company
            if company:
                here = keys.get(company) or keys.setdefault(company, normalise_company(company))
                works[here].append(pid)
                spellings[company] += 1
            for company in person.past_companies:
                key = keys.get(company) or keys.setdefault(company, normalise_company(company))
                if key == here or (pid, key) in past_spelling:
                    continue
                past_spelling[(pid, key)] = company
                worked[key].append(pid)
                spellings[company] += 1
            for role in person.tags:
                role_people[role].append(pid)
            if person.title:
                role_people[person.title].append(pid)
        self._adjacent: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
        self._ties: dict[tuple[int, int], Tie] = {}
        for tie in ties:
            a, b = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
            if a == b or a not in people_of or b not in people_of or (a, b) in self._ties:
                continue
            weight = tie_weight(tie.strength)
            self._ties[(a, b)] = tie
            self._adjacent[a].append((b, weight))
            self._adjacent[b].append((a, weight))
        by_key: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for spelling, count in spellings.items():
            by_key[keys[spelling]][spelling] = count
        self._company_names = {key: _commonest(counts) for key, counts in by_key.items()}
        self._company_keys = sorted(self._company_names)
        self._completions: list[tuple[int, str, str, str, str]] | None = None

    # -- lookups ---------------------------------------------------------------------------------

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._people

    def __len__(self) -> int:
        return len(self._people)

    def forget_warmth(self) -> None:
        """Conversations changed: warmth is worked out again as queries need it."""
        self._warmth.clear()
        self._weight.clear()

    def warmth(self, person_id: int) -> Warmth:
        """The warmth of my link to someone in the graph (computed once, then remembered)."""
        found = self._warmth.get(person_id)
        if found is None:
            person = self._people[person_id]
            today = self.today
            last, recent = _contact(self._talks(person_id), today)
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
            last, recent = _contact(self._talks(person_id), self.today)
            connected = self._people[person_id].connected_on is not None
            found = self._weight[person_id] = _warmth_value(last, recent, connected, self.today)
        return found

    def company_name(self, text: str) -> str | None:
        """How the notebook usually spells this company, or None if nobody is linked to it."""
        return self._company_names.get(normalise_company(text))

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
            if person is None:
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
        ranked.sort(key=lambda r: (-round(r[0], _SCORE_DIGITS), not r[1], folded[r[2]], r[2]))
        chosen = ranked if limit is None else ranked[: max(0, limit)]
        spelled = [
            (score, current, pid, detail, self._best_paths(pid, per_target, direct=direct))
            for score, current, pid, detail in chosen
        ]
        # Namesakes shown in one answer are told apart (told_apart), written out here anew.
        shown = [pid for *_, pid, _, _ in spelled]
        shown += [p for *_, paths in spelled for _, people in paths for p in people]
        counts = Counter(folded[p] for p in set(shown))
        named = {
            p: told_apart(self._people[p]) if counts[folded[p]] > 1 else self._people[p].name
            for p in shown
        }
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

    def _resolve(self, text: str) -> tuple[Resolution, list[_Target]]:
        clean = " ".join(text.split())
        if not clean:
            return Resolution("company", "", False), []
        key = normalise_company(clean)
        if key in self._company_names:
            return self._company(key)
        named = self._by_name.get(fold(clean))
        if named:
            people = sorted(named)
            name = self._people[people[0]].name
            return (
                Resolution("person", name, True),
                [(pid, True, _role(self._people[pid])) for pid in people],
            )
        needle = " " + _phrase(clean)
        if needle != " ":
            tagged: set[int] = set()
            for role, pids in self._role_people.items():
                if needle in " " + _phrase(role):
                    tagged.update(pids)
            if tagged:
                return (
                    Resolution("tag", clean, True),
                    [(pid, True, _role(self._people[pid])) for pid in sorted(tagged)],
                )
        prefixed = self._companies_starting(key, most=20)
        if len(prefixed) == 1:
            return self._company(prefixed[0])
        names = tuple(self._company_names[k] for k in sorted(prefixed, key=_natural)[:4])
        return Resolution("company", clean, False, names), []

    def _company(self, key: str) -> tuple[Resolution, list[_Target]]:
        name = self._company_names[key]
        targets: list[_Target] = [
            (pid, True, _role(self._people[pid])) for pid in self._works.get(key, ())
        ]
        for pid in self._worked.get(key, ()):
            now = _role(self._people[pid])
            detail = f"worked at {self._past_spelling[(pid, key)]}"
            targets.append((pid, False, f"{detail}; now {now}" if now else detail))
        return Resolution("company", name, True), targets

    def _companies_starting(self, key: str, *, most: int) -> list[str]:
        """Up to `most` company keys starting with the whole words of `key`."""
        keys = self._company_keys
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
        for b, b_to_target in adjacent.get(target, ()):
            score = weight(b) * b_to_target
            if score > best:
                best = score
            for a, a_to_b in adjacent.get(b, ()):
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
        for b, b_to_target in adjacent.get(target, ()):
            found.append((weight(b) * b_to_target, (b, target)))
            for a, a_to_b in adjacent.get(b, ()):
                if a != target:
                    found.append((weight(a) * a_to_b * b_to_target, (a, b, target)))
        if direct:
            # The direct message is always possible, so an intro scoring below it is no help.
            floor = round(weight(target), _SCORE_DIGITS)
            found = [f for f in found if round(f[0], _SCORE_DIGITS) > floor]
            found.append((weight(target), (target,)))
        if len(found) <= 1:
            return found
        folded = self._folded.__getitem__
        return heapq.nsmallest(
            keep,
            found,
            key=lambda f: (-round(f[0], _SCORE_DIGITS), tuple(map(folded, f[1])), f[1]),
        )

    # -- wording ---------------------------------------------------------------------------------

    def _path(
        self, people: tuple[int, ...], score: float, detail: str, named: dict[int, str]
    ) -> ReferralPath:
        names = tuple(named[p] for p in people)
        first = people[0]
        warmth = self.warmth(first)
        edges = [PathEdge(None, first, warmth.value, f"{warmth.phrase}, {warmth.label}")]
        for x, y in itertools.pairwise(people):
            tie = self._ties[(x, y) if x < y else (y, x)]
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

        for key in self._company_keys:
            # By key, so "Acme Robotics, Inc." ("acme robotics") precedes "Acme Robotics 2".
            add(0, self._company_names[key], key)
        for folded, pids in self._by_name.items():
            add(1, self._people[min(pids)].name, _phrase(folded))
        roles: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for role, pids in self._role_people.items():
            roles[fold(role)][role] += len(pids)
        for folded, counts in roles.items():
            add(2, _commonest(counts), _phrase(folded))
        self._completions = entries
        return entries


# -- the comparisons ---------------------------------------------------------------------------


def full_graph(notebook: Notebook) -> FullGraph:
    """The whole graph, built up front from the notebook as it is now."""
    return FullGraph(
        notebook.people.iter(),
        notebook.ties.all(),
        lambda pid: [i.day for i in notebook.conversations.timeline(pid)],
        today=notebook.today,
        is_stale=notebook.referrals._is_stale,
    )


def texts_for(people: Iterable[Person]) -> list[str]:
    """Every way a query could name someone in these people: companies as written and as
    typed, names, first names, tags, titles and their words, starts of them, and nonsense."""
    texts = {"", "   ", "nobody at all", "zzz", "a", "ac", "acme", "acme rob", "the", "inc."}
    for p in people:
        texts.update((p.name, p.name.upper(), p.name.split()[0], f"  {p.name.lower()} "))
        for company in (p.company, *p.past_companies):
            if company:
                words = company.split()
                texts.update((company, company.lower(), words[0], f"{company} Inc.", company[:4]))
        for role in (*p.tags, p.title):
            texts.update((role, role.upper(), *role.split()))
    return sorted(texts)


def assert_same(notebook: Notebook, texts: Iterable[str], ids: Iterable[int] = ()) -> int:
    """Every query, asked both ways, gets the same answer; returns how many were compared."""
    old = full_graph(notebook)
    new = notebook.referrals._engine()
    compared = 0
    for text in texts:
        assert notebook.referrals.find(text) == old.paths(text), text
        assert notebook.referrals.find(text, limit=2) == old.paths(text, limit=2), text
        assert new.paths(text, direct=False, per_target=20) == old.paths(
            text, direct=False, per_target=20
        ), text
        assert new.resolve_target(text) == old.resolve_target(text), text
        assert new.company_name(text) == old.company_name(text), text
        for prefix in {text[:1], text[:2], text[:5], text}:
            assert notebook.referrals.completions(prefix) == old.completions(prefix), prefix
        assert new.completions(text[:2], limit=50) == old.completions(text[:2], limit=50), text
        compared += 1
    for pid in ids:
        assert new.paths(pid) == old.paths(pid), pid
        assert new.paths(pid, direct=False) == old.paths(pid, direct=False), pid
        compared += 1
    return compared


def test_the_demo_notebook_answers_as_the_whole_graph_did(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    people = list(notebook.people.iter())
    ids = [p.id or 0 for p in people] + [max(p.id or 0 for p in people) + 1]
    assert assert_same(notebook, texts_for(people), ids) > 300
    assert any(notebook.referrals.find(t).targets for t in texts_for(people))


# -- random notebooks ------------------------------------------------------------------------

COMPANIES = (
    "Acme Robotics, Inc.|ACME Robotics|acme robotics llc|Acme Widgets|Acme Widgets 2|"
    "Acme Widgets 10|Globex|Globex Corporation|The Globex Company|Initech|Initech GmbH|"
    "Margie's Travel|Margies Travel|Procter & Gamble Co.|AT&T Inc.|Ünïcode Labs|Unicode Labs"
).split("|")
FIRST = "Dana Sam José Jose Ana Zoë eve Kim Lee Émile".split()
LAST = "Nguyen Park Álvarez O'Brien Kim Lee Zed".split()
TITLES = ("Recruiter|Technical Recruiter|Hiring Manager|Engineering Manager|CTO|Designer||").split(
    "|"
)
TAGS = "recruiter|Recruiter|mentor|hiring manager|Hiring manager|college friend|acme".split("|")
RELATIONS = ("", "brother", "mentor", "former colleague")


def random_person(rng: random.Random) -> Person:
    return Person(
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        company=rng.choice(COMPANIES) if rng.random() < 0.8 else "",
        title=rng.choice(TITLES),
        past_companies=tuple(rng.choices(COMPANIES, k=rng.choice((0, 0, 1, 2, 3)))),
        tags=tuple(rng.choices(TAGS, k=rng.choice((0, 1, 1, 2)))),
        connected_on=TODAY - timedelta(days=rng.randrange(30, 2000))
        if rng.random() < 0.3
        else None,
        archived=rng.random() < 0.1,
    )


def random_tie(rng: random.Random, ids: list[int]) -> Tie:
    a, b = rng.sample(ids, 2)
    return Tie(a=a, b=b, relation=rng.choice(RELATIONS), strength=rng.randint(1, 5))


def random_day(rng: random.Random) -> date:
    # Some in the future: planned calls are not conversations yet.
    return TODAY - timedelta(days=rng.randrange(-10, 800))


def random_notebook(path: Path, rng: random.Random, people: int) -> Notebook:
    notebook = Notebook.open(path, today=TODAY)
    added = notebook.people.add_many([random_person(rng) for _ in range(people)])
    ids = [p.id or 0 for p in added]
    ties = [random_tie(rng, ids) for _ in range(people)]
    # The same two people tied twice (a file may hold that): the first tie counts.
    ties += [replace(t, relation="again", strength=6 - t.strength) for t in ties[:3]]
    talks = [
        Interaction(when=random_day(rng), people=tuple(rng.sample(ids, rng.choice((1, 1, 2)))))
        for _ in range(people * 2)
    ]
    notebook.transfer.add_records(talks, ties)
    return notebook


def random_write(notebook: Notebook, rng: random.Random) -> str:
    """One write of the kinds that change referrals; returns what it did."""
    people = sorted(p.id or 0 for p in notebook.people.iter())
    pid = rng.choice(people)
    person = notebook.people.get(pid)
    kind = rng.choice(
        ("add", "company", "past", "roles", "name", "archive", "forget", "tie", "untie", "note")
    )
    if kind == "add":
        notebook.people.add(random_person(rng))
    elif kind == "company":
        notebook.people.edit(replace(person, company=rng.choice([*COMPANIES, ""])))
    elif kind == "past":
        past = tuple(rng.choices(COMPANIES, k=rng.choice((0, 1, 2))))
        notebook.people.edit(replace(person, past_companies=past))
    elif kind == "roles":
        tags = tuple(rng.choices(TAGS, k=rng.choice((0, 1, 2))))
        notebook.people.edit(replace(person, tags=tags, title=rng.choice(TITLES)))
    elif kind == "name":
        notebook.people.edit(replace(person, name=f"{rng.choice(FIRST)} {rng.choice(LAST)}"))
    elif kind == "archive":
        notebook.people.archive(pid, not person.archived)
    elif kind == "forget":
        notebook.people.forget(pid)
    elif kind == "tie":
        tie = random_tie(rng, people)
        notebook.ties.add(tie.a, tie.b, relation=tie.relation, strength=tie.strength)
    elif kind == "untie":
        ties = notebook.ties.all()
        if ties:
            notebook.ties.remove(rng.choice(ties).id or 0)
    else:
        notebook.conversations.note([pid], when=random_day(rng), summary="catch-up")
    return kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_notebooks_answer_as_the_whole_graph_did(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    notebook = random_notebook(tmp_path / "nb.json", rng, people=80)
    try:
        people = list(notebook.people.iter())
        ids = [p.id or 0 for p in people] + [max(p.id or 0 for p in people) + 1]
        assert assert_same(notebook, texts_for(people), ids) > 100
        assert sum(bool(notebook.referrals.find(c).targets) for c in COMPANIES) > 5
    finally:
        notebook.close()


@pytest.mark.parametrize("seed", [4, 5])
def test_answers_follow_random_writes(tmp_path: Path, seed: int) -> None:
    """The indexes a query builds are kept up to date by what each write changed: after every
    write, a sample of queries still gets the whole graph's answers."""
    rng = random.Random(seed)
    notebook = random_notebook(tmp_path / "nb.json", rng, people=40)
    try:
        texts = texts_for(notebook.people.iter())
        notebook.referrals.completions("a")  # every index built before the writes start
        notebook.referrals.find("recruiter")
        kinds = Counter()
        for _ in range(60):
            kinds[random_write(notebook, rng)] += 1
            texts = sorted({*texts, *texts_for(notebook.people.iter())})
            sample = rng.sample(texts, 12)
            ids = rng.sample(sorted(p.id or 0 for p in notebook.people.iter()), 3)
            assert_same(notebook, sample, ids)
        assert len(kinds) >= 8, kinds
        # A new day moves every warmth.
        notebook._today = TODAY + timedelta(days=40)
        assert_same(notebook, rng.sample(texts, 20))
    finally:
        notebook.close()

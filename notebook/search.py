"""People search: case- and accent-insensitive, ranked with name matches first."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import orjson

from .records import Person

# Match quality, best first: the relevance order of a search. Within other fields (company,
# title, tags, notes) a word that starts there ("acme" in "Acme Robotics") beats one inside
# another word ("acme" in "Pacmeter").
NAME_PREFIX, NAME_WORD_PREFIX, NAME_SUBSTRING, OTHER_WORD, OTHER_FIELD = range(5)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents, so 'José' matches 'jose'."""
    if text.isascii():
        return text.lower()  # most text: no accents to strip, and no need to decompose
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _haystack(person: Person) -> str:
    parts = [person.company, person.title, *person.tags, *person.past_companies, person.notes]
    return fold(" ".join(p for p in parts if p))


@dataclass(frozen=True, slots=True)
class Shown:
    """What the shell prints for a search hit."""

    name: str
    role: str
    emails: tuple[str, ...]


class PersonIndex:
    """Folded text per person, kept up to date by the view model on every write."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._names: dict[int, str] = {}
        self._others: dict[int, str] = {}
        self._archived: set[int] = set()
        # Built on the first name match, then kept up to date by put and drop: opening a
        # notebook (or `notebook find`) never pays for it.
        self._name_words: NameWords | None = None
        for person in people:
            self.put(person)

    def put(self, person: Person) -> None:
        assert person.id is not None
        self._names[person.id] = fold(person.name)
        self._others[person.id] = _haystack(person)
        if person.archived:
            self._archived.add(person.id)
        else:
            self._archived.discard(person.id)
        if self._name_words is not None:
            self._name_words.put(person.id, self._names[person.id])

    def drop(self, person_id: int) -> None:
        self._names.pop(person_id, None)
        self._others.pop(person_id, None)
        self._archived.discard(person_id)
        if self._name_words is not None:
            self._name_words.drop(person_id)

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
        self, query: str, *, limit: int | None = None, include_archived: bool = False
    ) -> list[int]:
        """Ids of the people matching every word: name prefix first, then by folded name."""
        names = self._names
        archived = self._archived
        hits = sorted(
            (rank, names[pid], pid)
            for rank, pid in self.matches(query)
            if include_archived or pid not in archived
        )
        return [pid for _, _, pid in hits[:limit]]

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

    def matches(self, query: str) -> list[tuple[int, int]]:
        """(rank, person id) for everyone matching every word of the query, unsorted."""
        words = fold(query).split()
        if not words:
            return [(NAME_PREFIX, pid) for pid in self._names]
        phrase = " ".join(words)
        others = self._others
        found: list[tuple[int, int]] = []
        for pid, name in self._names.items():
            if all(w in name for w in words):
                if name.startswith(phrase):
                    rank = NAME_PREFIX
                elif name.startswith(words[0]) or f" {words[0]}" in name:
                    rank = NAME_WORD_PREFIX
                else:
                    rank = NAME_SUBSTRING
            elif all(w in name or w in others[pid] for w in words):
                other = f" {others[pid]}"
                rank = OTHER_WORD if all(f" {w}" in other for w in words) else OTHER_FIELD
            else:
                continue
            found.append((rank, pid))
        return found


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

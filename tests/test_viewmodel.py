"""The view model on real notebook files: lookups, upkeep computations, and every write, which
must show in the next lookup, persist to the file, and keep the indexes equal to a rebuild."""

from __future__ import annotations

import itertools
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notebook import dates, demo
from notebook.records import (
    DEFAULT_CADENCE_DAYS,
    FollowUp,
    Interaction,
    Person,
    ReferralAsk,
    ValidationError,
)
from notebook.store import ExternalChangeError, ReadOnlyError
from notebook.viewmodel import (
    BULK,
    RESCHEDULE_STEPS,
    NewPerson,
    Notebook,
    NotFoundError,
    due_day,
)
from notebook.words import already_here

from .shapes import small_notebook

TODAY = date(2026, 11, 25)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "nb.json"


@pytest.fixture
def nb(path: Path) -> Iterator[Notebook]:
    notebook = Notebook.open(path, today=TODAY)
    yield notebook
    notebook.close()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build(tmp_path_factory.mktemp("demo") / "demo.json", today=TODAY)


@pytest.fixture
def demo_nb(demo_path: Path) -> Iterator[Notebook]:
    notebook = Notebook.open(demo_path, read_only=True, today=TODAY)
    yield notebook
    notebook.close()


def add(nb: Notebook, name: str, **fields: Any) -> Person:
    return nb.people.add(Person(name=name, **fields))


def talk(nb: Notebook, person: Person, *days_ago: int, **fields: Any) -> list[Interaction]:
    return [
        nb.conversations.note([person.id or 0], when=ago(days), **fields).interaction
        for days in days_ago
    ]


def names(people: list[Person]) -> list[str]:
    return [p.name for p in people]


# -- consistency: the indexes equal a rebuild, in memory and from the file ------------------------


def snapshot(nb: Notebook) -> dict[str, Any]:
    """Everything a screen can ask for, keyed by id (records compare without their ids)."""
    people = nb.people.all(include_archived=True)
    per_person = {
        p.id: (
            nb.upkeep.last_contact(p.id or 0),
            nb.upkeep.last_talked(p.id or 0),
            nb.upkeep.cadence(p.id or 0),
            [i.id for i in nb.conversations.timeline(p.id or 0)],
            [(v.tie.id, v.tie, v.other.id) for v in nb.ties.of(p.id or 0)],
            [f.id for f in nb.follow_ups.open(p.id or 0)],
            p.id in {q.id for q in nb.people.search(p.name, include_archived=True)},
        )
        for p in people
    }
    return {
        "people": {p.id: p for p in people},
        "listed": [p.id for p in nb.people.all()],
        "interactions": {i.id: i for i in nb.conversations.iter()},
        "journal": [i.id for i in nb.conversations.journal()],
        "ties": {t.id: t for t in nb.ties.all()},
        "followups": {fid: nb.follow_ups.get(fid) for fid, _ in nb.store.rows("followups")},
        "open": [f.id for f in nb.follow_ups.open()],
        "stale": [(s.person.id, s.days_since, s.cadence) for s in nb.upkeep.stale()],
        "asks": {aid: ReferralAsk.from_doc(aid, d) for aid, d in nb.store.rows("asks")},
        "per_person": per_person,
        "settings": dict(nb.store.settings()),
    }


def assert_consistent(nb: Notebook) -> None:
    """The view model's indexes equal a rebuild from its store, and from the file on disk."""
    state = snapshot(nb)
    assert state == snapshot(Notebook(nb.store, today=nb.today))
    fresh = Notebook.open(nb.path, read_only=True, today=nb.today)
    try:
        assert state == snapshot(fresh)
    finally:
        fresh.close()


def reopened(nb: Notebook) -> Notebook:
    return Notebook.open(nb.path, read_only=True, today=nb.today)


# -- search ----------------------------------------------------------------------------------


def test_search_is_case_and_accent_insensitive(nb: Notebook) -> None:
    jose = add(nb, "José Núñez")
    zoe = add(nb, "Zoë Brennan")
    plain = add(nb, "Jose Plain")
    add(nb, "Someone Else")
    assert names(nb.people.search("jose")) == ["José Núñez", "Jose Plain"]
    assert names(nb.people.search("JOSÉ")) == ["José Núñez", "Jose Plain"]
    assert [p.id for p in nb.people.search("nunez")] == [jose.id]
    assert [p.id for p in nb.people.search("ZOE")] == [zoe.id]
    assert [p.id for p in nb.people.search("jose plain")] == [plain.id]
    assert nb.people.search("nobody-like-this") == []


def test_letters_with_no_accent_to_strip_are_found_as_typed_without_it(nb: Notebook) -> None:
    """Ø, Ł, Æ, Đ and the like are letters of their own to Unicode, not a letter and an accent:
    "soren lukasz" found nobody, nor "orsted" his company, in the list, the shell or Refer."""
    soren = add(nb, "Søren Łukasz", company="Ørsted A/S")
    djordje = add(nb, "Đorđe Ærøskøbing")
    assert [p.id for p in nb.people.search("soren lukasz")] == [soren.id]
    assert [p.id for p in nb.people.search("orsted")] == [soren.id]
    assert [p.id for p in nb.people.search("dorde aeroskobing")] == [djordje.id]
    assert nb.people.resolve("soren").person == soren
    assert [t.person_id for t in nb.referrals.find("orsted").targets] == [soren.id]


def test_search_matches_name_company_title_tags_past_companies_and_notes(nb: Notebook) -> None:
    add(nb, "Ann", company="Globex")
    add(nb, "Bo", title="Platform Engineer")
    add(nb, "Cy", tags=("climbing gym",))
    add(nb, "Di", notes="Met at the bakery.\nLikes rust.")
    add(nb, "Ed", past_companies=("Initech",))
    add(nb, "Fay")
    assert names(nb.people.search("globex")) == ["Ann"]
    assert names(nb.people.search("platform")) == ["Bo"]
    assert names(nb.people.search("climbing")) == ["Cy"]
    assert names(nb.people.search("bakery")) == ["Di"]
    assert names(nb.people.search("RUST")) == ["Di"]
    assert names(nb.people.search("initech")) == ["Ed"]
    assert names(nb.people.search("fay")) == ["Fay"]
    # every word must match somewhere
    assert names(nb.people.search("ann globex")) == ["Ann"]
    assert nb.people.search("ann initech") == []


def test_search_ranks_name_prefix_then_substring_then_other_fields(nb: Notebook) -> None:
    for person in (
        Person(name="Zed Quinn", company="Anaconda"),
        Person(name="Mariana Lopez"),
        Person(name="Yu Li", tags=("banana club",)),
        Person(name="Bo Ana"),
        Person(name="Xi", notes="met Ana's brother"),
        Person(name="Ana Silva"),
        Person(name="Wu", title="Analyst"),
        Person(name="Vic"),
    ):
        nb.people.add(person)
    expected = [
        "Ana Silva",  # name prefix
        "Bo Ana",  # a later word of the name starts with it
        "Mariana Lopez",  # inside the name
        "Wu",  # another field has a word starting with it (Analyst), by name
        "Xi",
        "Zed Quinn",
        "Yu Li",  # inside a word of another field (banana club)
    ]
    assert names(nb.people.search("ana")) == expected
    assert names(nb.people.search("  ANA ")) == expected
    assert names(nb.people.search("ana", limit=2)) == expected[:2]
    assert len(nb.people.search("")) == 8


def test_search_and_people_leave_out_archived_unless_asked(nb: Notebook) -> None:
    ann = add(nb, "Ann Archived")
    add(nb, "Ann Active")
    nb.people.archive(ann.id or 0)
    assert names(nb.people.search("ann")) == ["Ann Active"]
    assert names(nb.people.search("ann", include_archived=True)) == ["Ann Active", "Ann Archived"]
    assert names(nb.people.all()) == ["Ann Active"]
    assert len(nb.people.all(include_archived=True)) == 2


def test_demo_accented_names_are_found_without_accents(demo_nb: Notebook) -> None:
    accented = [p for p in demo_nb.people.iter() if not p.name.isascii()]
    assert accented, "the demo has accented names"
    for person in accented:
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", person.name) if not unicodedata.combining(c)
        )
        assert person in demo_nb.people.search(plain.lower())
        assert person in demo_nb.people.search(plain.upper())


# -- who a typed name means: one rule for the picker, "Met via", the palette and the shell ---------


def matched(nb: Notebook, text: str, **options: Any) -> list[str]:
    return [m.person.name for m in nb.people.match(text, **options)]


def test_typos_and_transpositions_still_find_the_name(nb: Notebook) -> None:
    dana = add(nb, "Dana Nguyen")
    astrid = add(nb, "Astrid Nguyen")
    hugo = add(nb, "Hugo Rossi")
    add(nb, "Dana Okafor")
    for typed, first in [
        ("dana nguyn", dana),  # a letter left out
        ("ngyuen", astrid),  # two letters swapped: both Nguyens, the rest by name
        ("hugo rosi", hugo),
        ("Dnaa nguyen", dana),
        ("DANA  NGUYN", dana),
    ]:
        (best, *_) = nb.people.match(typed)
        assert best.person == first, typed
        assert best.close and not best.confident, typed  # close, but only with a typo
    assert matched(nb, "ngyuen") == ["Astrid Nguyen", "Dana Nguyen"]
    assert matched(nb, "Dnaa") == ["Dana Nguyen", "Dana Okafor"]
    exact = nb.people.match("dana nguyen")[0]
    assert (exact.person, exact.score, exact.exact, exact.confident) == (dana, 1.0, True, True)
    # Short words get no typo allowance: "ana" is not "Ada".
    add(nb, "Ada Lovelace")
    assert all(not m.close for m in nb.people.match("ana"))


def test_equal_matches_rank_by_recent_and_frequent_talk_over_the_alphabet(nb: Notebook) -> None:
    aalto = add(nb, "Hugo Aalto")  # first by name, never talked to
    bianchi = add(nb, "Hugo Bianchi")
    rossi = add(nb, "Hugo Rossi")
    talk(nb, bianchi, 40, 50, 60)  # often, but weeks ago
    talk(nb, rossi, 2)  # once, this week
    assert matched(nb, "hugo") == ["Hugo Rossi", "Hugo Bianchi", "Hugo Aalto"]
    # In the same week, the one you talk to more comes first, even if not the latest.
    talk(nb, bianchi, 3, 1)
    talk(nb, rossi, 0)
    assert matched(nb, "hugo") == ["Hugo Bianchi", "Hugo Rossi", "Hugo Aalto"]
    # Match quality comes first: the whole name typed beats anyone's activity.
    assert matched(nb, "hugo aalto")[0] == "Hugo Aalto"
    assert [m.person.id for m in nb.people.match("hugo", limit=2)] == [bianchi.id, rossi.id]
    assert aalto.id not in [m.person.id for m in nb.people.match("hugo", limit=2)]


def test_context_breaks_ties_between_people_talked_to_alike(nb: Notebook) -> None:
    add(nb, "Sam Abbott")
    baker = add(nb, "Sam Baker")
    add(nb, "Sam Carter")
    assert matched(nb, "sam") == ["Sam Abbott", "Sam Baker", "Sam Carter"]
    assert matched(nb, "sam", context=[baker.id or 0]) == ["Sam Baker", "Sam Abbott", "Sam Carter"]
    assert matched(nb, "sam", context=[baker.id or 0], limit=1) == ["Sam Baker"]
    talk(nb, nb.people.find_by_name("Sam Carter")[0], 5)  # activity still comes before context
    assert matched(nb, "sam", context=[baker.id or 0]) == ["Sam Carter", "Sam Baker", "Sam Abbott"]


def test_only_names_are_matched_never_notes_or_companies(nb: Notebook) -> None:
    add(nb, "Bob Baker", notes="brought banana bread", company="Anaconda", tags=("ana",))
    assert nb.people.match("ana") == []
    assert nb.people.resolve("Ana").kind == "unknown"
    ana = add(nb, "Ana Silva")
    assert matched(nb, "ana") == ["Ana Silva"]
    assert nb.people.resolve("Ana").person == ana


def test_archived_people_are_matched_only_when_asked(nb: Notebook) -> None:
    gone = add(nb, "Ann Archived")
    nb.people.archive(gone.id or 0)
    add(nb, "Ann Active")
    assert matched(nb, "ann") == ["Ann Active"]
    assert matched(nb, "ann", include_archived=True) == ["Ann Active", "Ann Archived"]
    assert nb.people.resolve("ann archived").kind == "unknown"
    assert nb.people.resolve("ann archived", include_archived=True).person == replace(
        gone, archived=True, updated_at=nb.people.get(gone.id or 0).updated_at
    )


def test_a_name_means_someone_archived_only_when_nobody_active_answers_to_it(
    nb: Notebook,
) -> None:
    anna = add(nb, "Anna")
    nb.people.archive(anna.id or 0)
    ana = add(nb, "Ana")
    found = nb.people.resolve_anyone("anna")  # not the active Ana, one letter away
    assert (found.kind, found.person and found.person.id) == ("found", anna.id)
    assert nb.people.resolve_anyone("Ana").person == ana
    nb.people.archive(anna.id or 0, archived=False)
    nb.people.archive(ana.id or 0)
    assert nb.people.resolve_anyone("ana").person == nb.people.get(ana.id or 0)
    nobody = nb.people.resolve_anyone("Zed")
    assert nobody.kind == "unknown" and nobody.person is None


def test_an_archived_persons_whole_name_beats_part_of_an_active_one_and_nothing_less(
    nb: Notebook,
) -> None:
    anna = add(nb, "Anna")
    lopez = add(nb, "Anna Lopez")
    for archived in (anna, lopez):
        nb.people.archive(archived.id or 0)
    smith = add(nb, "Anna Smith")
    add(nb, "Ana Lopez")
    # As the picker offers them: the whole name first, archived or not.
    assert nb.people.resolve_anyone("anna").person == nb.people.get(anna.id or 0)
    assert nb.people.resolve_anyone("Anna Smith").person == smith
    assert nb.people.resolve_anyone("smith").person == smith
    # Part of an archived name is never taken, nor listed as a choice.
    for part in ("Anna L", "Ann"):
        answer = nb.people.resolve_anyone(part)
        assert not any(p.archived for p in (answer.person, *answer.candidates) if p), part


def test_a_namesake_is_someone_else_kept_up_with_who_has_the_whole_name(nb: Notebook) -> None:
    acme = add(nb, "Tariq Nakamura", company="Acme")
    assert not nb.people.has_namesake(acme)
    other = add(nb, "tariq  nakamura", company="Globex")  # case and spacing aside
    add(nb, "Tariq Nakamura-Smith")
    assert nb.people.has_namesake(acme) and nb.people.has_namesake(other)
    nb.people.archive(other.id or 0)
    assert not nb.people.has_namesake(acme)


def test_resolve_name_one_answer_ambiguous_or_unknown_with_suggestions(nb: Notebook) -> None:
    lee = add(nb, "Sam Lee", company="Acme")
    leeson = add(nb, "Sam Leeson")
    park = add(nb, "Sam Park")
    dana = add(nb, "Dana Nguyen")
    found = nb.people.resolve("sam lee")  # the whole name beats a longer one it starts
    assert (found.kind, found.person) == ("found", lee)
    assert nb.people.resolve("sam p").person == park  # the only one without a typo
    ambiguous = nb.people.resolve("sam")
    assert ambiguous.kind == "ambiguous" and ambiguous.person is None
    assert set(ambiguous.candidates) == {lee, leeson, park}
    typo = nb.people.resolve("Dnaa")  # one close match, but a typo is never taken as an answer
    assert (typo.kind, typo.person, typo.suggestions) == ("unknown", None, (dana,))
    loose = nb.people.resolve("Dana Smith")  # nobody close: the nearest names all the same
    assert (loose.kind, loose.suggestions) == ("unknown", (dana,))
    nobody = nb.people.resolve("Zed Quill")
    assert (nobody.kind, nobody.suggestions, nobody.candidates) == ("unknown", (), ())
    assert nb.people.resolve("  ").kind == "unknown"
    assert nb.people.resolve("sam lee", exclude=[lee.id or 0]).person == leeson


def test_part_of_a_name_is_taken_only_with_a_whole_word_of_it(nb: Notebook) -> None:
    """The shell and the one-line log show no list: "dan" taken as Dana would file a new Dan's
    conversation under her. It is a suggestion, as a typo is; a whole word of the name, with
    the start of another, still says who."""
    dana = add(nb, "Dana Nguyen")
    ann_lee, anna = add(nb, "Ann Lee"), add(nb, "Anna Berg")
    dan = nb.people.resolve("dan")
    assert (dan.kind, dan.person, dan.suggestions) == ("unknown", None, (dana,))
    assert nb.people.resolve("dana").person == dana
    assert nb.people.resolve("Dana N").person == dana
    assert nb.people.resolve("nguy").kind == "unknown"
    assert nb.people.resolve("dan ngu").kind == "unknown"
    # A whole word wins over the start of another name: "ann" is Ann Lee, not Anna.
    assert nb.people.resolve("ann").person == ann_lee
    assert nb.people.resolve("ann b").kind == "unknown"
    assert nb.people.resolve("anna").person == anna
    assert nb.people.resolve_anyone("dan").kind == "unknown"


def test_namesakes_are_told_apart_by_what_follows_the_name_in_brackets(nb: Notebook) -> None:
    contoso = add(nb, "John Smith", company="Contoso", location="Paris")
    initech = add(nb, "John Smith", company="Initech", title="Staff Engineer", location="Paris")
    bracketed = add(nb, "Bob (Acme)")
    assert nb.people.resolve("John Smith").kind == "ambiguous"
    assert nb.people.resolve("John Smith (Initech)").person == initech
    assert nb.people.resolve("john smith (init)").person == initech  # a word's start, any case
    assert nb.people.resolve("John Smith (staff eng)").person == initech  # or the title
    assert nb.people.resolve("John (contoso)").person == contoso
    assert nb.people.resolve("Bob (Acme)").person == bracketed  # a whole name comes first
    both = nb.people.resolve("John Smith (Paris)")  # not enough to tell: still both
    assert both.kind == "ambiguous" and set(both.candidates) == {contoso, initech}
    nobody = nb.people.resolve("John Smith (Globex)")
    assert nobody.kind == "unknown" and nobody.person is None
    # A name with brackets of its own is told apart the same way, as messages write it.
    other_bob = add(nb, "Bob", company="Acme Corp")
    bracketed = nb.people.edit(replace(bracketed, company="Globex"))
    assert nb.people.resolve("Bob (Acme) (Globex)").person == bracketed
    assert nb.people.resolve("Bob (Acme Corp)").person == other_bob


def test_a_picker_list_takes_a_namesake_told_apart_as_the_exact_match(nb: Notebook) -> None:
    add(nb, "John Smith", company="Contoso")
    initech = add(nb, "John Smith", company="Initech")
    (only,) = nb.people.match("John Smith (Initech)")
    assert only.person == initech and only.exact  # so no "new person" is offered for it
    assert {m.person.company for m in nb.people.match("John Smith")} == {"Contoso", "Initech"}
    assert not any(m.exact for m in nb.people.match("John Smith (Globex)"))


def test_namesakes_of_new_people_are_found_whatever_the_case(nb: Notebook) -> None:
    zed = add(nb, "Zed Zulu", company="Acme")
    assert nb.people.namesakes(["zed  ZULU", "Ann New"]) == {"zed  ZULU": [zed]}
    assert nb.people.namesakes(["Zed Zulu (Acme)"]) == {"Zed Zulu (Acme)": [zed]}
    assert nb.people.namesakes(["Zed Zulu (Globex)"]) == {}
    assert nb.people.namesakes([]) == {}


def test_suggestions_need_a_real_word_not_a_stray_letter(nb: Notebook) -> None:
    add(nb, "Ada Thompson")
    add(nb, "Theo Abebe")
    assert nb.people.match("just a thought") == []  # "a" alone suggests nobody
    (suggestion,) = nb.people.match("Ada Smith")
    assert suggestion.person.name == "Ada Thompson" and not suggestion.close


def test_matching_follows_every_write(path: Path, nb: Notebook) -> None:
    ann = add(nb, "Ann Lee")
    assert matched(nb, "ann") == ["Ann Lee"]  # the index is built now; writes must keep it
    nb.people.edit(replace(nb.people.get(ann.id or 0), name="Ann Park"))
    assert matched(nb, "lee") == []
    assert matched(nb, "prak") == ["Ann Park"]
    bo = add(nb, "Ann Bo")
    assert matched(nb, "ann") == ["Ann Bo", "Ann Park"]
    talk(nb, nb.people.get(ann.id or 0), 1)
    assert matched(nb, "ann") == ["Ann Park", "Ann Bo"]  # a note moves them up at once
    nb.people.forget(ann.id or 0)
    assert matched(nb, "ann") == ["Ann Bo"]
    assert matched(nb, "park") == []
    nb.conversations.note([NewPerson("Annika Zed")], when=TODAY)
    assert matched(nb, "ann") == ["Ann Bo", "Annika Zed"]  # the whole word before a start
    fresh = Notebook(nb.store, today=nb.today)  # the same answers as a rebuild
    for typed in ("ann", "anika", "bo", "zed", "park"):
        assert nb.people.match(typed) == fresh.people.match(typed), typed
    assert bo.id is not None


# -- timeline, journal, ties, follow-ups -------------------------------------------------------


def test_timeline_is_newest_first(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    bo = add(nb, "Bo")
    old, mid = talk(nb, ann, 30, 3)
    morning = nb.conversations.note([ann.id or 0], when=datetime(2026, 11, 24, 9, 0)).interaction
    evening = nb.conversations.note(
        [ann.id or 0, bo.id or 0], when=datetime(2026, 11, 24, 18, 30)
    ).interaction
    (latest,) = talk(nb, bo, 0)
    assert [i.id for i in nb.conversations.timeline(ann.id or 0)] == [
        evening.id,
        morning.id,
        mid.id,
        old.id,
    ]
    assert [i.id for i in nb.conversations.timeline(bo.id or 0)] == [latest.id, evening.id]
    assert nb.conversations.timeline(add(nb, "Nobody").id or 0) == []


def test_demo_timelines_and_journal_are_newest_first(demo_nb: Notebook) -> None:
    def key(i: Interaction) -> tuple[date, int]:
        seconds = i.when.hour * 3600 + i.when.minute * 60 if isinstance(i.when, datetime) else 0
        return (i.day, seconds)

    journal = demo_nb.conversations.journal()
    assert len(journal) == demo.DEMO.interactions
    assert all(key(a) >= key(b) for a, b in itertools.pairwise(journal))
    for person in demo_nb.people.iter():
        timeline = demo_nb.conversations.timeline(person.id or 0)
        assert all(key(a) >= key(b) for a, b in itertools.pairwise(timeline))
        assert {i.id for i in timeline} == {i.id for i in journal if person.id in i.people}


def test_journal_filters_on_people_kind_place_and_summary(nb: Notebook) -> None:
    ann = add(nb, "Ann Müller")
    bo = add(nb, "Bo")
    coffee = nb.conversations.note(
        [ann.id or 0], when=ago(2), kind="coffee", place="Fourth Coffee"
    ).interaction
    call = nb.conversations.note(
        [bo.id or 0], when=ago(1), kind="call", summary="Talked about Rust"
    ).interaction
    assert [i.id for i in nb.conversations.journal()] == [call.id, coffee.id]
    assert [i.id for i in nb.conversations.journal("muller")] == [coffee.id]
    assert [i.id for i in nb.conversations.journal("fourth")] == [coffee.id]
    assert [i.id for i in nb.conversations.journal("rust bo")] == [call.id]
    assert nb.conversations.journal("rust ann") == []


def test_ties_of_lists_the_other_person_strongest_first(nb: Notebook) -> None:
    ann, bo, cy, di = (add(nb, n) for n in ("Ann", "Bo", "Cy", "Di"))
    weak = nb.ties.add(ann.id or 0, bo.id or 0, relation="neighbour", strength=1)
    strong = nb.ties.add(cy.id or 0, ann.id or 0, relation="sister", strength=5)
    views = nb.ties.of(ann.id or 0)
    assert [(v.tie.id, v.other.name) for v in views] == [(strong.id, "Cy"), (weak.id, "Bo")]
    assert [v.other.name for v in nb.ties.of(bo.id or 0)] == ["Ann"]
    assert nb.ties.of(di.id or 0) == []
    assert nb.ties.between(ann.id or 0, cy.id or 0) == strong
    assert nb.ties.between(bo.id or 0, cy.id or 0) is None


def test_a_tie_is_found_from_either_side_and_goes_from_both_when_removed(nb: Notebook) -> None:
    hub = add(nb, "Hub")
    spokes = [add(nb, f"Spoke {n}") for n in range(6)]
    ties = [nb.ties.add(s.id or 0, hub.id or 0, strength=1 + n % 5) for n, s in enumerate(spokes)]
    lone = add(nb, "Lone")
    for spoke, tie in zip(spokes, ties, strict=True):
        # From the side with one tie and from the side with six, each way round.
        assert nb.ties.between(spoke.id or 0, hub.id or 0) == tie
        assert nb.ties.between(hub.id or 0, spoke.id or 0) == tie
        assert nb.ties.between(spoke.id or 0, lone.id or 0) is None
    assert nb.ties.between(spokes[0].id or 0, spokes[1].id or 0) is None
    assert nb.ties.between(hub.id or 0, hub.id or 0) is None
    assert sorted(nb.ties.ids_of(hub.id or 0)) == sorted(t.id or 0 for t in ties)
    nb.ties.remove(ties[2].id or 0)
    assert nb.ties.between(hub.id or 0, spokes[2].id or 0) is None
    assert list(nb.ties.ids_of(spokes[2].id or 0)) == []
    assert len(nb.ties.ids_of(hub.id or 0)) == 5
    assert_consistent(nb)


def test_a_tie_written_the_other_way_round_in_the_file_is_found(path: Path) -> None:
    """A hand-edited or merged file may hold a tie as (b, a): it is the same pair."""
    nb = Notebook.open(path, today=date(2026, 11, 25))
    try:
        ann, bo = add(nb, "Ann"), add(nb, "Bo")
        tie = nb.ties.add(ann.id or 0, bo.id or 0, relation="friend")
    finally:
        nb.close()
    data = orjson.loads(path.read_bytes())
    doc = data["ties"][str(tie.id)]
    doc["a"], doc["b"] = doc["b"], doc["a"]
    path.write_bytes(orjson.dumps(data))
    again = Notebook.open(path, read_only=True, today=date(2026, 11, 25))
    try:
        for one, other in ((ann, bo), (bo, ann)):
            found = again.ties.between(one.id or 0, other.id or 0)
            assert found is not None and found.relation == "friend"
    finally:
        again.close()


def test_open_follow_ups_sorted_overdue_first_undated_last(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    bo = add(nb, "Bo")
    pid = [ann.id or 0]
    undated = nb.follow_ups.add(pid, "someday")
    soon = nb.follow_ups.add(pid, "soon", due=TODAY + timedelta(days=3))
    very_late = nb.follow_ups.add(pid, "very late", due=ago(20))
    done = nb.follow_ups.add(pid, "done already", due=ago(30))
    nb.follow_ups.complete(done.id or 0)
    late = nb.follow_ups.add([ann.id or 0, bo.id or 0], "late", due=ago(2))
    today = nb.follow_ups.add(pid, "today", due=TODAY)
    assert [f.text for f in nb.follow_ups.open()] == [
        "very late",
        "late",
        "today",
        "soon",
        "someday",
    ]
    assert [f.id for f in nb.follow_ups.open(bo.id)] == [late.id]
    assert [f.id for f in nb.follow_ups.overdue()] == [very_late.id, late.id]
    assert {undated.id, soon.id, today.id} <= {f.id for f in nb.follow_ups.open(ann.id)}


def test_a_persons_follow_ups_due_the_same_day_stay_in_the_order_they_were_made(
    nb: Notebook,
) -> None:
    ann = add(nb, "Ann")
    resume = nb.follow_ups.add([ann.id or 0], "send resume", due=TODAY)
    nb.follow_ups.add([ann.id or 0], "send portfolio", due=TODAY)
    nb.follow_ups.edit(replace(resume, text="send resume v2"))  # its id is written again
    expected = ["send resume v2", "send portfolio"]
    assert [f.text for f in nb.follow_ups.open(ann.id)] == expected
    nb.reload()
    assert [f.text for f in nb.follow_ups.open(ann.id)] == expected


def test_demo_follow_ups_are_sorted(demo_nb: Notebook) -> None:
    open_ = demo_nb.follow_ups.open()
    assert open_ and all(f.is_open for f in open_)
    dues = [f.due for f in open_]
    dated = [d for d in dues if d is not None]
    assert dues[: len(dated)] == sorted(dated)  # dated first, soonest first, undated after
    overdue = demo_nb.follow_ups.overdue()
    assert overdue == open_[: len(overdue)]
    assert all(f.due is not None and f.due < TODAY for f in overdue)


# -- last contact, cadence, staleness ------------------------------------------------------


def test_last_contact_falls_back_to_connected_on_then_created_at(nb: Notebook) -> None:
    talked = add(nb, "Talked", connected_on=ago(900))
    talk(nb, talked, 40, 12, 70)
    connected = add(nb, "Connected", connected_on=ago(300))
    bare = add(nb, "Bare")
    assert nb.upkeep.last_contact(talked.id or 0) == ago(12)
    assert nb.upkeep.last_talked(talked.id or 0) == ago(12)
    assert nb.upkeep.last_contact(connected.id or 0) == ago(300)
    assert nb.upkeep.last_talked(connected.id or 0) is None
    assert nb.upkeep.last_contact(bare.id or 0) == date.fromisoformat(bare.created_at[:10])


def test_cadence_set_beats_inferred_beats_default(nb: Notebook) -> None:
    regular = add(nb, "Regular")
    talk(nb, regular, 30, 20, 10)
    assert (nb.upkeep.cadence(regular.id or 0).days, nb.upkeep.cadence(regular.id or 0).source) == (
        10,
        "inferred",
    )
    nb.upkeep.set_cadence(regular.id or 0, 45)
    assert (nb.upkeep.cadence(regular.id or 0).days, nb.upkeep.cadence(regular.id or 0).source) == (
        45,
        "set",
    )
    nb.upkeep.set_cadence(regular.id or 0, None)
    assert nb.upkeep.cadence(regular.id or 0).source == "inferred"

    twice = add(nb, "Twice")
    talk(nb, twice, 30, 20)
    talk(nb, twice, 20)  # the same day again: still only two distinct days
    assert (nb.upkeep.cadence(twice.id or 0).days, nb.upkeep.cadence(twice.id or 0).source) == (
        DEFAULT_CADENCE_DAYS,
        "default",
    )
    daily = add(nb, "Daily")
    talk(nb, daily, 3, 2, 1)
    assert nb.upkeep.cadence(daily.id or 0).days == 7  # inferred cadences stay within 7..365

    nb.put_setting("default_cadence_days", 45)
    assert (nb.upkeep.cadence(twice.id or 0).days, nb.upkeep.cadence(twice.id or 0).source) == (
        45,
        "default",
    )
    assert_consistent(nb)


def test_stale_most_overdue_first_without_archived_or_snoozed(path: Path, nb: Notebook) -> None:
    p1 = add(nb, "Ratio Three", cadence_days=30)
    talk(nb, p1, 90)
    p2 = add(nb, "Ratio Two")
    talk(nb, p2, 180)
    p3 = add(nb, "Ratio One Half", cadence_days=10)
    talk(nb, p3, 15)
    fresh = add(nb, "Fresh")
    talk(nb, fresh, 5)
    archived = add(nb, "Archived")
    talk(nb, archived, 400)
    nb.people.archive(archived.id or 0)
    snoozed = add(nb, "Snoozed", tags=("mentor",))
    talk(nb, snoozed, 400)
    nb.upkeep.snooze(snoozed.id or 0, TODAY + timedelta(days=10))

    stale = nb.upkeep.stale()
    # By the days overdue the list shows, not by how many cadences have passed: a list read
    # as "overdue 3 months, 2 months, 5 days" is in the order it reads.
    assert names([s.person for s in stale]) == ["Ratio Two", "Ratio Three", "Ratio One Half"]
    assert [s.days_overdue for s in stale] == [90, 60, 5]
    assert [s.ratio for s in stale] == [2.0, 3.0, 1.5]
    assert nb.upkeep.stale(limit=1)[0].person.id == p2.id
    assert nb.upkeep.stale(tag="MENTOR") == []

    # snoozed people come back on their date
    for days, shown in ((9, False), (10, True), (30, True)):
        later = Notebook.open(path, read_only=True, today=TODAY + timedelta(days=days))
        try:
            ids = [s.person.id for s in later.upkeep.stale()]
            assert (snoozed.id in ids) is shown
            if shown:
                assert ids[0] == snoozed.id  # by far the most overdue
                assert [s.person.id for s in later.upkeep.stale(tag="mentor")] == [snoozed.id]
            assert archived.id not in ids
        finally:
            later.close()

    # a logged conversation resets it
    talk(nb, p1, 0)
    assert p1.id not in [s.person.id for s in nb.upkeep.stale()]
    assert_consistent(nb)


def test_demo_upkeep_matches_a_brute_force_recount(demo_path: Path, demo_nb: Notebook) -> None:
    raw = orjson.loads(demo_path.read_bytes())
    days_of: dict[int, set[date]] = {}
    for doc in raw["interactions"].values():
        for pid in doc["people"]:
            days_of.setdefault(pid, set()).add(date.fromisoformat(doc["when"][:10]))
    expected_stale = []
    for key, doc in raw["people"].items():
        pid = int(key)
        days = sorted(days_of.get(pid, ()))
        if days:
            last = days[-1]
        elif doc["connected_on"]:
            last = date.fromisoformat(doc["connected_on"])
        else:
            last = date.fromisoformat(doc["created_at"][:10])
        assert demo_nb.upkeep.last_contact(pid) == last
        cadence = demo_nb.upkeep.cadence(pid)
        if doc["cadence_days"]:
            assert (cadence.days, cadence.source) == (doc["cadence_days"], "set")
        elif len(days) >= 3:
            assert cadence.source == "inferred"
            assert 7 <= cadence.days <= 365
        else:
            assert (cadence.days, cadence.source) == (DEFAULT_CADENCE_DAYS, "default")
        # Never talked and no cadence of their own: a cold contact, not a stale relationship.
        cold = not days and not doc["cadence_days"]
        if (TODAY - last).days > cadence.days and not doc["archived"] and not cold:
            expected_stale.append(pid)
    stale = demo_nb.upkeep.stale()
    assert sorted(s.person.id or 0 for s in stale) == sorted(expected_stale)
    assert stale, "the demo has stale relationships"
    order = [(not s.talked, -s.days_overdue) for s in stale]
    assert order == sorted(order)
    assert all(s.ratio > 1 for s in stale)


# -- writes: visible at once, persisted, indexes equal a rebuild -----------------------------


def test_add_and_edit_person(nb: Notebook) -> None:
    ann = add(nb, "  Ann \x1b[31mLee ", company="Acme", emails=("ann@example.com",))
    assert ann.name == "Ann Lee" and ann.id is not None
    assert ann.created_at and ann.created_at == ann.updated_at
    assert nb.people.get(ann.id) == ann
    assert names(nb.people.search("lee")) == ["Ann Lee"]
    edited = nb.people.edit(replace(ann, name="Ann Park", title="CTO"))
    assert edited.created_at == ann.created_at
    assert names(nb.people.search("park")) == ["Ann Park"]
    assert nb.people.search("lee") == []  # the old name is gone from the index
    assert nb.people.find_by_name("ANN  park") == [edited]
    with pytest.raises(ValidationError, match="name"):
        nb.people.edit(replace(edited, name=" "))
    assert nb.people.get(ann.id).name == "Ann Park"
    with pytest.raises(NotFoundError):
        nb.people.get(999)
    with pytest.raises(ValidationError, match="met_via"):
        add(nb, "Bo", met_via=999)
    bo = add(nb, "Bo", met_via=ann.id)
    assert bo.met_via == ann.id
    other = reopened(nb)
    try:
        assert other.people.get(ann.id) == edited
        assert names(other.people.search("park")) == ["Ann Park"]
    finally:
        other.close()
    assert_consistent(nb)


def test_archive_and_unarchive(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    talk(nb, ann, 400)
    nb.people.archive(ann.id or 0)
    assert nb.people.get(ann.id or 0).archived
    assert nb.people.all() == [] and nb.upkeep.stale() == []
    assert_consistent(nb)
    nb.people.archive(ann.id or 0, archived=False)
    assert names(nb.people.all()) == ["Ann"]
    assert names([s.person for s in nb.upkeep.stale()]) == ["Ann"]
    assert_consistent(nb)


def test_note_creates_new_people_interaction_and_follow_up_in_one_go(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    result = nb.conversations.note(
        [ann.id or 0, NewPerson("  Zed \u202eNew "), ann.id or 0],
        when=ago(1),
        summary="Bumped into them at the bakery",
        kind="chance meeting",
        place="the bakery",
        follow_up="send my resume",
        due=TODAY + timedelta(days=3),
    )
    assert [p.name for p in result.created] == ["Zed New"]
    zed = result.created[0]
    assert zed.source == "note"
    assert result.interaction.people == (ann.id, zed.id)
    assert result.people_ids == (ann.id, zed.id)
    assert result.follow_up is not None
    assert result.follow_up.people == (ann.id,)  # with the first one named, owed by me
    assert result.follow_up.by == "me"
    assert result.follow_up.interaction == result.interaction.id
    assert names(nb.people.search("zed")) == ["Zed New"]
    assert nb.conversations.timeline(zed.id or 0) == [result.interaction]
    assert nb.upkeep.last_contact(ann.id or 0) == ago(1)
    assert [f.id for f in nb.follow_ups.open(ann.id)] == [result.follow_up.id]
    assert nb.follow_ups.open(zed.id) == []
    other = reopened(nb)
    try:
        assert names(other.people.search("zed")) == ["Zed New"]
        assert other.conversations.timeline(ann.id or 0) == [result.interaction]
    finally:
        other.close()
    assert_consistent(nb)


def test_note_validation_writes_nothing(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    before = nb.path.read_bytes()
    with pytest.raises(ValidationError) as excinfo:
        nb.conversations.note([NewPerson("Ghost")], when=TODAY, due=TODAY)
    assert excinfo.value.field == "follow_up"
    with pytest.raises(ValidationError, match="people"):
        nb.conversations.note([], when=TODAY)
    with pytest.raises(ValidationError, match="kind"):
        nb.conversations.note([NewPerson("Ghost")], when=TODAY, kind="dinner")
    with pytest.raises(ValidationError, match="name"):
        nb.conversations.note([ann.id or 0, NewPerson("   ")], when=TODAY)
    with pytest.raises(NotFoundError):
        nb.conversations.note([NewPerson("Ghost"), 999], when=TODAY)
    assert nb.path.read_bytes() == before
    assert names(nb.people.all()) == ["Ann"]
    assert_consistent(nb)


def test_an_edit_that_changes_nothing_writes_nothing(path: Path) -> None:
    path.write_bytes(orjson.dumps(small_notebook()))  # its people last changed days ago
    nb = Notebook.open(path, today=TODAY)
    try:
        dana = nb.people.get(1)
        before, saves = path.read_bytes(), nb.store.saves
        # As the edit form gives it back: the same values, rebuilt (fresh tuples, untrimmed).
        same = nb.people.edit(replace(dana, name=f" {dana.name} ", tags=tuple(list(dana.tags))))
        assert same == dana and same.updated_at == dana.updated_at
        assert nb.store.saves == saves and path.read_bytes() == before
        changed = nb.people.edit(replace(dana, title="CTO"))
        assert changed.updated_at > dana.updated_at and nb.store.saves == saves + 1
        stored = orjson.loads(path.read_bytes())["people"]["1"]
        assert stored["title"] == "CTO" and stored["updated_at"] == changed.updated_at
    finally:
        nb.close()


def test_edit_and_delete_interaction(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    bo = add(nb, "Bo")
    (first,) = talk(nb, ann, 10)
    (second,) = talk(nb, ann, 20)
    moved = nb.conversations.edit(replace(first, people=(bo.id or 0,), when=ago(3), place="park"))
    assert moved.created_at == first.created_at
    assert nb.conversations.get(first.id or 0).place == "park"
    assert [i.id for i in nb.conversations.timeline(ann.id or 0)] == [second.id]
    assert [i.id for i in nb.conversations.timeline(bo.id or 0)] == [first.id]
    assert nb.upkeep.last_contact(ann.id or 0) == ago(20)
    assert nb.upkeep.last_contact(bo.id or 0) == ago(3)
    assert_consistent(nb)
    with pytest.raises(NotFoundError):
        nb.conversations.edit(replace(first, people=(999,)))
    nb.conversations.delete(second.id or 0)
    assert nb.conversations.timeline(ann.id or 0) == []
    assert nb.upkeep.last_talked(ann.id or 0) is None
    with pytest.raises(NotFoundError):
        nb.conversations.get(second.id or 0)
    with pytest.raises(NotFoundError):
        nb.conversations.delete(second.id or 0)
    assert_consistent(nb)


def test_deleting_a_conversation_unlinks_its_follow_ups_in_the_same_write(
    nb: Notebook, path: Path
) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    coffee = nb.conversations.note(
        [ann.id or 0, bo.id or 0], when=ago(2), summary="coffee", follow_up="cv"
    )
    assert coffee.follow_up is not None and coffee.follow_up.interaction is not None
    nb.conversations.delete(coffee.interaction.id or 0)
    assert nb.follow_ups.get(coffee.follow_up.id or 0).interaction is None
    (lunch,) = talk(nb, bo, 1, summary="lunch")
    deck = nb.follow_ups.add([ann.id or 0], "ask Bo's team for the deck", interaction=lunch.id)
    nb.people.forget(bo.id or 0)  # the lunch was Bo's alone, so it goes with him
    assert nb.follow_ups.get(deck.id or 0).interaction is None
    assert_consistent(nb)
    again = Notebook.open(path, read_only=True, today=TODAY)
    try:
        assert again.repairs == []  # nothing was left pointing at nothing
    finally:
        again.close()


def test_add_tie_twice_updates_instead_of_duplicating(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    bo = add(nb, "Bo")
    first = nb.ties.add(ann.id or 0, bo.id or 0, relation="neighbour", strength=2)
    second = nb.ties.add(bo.id or 0, ann.id or 0, relation="sister", strength=5, note="close")
    assert second.id == first.id
    assert len(nb.ties.all()) == 1
    assert [(v.tie.relation, v.tie.strength) for v in nb.ties.of(ann.id or 0)] == [("sister", 5)]
    assert [v.other.id for v in nb.ties.of(bo.id or 0)] == [ann.id]
    with pytest.raises(ValidationError, match="b"):
        nb.ties.add(ann.id or 0, ann.id or 0)
    with pytest.raises(NotFoundError):
        nb.ties.add(ann.id or 0, 999)
    assert len(nb.ties.all()) == 1
    assert_consistent(nb)
    nb.ties.remove(first.id or 0)
    assert nb.ties.all() == [] and nb.ties.of(ann.id or 0) == []
    assert nb.ties.between(ann.id or 0, bo.id or 0) is None
    with pytest.raises(NotFoundError):
        nb.ties.remove(first.id or 0)
    assert_consistent(nb)
    again = nb.ties.add(ann.id or 0, bo.id or 0)
    assert [v.tie.id for v in nb.ties.of(bo.id or 0)] == [again.id]
    assert_consistent(nb)


def test_follow_up_add_complete_reopen(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    follow = nb.follow_ups.add([ann.id or 0], "  send cv ", due=ago(1), by="them")
    assert follow.text == "send cv" and follow.is_open
    assert nb.follow_ups.open(ann.id) == [follow]
    assert_consistent(nb)
    done = nb.follow_ups.complete(follow.id or 0)
    assert done.done_at is not None and not done.is_open
    assert nb.follow_ups.open() == [] and nb.follow_ups.overdue() == []
    assert nb.follow_ups.get(follow.id or 0) == done
    assert_consistent(nb)
    again = nb.follow_ups.complete(follow.id or 0, done=False)
    assert again.is_open
    assert nb.follow_ups.open(ann.id) == [again]
    assert_consistent(nb)
    with pytest.raises(ValidationError, match="text"):
        nb.follow_ups.add([ann.id or 0], " ")
    with pytest.raises(NotFoundError):
        nb.follow_ups.add([999], "call")
    with pytest.raises(NotFoundError):
        nb.follow_ups.complete(999)


def test_a_note_with_two_people_gives_the_follow_up_to_the_one_chosen(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    a, b = ann.id or 0, bo.id or 0
    first = nb.conversations.note([a, b], when=TODAY, follow_up="send the deck")
    assert first.follow_up is not None and first.follow_up.people == (a,)
    theirs = nb.conversations.note(
        [a, b], when=TODAY, follow_up="intro", follow_up_by="them", follow_up_with=b
    )
    assert theirs.follow_up is not None
    assert (theirs.follow_up.people, theirs.follow_up.by) == ((b,), "them")
    assert [f.text for f in nb.follow_ups.open(b)] == ["intro"]
    zed = NewPerson("Zed")
    new = nb.conversations.note([a, zed], when=TODAY, follow_up="coffee", follow_up_with=zed)
    assert new.follow_up is not None and new.follow_up.people == (new.created[0].id,)
    assert_consistent(nb)
    before = nb.path.read_bytes()
    with pytest.raises(ValidationError) as excinfo:
        nb.conversations.note(
            [a], when=TODAY, follow_up="call", follow_up_with=b
        )  # Bo wasn't there
    assert excinfo.value.field == "follow_up_with"
    assert nb.path.read_bytes() == before


def test_edit_follow_up_changes_what_who_and_when_and_keeps_the_rest(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    a, b = ann.id or 0, bo.id or 0
    noted = nb.conversations.note([a], when=ago(2), follow_up="send cv", due=ago(1)).follow_up
    assert noted is not None
    edited = nb.follow_ups.edit(
        replace(noted, text=" send the cv \x1b[31m", due=TODAY, by="them", people=(b, a, b))
    )
    assert (edited.id, edited.text, edited.due, edited.by) == (
        noted.id,
        "send the cv",
        TODAY,
        "them",
    )
    assert edited.people == (b, a)
    assert (edited.created_at, edited.interaction) == (noted.created_at, noted.interaction)
    assert nb.follow_ups.get(noted.id or 0) == edited
    assert [f.id for f in nb.follow_ups.open(b)] == [noted.id]
    assert_consistent(nb)
    moved = nb.follow_ups.edit(replace(edited, people=(b,), done_at="2026-01-01T00:00:00"))
    assert nb.follow_ups.open(a) == [] and moved.people == (b,)
    assert moved.is_open  # done is complete_follow_up's to change
    assert_consistent(nb)


def test_edit_follow_up_is_checked_as_add_is(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    follow = nb.follow_ups.add([ann.id or 0], "call")
    before = nb.path.read_bytes()
    for bad, field in (
        (replace(follow, text="  "), "text"),
        (replace(follow, people=()), "people"),
        (replace(follow, by="us"), "by"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError) as excinfo:
            nb.follow_ups.edit(bad)
        assert excinfo.value.field == field
    with pytest.raises(NotFoundError):
        nb.follow_ups.edit(replace(follow, people=(999,)))
    with pytest.raises(NotFoundError):
        nb.follow_ups.edit(replace(follow, id=999))
    assert nb.path.read_bytes() == before
    assert nb.follow_ups.get(follow.id or 0) == follow
    assert_consistent(nb)


def test_reschedule_follow_up(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    late = nb.follow_ups.add([ann.id or 0], "call", due=ago(3))
    assert nb.follow_ups.overdue() == [late]
    week = nb.follow_ups.reschedule(late.id or 0, due_day("+1w", TODAY))
    assert week.due == TODAY + timedelta(weeks=1) and week.id == late.id
    assert nb.follow_ups.overdue() == [] and not nb.follow_ups.is_overdue(week)
    assert nb.follow_ups.reschedule(late.id or 0, TODAY).due == TODAY
    assert nb.follow_ups.reschedule(late.id or 0, None).due is None
    assert_consistent(nb)
    with pytest.raises(ValidationError, match="due"):
        nb.follow_ups.reschedule(late.id or 0, ago(1))
    with pytest.raises(NotFoundError):
        nb.follow_ups.reschedule(999, TODAY)
    assert nb.follow_ups.get(late.id or 0).due is None


@pytest.mark.parametrize(
    ("typed", "days"),
    [("+1d", 1), ("+1w", 7), ("+2w", 14), ("+1m", 30), (" + 3 D ", 3), ("+1y", 365)],
)
def test_due_day_reads_steps_from_today(typed: str, days: int) -> None:
    assert due_day(typed, TODAY) == TODAY + timedelta(days=days)  # 25 Nov 2026 + a month: 30


def test_due_day_reads_date_phrases_looking_ahead() -> None:
    assert due_day("fri", TODAY) == date(2026, 11, 27)  # the coming Friday: it is a Wednesday
    assert due_day("2026-12-01", TODAY) == date(2026, 12, 1)
    assert RESCHEDULE_STEPS == ("+1d", "+1w", "+2w", "+1m")
    for bad in ("+1x", "+", "soonish"):
        with pytest.raises(dates.DateParseError):
            due_day(bad, TODAY)


def test_delete_and_restore_follow_up_round_trip(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    a, b = ann.id or 0, bo.id or 0
    noted = nb.conversations.note(
        [a, b], when=ago(1), follow_up="intro", follow_up_with=b
    ).follow_up
    assert noted is not None
    follow = nb.follow_ups.edit(replace(noted, people=(a, b), due=TODAY, by="them"))
    nb.follow_ups.complete(follow.id or 0)
    follow = nb.follow_ups.get(follow.id or 0)
    stored = nb.store.get("followups", follow.id or 0)
    deleted = nb.follow_ups.delete(follow.id or 0)
    assert deleted == follow and deleted.id == follow.id
    with pytest.raises(NotFoundError):
        nb.follow_ups.get(follow.id or 0)
    assert nb.store.get("followups", follow.id or 0) is None
    assert_consistent(nb)
    other = nb.follow_ups.add([a], "meanwhile")  # a new one never takes the old id
    assert other.id != follow.id
    back = nb.follow_ups.restore(deleted)
    assert back.id == follow.id
    assert (
        nb.follow_ups.get(follow.id or 0) == follow
    )  # every field: text, due, by, done, people...
    assert nb.store.get("followups", follow.id or 0) == stored
    assert [f.id for f in nb.follow_ups.iter() if f.people == (a, b)] == [follow.id]
    assert_consistent(nb)
    with pytest.raises(ValidationError):
        nb.follow_ups.restore(deleted)  # it is back already
    with pytest.raises(NotFoundError):
        nb.follow_ups.delete(999)


def test_restore_follow_up_leaves_out_people_forgotten_since(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    a, b = ann.id or 0, bo.id or 0
    shared = nb.follow_ups.add([a, b], "shared")
    alone = nb.follow_ups.add([b], "bo's")
    gone_shared = nb.follow_ups.delete(shared.id or 0)
    gone_alone = nb.follow_ups.delete(alone.id or 0)
    nb.people.forget(b)
    assert nb.follow_ups.restore(gone_shared).people == (a,)
    with pytest.raises(NotFoundError):
        nb.follow_ups.restore(gone_alone)
    assert_consistent(nb)


def test_restore_follow_up_drops_its_link_to_a_conversation_deleted_since(nb: Notebook) -> None:
    """Deleting the conversation unlinks what was promised in it; a follow-up deleted before
    and brought back after would have pointed at nothing, and the file been repaired on the
    next opening."""
    ann = add(nb, "Ann")
    noted = nb.conversations.note([ann.id or 0], when=TODAY, summary="hi", follow_up="send CV")
    assert noted.follow_up is not None and noted.follow_up.interaction == noted.interaction.id
    gone = nb.follow_ups.delete(noted.follow_up.id or 0)
    nb.conversations.delete(noted.interaction.id or 0)
    back = nb.follow_ups.restore(gone)
    assert back.interaction is None
    assert_consistent(nb)


def test_an_edit_is_put_back_without_anyone_forgotten_since(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    old = nb.conversations.note([ann.id or 0, bo.id or 0], when=TODAY, summary="hi").interaction
    nb.conversations.edit(replace(old, summary="hi WRONG"))
    nb.people.forget(bo.id or 0)
    back = nb.conversations.put_back(old)
    assert (back.summary, back.people) == ("hi", (ann.id,))
    nb.people.forget(ann.id or 0)  # and the conversation with them
    with pytest.raises(NotFoundError):
        nb.conversations.put_back(old)
    assert_consistent(nb)


def test_a_conversation_moved_to_the_right_person_takes_its_follow_ups_along(
    nb: Notebook,
) -> None:
    jonas, hugo, cy = add(nb, "Jonas"), add(nb, "Hugo"), add(nb, "Cy")
    j, h, c = jonas.id or 0, hugo.id or 0, cy.id or 0
    noted = nb.conversations.note([j], when=TODAY, summary="call", follow_up="intro me")
    interaction, promise = noted.interaction, noted.follow_up
    assert promise is not None
    elsewhere = nb.follow_ups.add([j], "unrelated")  # not promised in that conversation
    nb.conversations.edit(replace(interaction, people=(h,)))
    assert nb.follow_ups.get(promise.id or 0).people == (h,)
    assert [f.text for f in nb.follow_ups.open(h)] == ["intro me"]
    assert [f.text for f in nb.follow_ups.open(j)] == ["unrelated"]
    assert nb.follow_ups.get(elsewhere.id or 0).people == (j,)
    # Someone joining the conversation takes nobody's place: the promise stays with Hugo.
    moved = nb.conversations.edit(replace(interaction, people=(h, c)))
    assert nb.follow_ups.get(promise.id or 0).people == (h,)
    # Hugo leaving it: the promise goes to whoever is left in it.
    nb.conversations.edit(replace(moved, people=(c,)))
    assert nb.follow_ups.get(promise.id or 0).people == (c,)
    assert_consistent(nb)


def test_putting_an_edit_back_puts_its_follow_ups_back_with_their_people(nb: Notebook) -> None:
    ann, bo, cy = add(nb, "Ann"), add(nb, "Bo"), add(nb, "Cy")
    a, b, c = ann.id or 0, bo.id or 0, cy.id or 0
    noted = nb.conversations.note([a, b], when=TODAY, follow_up="send deck", follow_up_with=b)
    old, promise = noted.interaction, noted.follow_up
    assert promise is not None
    nb.conversations.edit(replace(old, people=(c,)))
    assert nb.follow_ups.get(promise.id or 0).people == (c,)
    back = nb.conversations.put_back(old, [promise])
    assert back.people == (a, b)
    assert nb.follow_ups.get(promise.id or 0).people == (b,)
    assert_consistent(nb)


def test_a_conversation_is_noted_once_it_has_happened(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    tomorrow = TODAY + timedelta(days=1)
    for when in (tomorrow, datetime.combine(tomorrow, time(9))):
        with pytest.raises(ValidationError) as refused:
            nb.conversations.note([ann.id or 0, NewPerson("Bo New")], when=when)
        assert refused.value.field == "when" and "after today" in refused.value.message
    assert nb.conversations.count() == 0 and nb.people.find_by_name("Bo New") == []
    today = nb.conversations.note([ann.id or 0], when=datetime.combine(TODAY, time(23))).interaction
    with pytest.raises(ValidationError):
        nb.conversations.edit(replace(today, when=tomorrow))
    # One already dated ahead (imported, say) can still be edited in other ways.
    nb.store.replace("interactions", today.id or 0, replace(today, when=tomorrow).to_doc())
    nb.reload()
    ahead = nb.conversations.get(today.id or 0)
    assert nb.conversations.edit(replace(ahead, summary="plan")).when == tomorrow


def test_a_profile_edit_is_put_back_field_by_field(nb: Notebook) -> None:
    """Only what the edit changed goes back: a snooze or a cadence set since stays."""
    old = add(nb, "Ann", tags=("mentor", "climbing"), title="Engineer")
    edited = nb.people.edit(replace(old, tags=("asap",), title="Lead"))
    nb.upkeep.set_cadence(old.id or 0, 30)
    back = nb.people.put_back(old, edited)
    assert (back.tags, back.title, back.cadence_days) == (old.tags, old.title, 30)
    nb.people.forget(old.id or 0)
    with pytest.raises(NotFoundError):
        nb.people.put_back(old, edited)


def test_follow_up_writes_on_a_read_only_notebook_change_nothing(path: Path) -> None:
    writer = Notebook.open(path, today=TODAY)
    follow = writer.follow_ups.add([add(writer, "Ann").id or 0], "call")
    writer.close()
    reader = Notebook.open(path, read_only=True, today=TODAY)
    try:
        for write in (
            lambda: reader.follow_ups.edit(replace(follow, text="other")),
            lambda: reader.follow_ups.reschedule(follow.id or 0, TODAY),
            lambda: reader.follow_ups.delete(follow.id or 0),
        ):
            with pytest.raises(ReadOnlyError):
                write()
        assert reader.follow_ups.get(follow.id or 0) == follow
        assert_consistent(reader)
    finally:
        reader.close()


def test_snooze_and_set_cadence_persist(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    with pytest.raises(ValidationError, match="snoozed_until"):
        nb.upkeep.snooze(ann.id or 0, TODAY)
    nb.upkeep.snooze(ann.id or 0, TODAY + timedelta(days=7))
    nb.upkeep.set_cadence(ann.id or 0, 14)
    assert nb.people.get(ann.id or 0).snoozed_until == TODAY + timedelta(days=7)
    with pytest.raises(ValidationError, match="cadence_days"):
        nb.upkeep.set_cadence(ann.id or 0, 0)
    assert nb.upkeep.cadence(ann.id or 0).days == 14
    assert_consistent(nb)
    nb.upkeep.snooze(ann.id or 0, None)
    assert nb.people.get(ann.id or 0).snoozed_until is None
    assert_consistent(nb)


def test_forget_removes_every_trace(nb: Notebook) -> None:
    ann, bo, cy = add(nb, "Ann"), add(nb, "Bo"), add(nb, "Cy")
    a, b, c = ann.id or 0, bo.id or 0, cy.id or 0
    only_ann = nb.conversations.note([a], when=ago(5)).interaction
    shared = nb.conversations.note([a, b], when=ago(3)).interaction
    only_bo = nb.conversations.note([b], when=ago(8)).interaction
    nb.ties.add(a, b, strength=4)
    bc = nb.ties.add(b, c, strength=2)
    ann_alone = nb.follow_ups.add([a], "ann's")
    both = nb.follow_ups.add([a, b], "shared")
    with nb.store.batch():
        nb.store.insert_many(
            "asks",
            [
                ReferralAsk(target="Acme", person=a, asked_on=ago(2)).to_doc(),
                ReferralAsk(target="Globex", person=b, asked_on=ago(2)).to_doc(),
            ],
        )
    nb.reload()
    nb.people.edit(replace(nb.people.get(c), met_via=a))

    nb.people.forget(a)

    with pytest.raises(NotFoundError):
        nb.people.get(a)
    assert names(nb.people.all(include_archived=True)) == ["Bo", "Cy"]
    assert nb.people.search("ann") == []
    assert {i.id for i in nb.conversations.iter()} == {shared.id, only_bo.id}
    with pytest.raises(NotFoundError):
        nb.conversations.get(only_ann.id or 0)
    assert nb.conversations.get(shared.id or 0).people == (b,)
    assert [i.id for i in nb.conversations.timeline(b)] == [shared.id, only_bo.id]
    assert nb.upkeep.last_contact(b) == ago(3)
    assert [t.id for t in nb.ties.all()] == [bc.id]
    assert [v.other.id for v in nb.ties.of(b)] == [c]
    with pytest.raises(NotFoundError):
        nb.follow_ups.get(ann_alone.id or 0)
    assert nb.follow_ups.get(both.id or 0).people == (b,)
    assert [f.id for f in nb.follow_ups.open()] == [both.id]
    assert [d["person"] for _, d in nb.store.rows("asks")] == [b]
    assert nb.people.get(c).met_via is None
    assert_consistent(nb)
    raw = nb.path.read_text()
    assert '"Ann"' not in raw and "ann's" not in raw


def test_settings_persist(nb: Notebook) -> None:
    nb.put_setting("theme", "nord")
    assert nb.setting("theme") == "nord"
    assert nb.setting("missing", 3) == 3
    other = reopened(nb)
    try:
        assert other.setting("theme") == "nord"
    finally:
        other.close()


# -- failed writes leave the view model equal to the file -----------------------------------------


def change_outside(path: Path, name: str) -> None:
    data = orjson.loads(path.read_bytes())
    new_id = max((int(k) for k in data["people"]), default=0) + 1
    data["people"][str(new_id)] = Person(name=name, created_at="2026-11-01T10:00:00").to_doc()
    path.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize(
    "attempt",
    [
        "add_person",
        "edit_person",
        "note_with_new_people",
        "delete_interaction",
        "add_tie",
        "remove_tie",
        "complete_follow_up",
        "forget_person",
    ],
)
def test_failed_write_after_an_outside_change_leaves_view_equal_to_file(
    nb: Notebook, attempt: str
) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    a, b = ann.id or 0, bo.id or 0
    (interaction,) = talk(nb, ann, 4)
    tie = nb.ties.add(a, b)
    follow = nb.follow_ups.add([a], "call")
    change_outside(nb.path, "Outsider")
    on_disk = nb.path.read_bytes()
    actions = {
        "add_person": lambda: add(nb, "Mine"),
        "edit_person": lambda: nb.people.edit(replace(ann, name="Mine")),
        "note_with_new_people": lambda: nb.conversations.note([a, NewPerson("Mine")], when=TODAY),
        "delete_interaction": lambda: nb.conversations.delete(interaction.id or 0),
        "add_tie": lambda: nb.ties.add(a, b, relation="Mine", strength=5),
        "remove_tie": lambda: nb.ties.remove(tie.id or 0),
        "complete_follow_up": lambda: nb.follow_ups.complete(follow.id or 0),
        "forget_person": lambda: nb.people.forget(a),
    }
    with pytest.raises(ExternalChangeError):
        actions[attempt]()
    assert nb.path.read_bytes() == on_disk
    assert names(nb.people.search("outsider")) == ["Outsider"]
    assert nb.people.search("mine") == []
    assert [i.id for i in nb.conversations.timeline(a)] == [interaction.id]
    assert [v.tie for v in nb.ties.of(a)] == [tie]
    assert nb.follow_ups.open(a) == [follow]
    assert_consistent(nb)
    # and the notebook goes on working, on top of the outside change
    (later,) = talk(nb, bo, 1)
    assert names(nb.people.all()) == ["Ann", "Bo", "Outsider"]
    assert [i.id for i in nb.conversations.timeline(b)] == [later.id]
    assert_consistent(nb)


@pytest.mark.parametrize(
    "attempt",
    [
        "add_person",
        "note",
        "edit_interaction",
        "delete_interaction",
        "add_tie",
        "remove_tie",
        "complete_follow_up",
        "forget_person",
        "snooze",
    ],
)
def test_refused_write_on_a_read_only_notebook_changes_nothing(path: Path, attempt: str) -> None:
    writer = Notebook.open(path, today=TODAY)
    ann, bo = add(writer, "Ann"), add(writer, "Bo")
    a, b = ann.id or 0, bo.id or 0
    (interaction,) = talk(writer, ann, 4)
    tie = writer.ties.add(a, b)
    follow = writer.follow_ups.add([a], "call")
    writer.close()
    on_disk = path.read_bytes()

    nb = Notebook.open(path, read_only=True, today=TODAY)
    try:
        before = snapshot(nb)
        actions = {
            "add_person": lambda: add(nb, "Mine"),
            "note": lambda: nb.conversations.note([a, NewPerson("Mine")], when=TODAY),
            "edit_interaction": lambda: nb.conversations.edit(replace(interaction, people=(b,))),
            "delete_interaction": lambda: nb.conversations.delete(interaction.id or 0),
            "add_tie": lambda: nb.ties.add(a, b, strength=5),
            "remove_tie": lambda: nb.ties.remove(tie.id or 0),
            "complete_follow_up": lambda: nb.follow_ups.complete(follow.id or 0),
            "forget_person": lambda: nb.people.forget(a),
            "snooze": lambda: nb.upkeep.snooze(a, TODAY + timedelta(days=3)),
        }
        with pytest.raises(ReadOnlyError):
            actions[attempt]()
        assert snapshot(nb) == before
        assert path.read_bytes() == on_disk
    finally:
        nb.close()


def test_demo_notebook_is_consistent_and_deterministic(tmp_path: Path, demo_path: Path) -> None:
    again = demo.build(tmp_path / "again.json", today=TODAY)
    first, second = orjson.loads(demo_path.read_bytes()), orjson.loads(again.read_bytes())
    first.pop("meta"), second.pop("meta")
    assert first == second
    nb = Notebook.open(again, today=TODAY)
    try:
        assert nb.people.count() == demo.DEMO.people
        assert nb.conversations.count() == demo.DEMO.interactions
        assert len(nb.ties.all()) == demo.DEMO.ties
        assert_consistent(nb)
        # a write on a big notebook keeps everything consistent too
        someone = nb.people.all()[0]
        nb.people.forget(someone.id or 0)
        assert nb.people.count() == demo.DEMO.people - 1
        assert_consistent(nb)
    finally:
        nb.close()


def test_follow_up_round_trip_via_store_rows(nb: Notebook) -> None:
    ann = add(nb, "Ann")
    follow = nb.follow_ups.add([ann.id or 0], "write", due=TODAY)
    ((fid, doc),) = list(nb.store.rows("followups"))
    assert FollowUp.from_doc(fid, doc) == follow


# -- nothing one-way: what a screen's u takes back -------------------------------------------


def test_a_deleted_conversation_comes_back_with_its_follow_ups_linked(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    talk(nb, ann, 30)
    result = nb.conversations.note([ann.id or 0, bo.id or 0], when=ago(2), summary="Coffee",
                     follow_up="send the deck")  # fmt: skip
    iid = result.interaction.id or 0
    follow_up = result.follow_up
    assert follow_up is not None and follow_up.interaction == iid
    before = snapshot(nb)
    deleted = nb.conversations.delete(iid)
    # The rule: the promise outlives the talk, unlinked; the last contact goes back a month.
    assert nb.follow_ups.get(follow_up.id or 0).interaction is None
    assert nb.upkeep.last_talked(ann.id or 0) == ago(30)
    assert_consistent(nb)
    back = nb.conversations.restore(deleted)
    assert back.id == iid
    assert snapshot(nb) == before
    assert_consistent(nb)
    with pytest.raises(ValidationError):
        nb.conversations.restore(deleted)  # it is there already


def test_a_conversation_brought_back_leaves_out_who_was_forgotten_since(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    iid = nb.conversations.note([ann.id or 0, bo.id or 0], when=ago(2)).interaction.id or 0
    deleted = nb.conversations.delete(iid)
    nb.people.forget(bo.id or 0)
    assert nb.conversations.restore(deleted).people == (ann.id,)
    assert_consistent(nb)
    deleted = nb.conversations.delete(iid)
    nb.people.forget(ann.id or 0)
    with pytest.raises(NotFoundError):
        nb.conversations.restore(deleted)


def test_a_removed_tie_comes_back_unless_the_pair_has_one_again(nb: Notebook) -> None:
    ann, bo = add(nb, "Ann"), add(nb, "Bo")
    tie = nb.ties.add(ann.id or 0, bo.id or 0, relation="sister", strength=5)
    before = snapshot(nb)
    removed = nb.ties.remove(tie.id or 0)
    assert nb.ties.between(ann.id or 0, bo.id or 0) is None
    assert nb.ties.restore(removed) == tie
    assert snapshot(nb) == before
    assert_consistent(nb)
    removed = nb.ties.remove(tie.id or 0)
    nb.ties.add(ann.id or 0, bo.id or 0, relation="friend")
    with pytest.raises(ValidationError):
        nb.ties.restore(removed)


# -- the one status rule ----------------------------------------------------------------------


def test_the_status_rule_most_pressing_first(nb: Notebook) -> None:
    kept = add(nb, "Kept", cadence_days=30)
    talk(nb, kept, 10)
    late = add(nb, "Late", cadence_days=30)
    talk(nb, late, 100)
    soon = add(nb, "Soon", cadence_days=30)
    talk(nb, soon, 27)
    add(nb, "First", cadence_days=30, connected_on=ago(2000))
    add(nb, "Cold", connected_on=ago(2000))
    resting = add(nb, "Resting", cadence_days=30, snoozed_until=TODAY + timedelta(days=5))
    talk(nb, resting, 100)
    gone = add(nb, "Gone", cadence_days=30)
    talk(nb, gone, 100)
    nb.people.archive(gone.id or 0)
    kinds = {p.name: nb.upkeep.status(p.id or 0) for p in nb.people.all(include_archived=True)}
    assert {name: s.kind for name, s in kinds.items()} == {
        "Kept": "on track",
        "Late": "overdue",
        "Soon": "due soon",
        "First": "not yet contacted",  # never "overdue 5 years" from a connect date
        "Cold": "cold",
        "Resting": "snoozed",
        "Gone": "archived",
    }
    assert kinds["Late"].days_overdue == 70
    assert kinds["Resting"].snoozed_until == TODAY + timedelta(days=5)


def test_people_by_overdue_follow_the_days_the_column_shows(nb: Notebook) -> None:
    # Weekly, three weeks late (ratio 4) and yearly, nine weeks late (ratio 1.2): the list
    # shows "overdue 3 weeks" and "overdue 2 months", so the two months come first.
    weekly = add(nb, "Weekly", cadence_days=7)
    talk(nb, weekly, 28)
    yearly = add(nb, "Yearly", cadence_days=365)
    talk(nb, yearly, 365 + 63)
    add(nb, "Cold")
    assert names(nb.people.listing(order="overdue")) == ["Yearly", "Weekly", "Cold"]


def test_the_archive_is_a_view_of_its_own_and_searchable(nb: Notebook) -> None:
    add(nb, "Ann Lee")
    gone = add(nb, "Ann Archer", company="Initech")
    nb.people.archive(gone.id or 0)
    assert names(nb.people.listing("ann")) == ["Ann Lee"]
    assert names(nb.people.listing("ann", archived=True)) == ["Ann Archer"]
    assert names(nb.people.listing("initech", archived=True)) == ["Ann Archer"]
    assert names(nb.people.listing(archived=True)) == ["Ann Archer"]
    assert nb.people.archived_count() == 1
    nb.people.archive(gone.id or 0, False)
    assert nb.people.archived_count() == 0
    nb.people.archive(gone.id or 0)
    nb.people.forget(gone.id or 0)
    assert nb.people.archived_count() == 0


def test_a_word_that_starts_a_field_ranks_above_one_inside_a_word(nb: Notebook) -> None:
    add(nb, "Ann", notes="Works at Pacmeter")
    add(nb, "Bo", company="Acme Robotics")
    assert names(nb.people.search("acme")) == ["Bo", "Ann"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("add", "rename", "archive", "forget", "bulk")),
            st.integers(0, 50),
            st.sampled_from(("ann", "Ann", "Ånn", "bob", "Zoë", "zed", "", "adam")),
        ),
        max_size=25,
    )
)
def test_the_name_order_is_kept_whatever_the_writes(
    operations: list[tuple[str, int, str]],
) -> None:
    """people() is kept in order write by write, never re-sorted: it must equal a fresh sort."""
    with tempfile.TemporaryDirectory() as folder:
        nb = Notebook.open(Path(folder) / "nb.json", today=TODAY)
        nb.people.add_many([Person(name="Mia"), Person(name="Carl")])
        nb.people.all()  # the order exists from here on, kept by each write
        for op, n, name in operations:
            everyone = nb.people.all(include_archived=True)
            person = everyone[n % len(everyone)] if everyone else None
            if op == "add" or person is None:
                nb.people.add(Person(name=f"{name} {n}"))
            elif op == "bulk":
                nb.people.add_many([Person(name=f"{name} {n} {k}") for k in range(BULK + 1)])
            elif op == "rename":
                nb.people.edit(replace(person, name=f"{name} {n}"))
            elif op == "archive":
                nb.people.archive(person.id or 0, not person.archived)
            else:
                nb.people.forget(person.id or 0)
            expected = sorted(
                nb.people.iter(), key=lambda p: (nb.people.index.folded_name(p.id or 0), p.id)
            )
            assert nb.people.all(include_archived=True) == expected
            assert nb.people.all() == [p for p in expected if not p.archived]
        nb.close()


def test_a_name_already_here_is_said_once_with_what_tells_each_apart() -> None:
    zed = Person(name="Zed Zulu", company="Acme")
    johns = [Person(name="John Smith", company="Initech"), Person(name="John Smith")]
    assert already_here({"zed zulu": [zed]}) == "Zed Zulu (Acme) is already in the notebook"
    assert already_here({"john smith": johns}) == (
        "John Smith (Initech), John Smith are already in the notebook"
    )
    assert already_here({"zed zulu": [zed], "john smith": johns[1:]}) == (
        "already in the notebook: Zed Zulu (Acme); John Smith"
    )

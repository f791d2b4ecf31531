"""The referral engine: company names, warmth, paths, their wording, and the view model's use.

Graph tests build records by hand (no file); the view model tests use a real notebook file.
Performance is measured by the benchmarks, not here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from notebook.graph import (
    PAST_FACTOR,
    ReferralPath,
    ReferralResult,
    Referrals,
    normalise_company,
    tie_weight,
    warmth_of,
)
from notebook.records import Person, Tie
from notebook.viewmodel import NewPerson, Notebook

TODAY = date(2026, 11, 25)
# Talked once, 12 days ago: 0.7 * exp(-12 / 60) + 0.3 * (1 - exp(-1 / 3)).
TWELVE_DAYS = 0.7 * math.exp(-12 / 60) + 0.3 * (1 - math.exp(-1 / 3))


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def person(
    pid: int,
    name: str,
    company: str = "",
    title: str = "",
    *,
    past: Sequence[str] = (),
    tags: Sequence[str] = (),
    connected: date | None = None,
    linkedin: bool = False,
    archived: bool = False,
) -> Person:
    return Person(
        id=pid,
        name=name,
        company=company,
        title=title,
        past_companies=tuple(past),
        tags=tuple(tags),
        connected_on=connected,
        linkedin_url=f"https://www.linkedin.com/in/{pid}" if linkedin else "",
        archived=archived,
    )


def tie(a: int, b: int, strength: int = 3, relation: str = "") -> Tie:
    return Tie(a=min(a, b), b=max(a, b), relation=relation, strength=strength)


def graph(
    people: Iterable[Person],
    ties: Iterable[Tie] = (),
    talks: dict[int, list[date]] | None = None,
    *,
    is_stale: Callable[[int], bool] | None = None,
) -> Referrals:
    return Referrals.of(people, ties, talks or {}, today=TODAY, is_stale=is_stale)


def only(result: ReferralResult) -> tuple[ReferralPath, ...]:
    """The paths of a result with exactly one target."""
    assert len(result.targets) == 1, result
    return result.targets[0].best


# -- company names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "Acme Robotics, Inc.",
        "ACME Robotics",
        "acme robotics inc",
        "Acme Robotics Inc",
        "Acme Robotics LLC",
        "Acme Robotics L.L.C.",
        "Acme Robotics Ltd.",
        "Acme Robotics Limited",
        "Acme Robotics Corp.",
        "Acme Robotics Corporation",
        "Acme Robotics Incorporated",
        "Acme Robotics Co.",
        "Acme Robotics & Co.",
        "Acme Robotics Company",
        "  Acme   Robotics   GmbH ",
        "Acme Robotics AG",
        "Acme Robotics S.A.",
        "Acme Robotics S. A.",
        "Acme Robotics SA",
        "Acme Robotics plc",
        "Acme Robotics B.V.",
        "Acme Robotics N.V.",
        "Acme Robotics Pty Ltd",
        "Acme Robotics Pvt. Ltd.",
        "Acme Robotics Oy",
        "Acme Robotics AB",
        "Acme Robotics S.r.l.",
        "Acme Robotics SAS",
        "Acme Robotics K.K.",
        "Ácme Robótics",
        "ACME-Robotics Inc",
        "The Acme Robotics Company",
    ],
)
def test_spellings_of_one_company_normalise_alike(spelling: str) -> None:
    assert normalise_company(spelling) == "acme robotics"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # A leading "the" goes too: "The Acme Company" is the same firm as "Acme".
        ("The Acme Company", "acme"),
        ("Smith & Co", "smith"),
        ("Procter & Gamble Co.", "procter and gamble"),
        ("AT&T Inc.", "at and t"),
        ("Margie's Travel", "margies travel"),
        # Suffixes go only from the end.
        ("Co-op Bank", "co op bank"),
        ("Incorporated Widgets", "incorporated widgets"),
        ("Limited Brands Inc", "limited brands"),
        # Never reduced to nothing.
        ("Inc.", "inc"),
        ("The Company", "company"),
        ("The", "the"),
        ("!!!", "!!!"),
        ("", ""),
    ],
)
def test_company_normalisation_edge_cases(name: str, key: str) -> None:
    assert normalise_company(name) == key


# -- warmth ------------------------------------------------------------------------------------


def test_warmth_of_a_recent_talk() -> None:
    warmth = warmth_of(person(1, "Dana"), [days_ago(12)], TODAY)
    assert warmth.value == pytest.approx(TWELVE_DAYS)
    assert (warmth.label, warmth.phrase) == ("warm", "talked 12 days ago")
    assert (warmth.last_talked, warmth.talks_last_year) == (days_ago(12), 1)


def test_warmth_never_talked_is_cold_but_present() -> None:
    stranger = warmth_of(person(1, "Sam"), [], TODAY)
    assert (stranger.value, stranger.label, stranger.phrase) == (0.03, "cold", "never talked")
    linked = warmth_of(person(1, "Sam", connected=date(2021, 3, 1), linkedin=True), [], TODAY)
    assert (linked.value, linked.phrase) == (0.05, "never talked; connected on LinkedIn in 2021")
    connected = warmth_of(person(1, "Sam", connected=date(2021, 3, 1)), [], TODAY)
    assert connected.phrase == "never talked; connected in 2021"


def test_warmth_decays_with_time_and_grows_with_frequency() -> None:
    dana = person(1, "Dana")
    values = [warmth_of(dana, [days_ago(d)], TODAY).value for d in (0, 12, 60, 200, 1000)]
    assert values == sorted(values, reverse=True)
    assert values[-1] == 0.05  # long ago: the floor of someone we once talked to
    often = warmth_of(dana, [days_ago(12), days_ago(40), days_ago(70), days_ago(100)], TODAY)
    assert often.value > values[1]
    assert often.talks_last_year == 4
    assert [warmth_of(dana, [days_ago(d)], TODAY).label for d in (12, 60, 200)] == [
        "warm",
        "cooling",
        "cold",
    ]


def test_planned_conversations_do_not_warm() -> None:
    warmth = warmth_of(person(1, "Dana"), [TODAY + timedelta(days=3)], TODAY)
    assert warmth.phrase == "never talked"


def test_tie_weights() -> None:
    assert [tie_weight(s) for s in (1, 3, 5)] == pytest.approx([0.18, 0.54, 0.9])


# -- paths -------------------------------------------------------------------------------------

ACME = "Acme Robotics, Inc."


def test_direct_warm_contact_beats_an_intro_of_equal_warmth() -> None:
    g = graph(
        [person(1, "Dana Nguyen"), person(2, "Sam Park", ACME)],
        [tie(1, 2, 5)],
        {1: [days_ago(12)], 2: [days_ago(12)]},
    )
    paths = only(g.paths("Acme Robotics"))
    # The intro scores below messaging Sam directly, so it is not suggested at all.
    assert [p.people for p in paths] == [(2,)]
    assert paths[0].score == pytest.approx(TWELVE_DAYS)
    intros = only(g.paths("Acme Robotics", direct=False))
    assert [p.people for p in intros] == [(1, 2)]
    assert intros[0].score == pytest.approx(TWELVE_DAYS * 0.9)


def test_warm_intro_beats_a_cold_direct_message_and_reads_right() -> None:
    g = graph(
        [
            person(1, "Dana Nguyen"),
            person(
                2,
                "Sam Park",
                ACME,
                "Engineering Manager",
                connected=date(2021, 5, 2),
                linkedin=True,
            ),
        ],
        [tie(1, 2, 4, "brother")],
        {1: [days_ago(12)]},
    )
    result = g.paths("acme robotics")
    assert (result.kind, result.label, result.total) == ("company", ACME, 1)
    intro, direct = only(result)
    assert intro.people == (1, 2)
    assert intro.names == ("Dana Nguyen", "Sam Park")
    assert intro.hops == 2
    assert intro.score == pytest.approx(TWELVE_DAYS * 0.72)
    assert intro.explanation == (
        "You → Dana Nguyen (talked 12 days ago, warm) → Sam Park (Dana's brother, strength 4), "
        "Engineering Manager at Acme Robotics, Inc."
    )
    assert intro.next_step == "Ask Dana Nguyen to introduce you to Sam Park"
    assert not intro.first_hop_stale
    assert [(e.source, e.target, e.label) for e in intro.edges] == [
        (None, 1, "talked 12 days ago, warm"),
        (1, 2, "Dana's brother, strength 4"),
    ]
    assert intro.edges[1].weight == pytest.approx(0.72)
    assert direct.people == (2,)
    assert direct.score == 0.05
    assert direct.explanation == (
        "You → Sam Park (never talked; connected on LinkedIn in 2021, cold), "
        "Engineering Manager at Acme Robotics, Inc."
    )
    assert direct.next_step == (
        "Message Sam Park directly: you never talked; connected on LinkedIn in 2021"
    )
    assert direct.first_hop_stale
    # Cold, but messaged directly, as the next step says: not flagged "reconnect first".
    assert not direct.reconnect_first and not intro.reconnect_first


def test_three_hop_wording_and_a_stale_first_hop() -> None:
    people = [
        person(1, "Dana Nguyen"),
        person(2, "Lee Kim"),
        person(3, "Sam Park", ACME),
        person(4, "Omar Haddad"),
    ]
    # Dana is warm; Omar was last seen 8 months ago (cold: reconnect first).
    ties = [tie(1, 2, 5, "college friend"), tie(2, 3, 5), tie(4, 2, 5, "neighbour")]
    g = graph(people, ties, {1: [days_ago(12)], 4: [days_ago(240)]})
    warm, cold = only(g.paths("Acme"))[:2]
    assert warm.people == (1, 2, 3)
    assert warm.hops == 3
    assert warm.explanation == (
        "You → Dana Nguyen (talked 12 days ago, warm) → Lee Kim (Dana's college friend, "
        "strength 5) → Sam Park (knows Lee, strength 5), works at Acme Robotics, Inc."
    )
    assert warm.next_step == "Ask Dana Nguyen to ask Lee Kim to introduce you to Sam Park"
    assert not warm.first_hop_stale
    assert cold.people == (4, 2, 3)
    assert cold.first_hop_stale and cold.reconnect_first
    assert cold.next_step == (
        "Reconnect with Omar Haddad first, then ask them to ask Lee Kim for an intro to Sam Park"
    )


def test_stale_two_hop_and_staleness_passed_in() -> None:
    people = [person(1, "Dana Nguyen"), person(2, "Sam Park", ACME)]
    talks = {1: [days_ago(12)]}
    fresh = only(graph(people, [tie(1, 2, 5)], talks).paths("Acme"))[0]
    assert not fresh.first_hop_stale
    # Past Dana's cadence (as the view model decides): reconnect first, however warm.
    overdue = only(graph(people, [tie(1, 2, 5)], talks, is_stale={1}.__contains__).paths("Acme"))
    assert overdue[0].first_hop_stale
    assert (
        overdue[0].next_step
        == "Reconnect with Dana Nguyen first, then ask for an intro to Sam Park"
    )


def test_current_employees_rank_ahead_of_past_ones() -> None:
    g = graph(
        [
            person(1, "Ann Zed", "Globex Corporation", "Designer"),
            person(2, "Bob Abbot", "Initech", past=["Globex Corp."]),
            person(3, "Cy Young", past=["globex"]),
        ],
        talks={1: [days_ago(12)], 2: [days_ago(12)], 3: [days_ago(12)]},
    )
    result = g.paths("Globex")
    assert [(t.name, t.current) for t in result.targets] == [
        ("Ann Zed", True),
        ("Bob Abbot", False),
        ("Cy Young", False),
    ]
    ann, bob, cy = result.targets
    assert bob.score == pytest.approx(ann.score * PAST_FACTOR)
    assert ann.detail == "Designer at Globex Corporation"
    assert bob.detail == "worked at Globex Corp.; now works at Initech"
    assert cy.detail == "worked at globex"
    assert bob.best[0].explanation == (
        "You → Bob Abbot (talked 12 days ago, warm), worked at Globex Corp.; now works at Initech"
    )


def test_a_warm_former_employee_outranks_a_cold_current_one() -> None:
    g = graph(
        [person(1, "Ann Zed", "Globex"), person(2, "Bob Abbot", past=["Globex"])],
        talks={2: [days_ago(3)]},
    )
    assert [t.name for t in g.paths("Globex").targets] == ["Bob Abbot", "Ann Zed"]


def test_someone_who_still_works_there_is_not_also_a_past_employee() -> None:
    g = graph([person(1, "Ann Zed", "Globex", past=["Globex Inc", "GLOBEX"])])
    targets = g.paths("Globex").targets
    assert [(t.person_id, t.current) for t in targets] == [(1, True)]


def test_a_triangle_never_loops() -> None:
    g = graph(
        [person(1, "Ann"), person(2, "Bea"), person(3, "Cy", "Globex")],
        [tie(1, 2), tie(2, 3), tie(1, 3)],
        {1: [days_ago(5)], 2: [days_ago(5)]},
    )
    paths = only(g.paths("Globex", per_target=20, direct=False))
    assert {p.people for p in paths} == {(1, 3), (2, 3), (2, 1, 3), (1, 2, 3)}
    assert all(len(set(p.people)) == len(p.people) for p in paths)


def test_a_longer_cycle_never_loops_and_stays_within_three_hops() -> None:
    # 1-2-3-4-5-1, target 5.
    people = [person(i, f"P{i}") for i in range(1, 5)] + [person(5, "P5", "Globex")]
    ties = [tie(1, 2), tie(2, 3), tie(3, 4), tie(4, 5), tie(5, 1)]
    g = graph(people, ties, {i: [days_ago(5)] for i in range(1, 5)})
    paths = only(g.paths("Globex", per_target=20, direct=False))
    assert {p.people for p in paths} == {(1, 5), (4, 5), (2, 1, 5), (3, 4, 5)}
    assert all(len(set(p.people)) == len(p.people) <= 3 for p in paths)


def test_four_hops_away_is_reached_only_directly() -> None:
    # You talk to P1 often; P1-P2-P3-P4 is a chain and P4 works at Globex.
    people = [person(1, "P1"), person(2, "P2"), person(3, "P3"), person(4, "P4", "Globex")]
    ties = [tie(1, 2, 5), tie(2, 3, 5), tie(3, 4, 5)]
    g = graph(people, ties, {1: [days_ago(1), days_ago(8), days_ago(15)]})
    assert [p.people for p in only(g.paths("Globex", per_target=20))] == [(4,)]
    intros = only(g.paths("Globex", per_target=20, direct=False))
    assert {p.people for p in intros} == {(3, 4), (2, 3, 4)}


def test_equal_scores_are_broken_by_folded_names() -> None:
    people = [
        person(1, "Zoe Adams"),
        person(2, "Ana Zed"),
        person(3, "Émile Brun"),
        person(4, "Sam Park", "Globex"),
        person(5, "Kim Ode", "Globex"),
        person(6, "eve Lund", "Globex"),
    ]
    ties = [tie(1, 4, 5), tie(2, 4, 5), tie(3, 4, 5)]
    talks = {1: [days_ago(12)], 2: [days_ago(12)], 3: [days_ago(12)]}
    result = graph(people, ties, talks).paths("Globex")
    sam = result.targets[0]
    assert [p.names[0] for p in sam.best] == ["Ana Zed", "Émile Brun", "Zoe Adams"]
    # Kim and eve are equally cold: by folded name, whatever the case.
    assert [t.name for t in result.targets] == ["Sam Park", "eve Lund", "Kim Ode"]
    # The same network given in another order gives the same answer.
    again = graph(reversed(people), reversed(ties), talks).paths("Globex")
    assert again == result


def test_results_are_limited_but_counted() -> None:
    people = [person(i, f"Person {i:02}", "Globex") for i in range(1, 21)]
    result = graph(people).paths("Globex", limit=5)
    assert len(result.targets) == 5
    assert result.total == 20


def test_archived_people_are_left_out() -> None:
    g = graph(
        [person(1, "Dana"), person(2, "Sam", "Globex"), person(3, "Old", "Globex", archived=True)],
        [tie(1, 2, 5), tie(1, 3, 5)],
        {1: [days_ago(2)]},
    )
    assert [t.person_id for t in g.paths("Globex").targets] == [2]
    assert 3 not in g
    assert g.paths(3).reason_if_empty.startswith("Nobody with id 3")


# -- empty results -----------------------------------------------------------------------------


def test_nobody_there_says_so() -> None:
    result = graph([person(1, "Dana", "Initech")]).paths("Globex")
    assert (result.kind, result.targets, result.total) == ("company", (), 0)
    assert result.reason_if_empty == "Nobody in your notebook works or worked at Globex."
    assert result.suggestion.startswith("Add Globex as the company or a past company")


def test_people_there_but_no_path_says_so() -> None:
    g = graph(
        [person(1, "Dana"), person(2, "Sam", "Globex Corp"), person(3, "Kim", past=["Globex"])],
        talks={1: [days_ago(2)]},
    )
    result = g.paths("globex", direct=False)
    assert result.targets == ()
    assert result.reason_if_empty == (
        "2 people at Globex, but no path: nobody you know is tied to them."
    )
    assert "tie" in result.suggestion
    person_result = g.paths("Sam", direct=False)
    assert person_result.reason_if_empty == "No path to Sam: nobody you know is tied to them."
    g_tag = graph([person(1, "Rae", title="Recruiter")])
    assert g_tag.paths("recruiter", direct=False).reason_if_empty == (
        '1 person match "recruiter", but no path: nobody you know is tied to them.'
    )


def test_an_empty_query_asks_for_one() -> None:
    result = graph([person(1, "Dana")]).paths("   ")
    assert result.targets == ()
    assert result.reason_if_empty.startswith("Type a company")


# -- queries by person and by tag or title -----------------------------------------------------


def test_person_queries_by_name_and_id() -> None:
    g = graph(
        [person(1, "Dana Nguyen"), person(2, "José Álvarez", "Initech", "CTO")],
        [tie(1, 2, 5, "mentor")],
        {1: [days_ago(3)]},
    )
    for query in ("jose alvarez", "  JOSÉ   ÁLVAREZ ", 2):
        result = g.paths(query)
        assert (result.kind, result.label) == ("person", "José Álvarez")
        assert only(result)[0].people == (1, 2)
    assert only(g.paths(2))[0].explanation == (
        "You → Dana Nguyen (talked 3 days ago, warm) → José Álvarez (Dana's mentor, strength 5), "
        "CTO at Initech"
    )


def test_people_with_the_same_name_are_all_targets() -> None:
    g = graph([person(1, "Sam Park", "Globex"), person(2, "Sam Park", "Initech")])
    assert [t.person_id for t in g.paths("Sam Park").targets] == [1, 2]


def test_tag_and_title_queries() -> None:
    g = graph(
        [
            person(1, "Rae", title="Technical Recruiter"),
            person(2, "Max", tags=["recruiter", "mentor"]),
            person(3, "Uma", title="Recruitment Lead"),
            person(4, "Hal", "Globex", "Hiring Manager"),
            person(5, "Ida", tags=["Hiring manager"]),
            person(6, "Ned", title="Hiring Coordinator"),
        ]
    )
    recruiters = g.paths("recruiter")
    assert recruiters.kind == "tag"
    assert {t.name for t in recruiters.targets} == {"Rae", "Max"}
    assert {t.name for t in g.paths("Hiring Manager").targets} == {"Hal", "Ida"}
    # A phrase never spans two tags.
    assert g.resolve_target("recruiter mentor").found is False


def test_resolving_text() -> None:
    g = graph(
        [
            person(1, "Rae", "Recruiter Co", "Designer"),
            person(2, "Max", tags=["recruiter"]),
            person(3, "Sam Park", "Acme Robotics, Inc."),
            person(4, "Kim", "Acme Widgets"),
            person(5, "Lou", "Acme Widgets 2"),
        ]
    )
    # A company wins over a tag.
    assert g.resolve_target("recruiter").kind == "company"
    assert g.resolve_target("Sam Park").kind == "person"
    # The start of exactly one company's name is that company.
    assert g.resolve_target("acme rob").found is False
    assert g.resolve_target("acme robotics").label == "Acme Robotics, Inc."
    ambiguous = g.resolve_target("acme")
    assert (ambiguous.found, ambiguous.alternatives) == (
        False,
        ("Acme Robotics, Inc.", "Acme Widgets", "Acme Widgets 2"),
    )
    assert g.paths("acme").reason_if_empty == (
        '"acme" starts several company names: Acme Robotics, Inc.; Acme Widgets; Acme Widgets 2.'
    )
    assert g.resolve_target("Acme Widgets").label == "Acme Widgets"
    unknown = g.resolve_target("Globex")
    assert (unknown.kind, unknown.label, unknown.found) == ("company", "Globex", False)
    assert g.company_name("ACME ROBOTICS LLC") == "Acme Robotics, Inc."


def test_a_company_is_named_as_most_people_spell_it() -> None:
    g = graph(
        [
            person(1, "A", "Globex Corp"),
            person(2, "B", "Globex Corporation"),
            person(3, "C", past=["Globex Corporation"]),
        ]
    )
    assert g.paths("globex").label == "Globex Corporation"


def test_completions() -> None:
    g = graph(
        [
            person(1, "Dana Nguyen", "Acme Robotics, Inc.", "Technical Recruiter"),
            person(2, "Sam Park", "Acme Robotics 10", tags=["recruiter"]),
            person(3, "Acme Lover", "Acme Robotics 2"),
            person(4, "Rob Acton", "Initech", "Hiring Manager"),
        ]
    )
    assert g.completions("ac") == [
        "Acme Robotics, Inc.",
        "Acme Robotics 2",
        "Acme Robotics 10",
        "Acme Lover",
        "Rob Acton",
    ]
    assert g.completions("ac", limit=2) == ["Acme Robotics, Inc.", "Acme Robotics 2"]
    # Whole-text prefixes first, then a word starting with the prefix.
    assert g.completions("rob") == [
        "Rob Acton",
        "Acme Robotics, Inc.",
        "Acme Robotics 2",
        "Acme Robotics 10",
    ]
    assert g.completions("RECR") == ["recruiter", "Technical Recruiter"]
    assert g.completions("hiring m") == ["Hiring Manager"]
    assert g.completions("  ") == []


# -- the view model ----------------------------------------------------------------------------


def test_view_model_warmth(tmp_path: Path, open_notebook: Callable[[Path], Notebook]) -> None:
    nb = open_notebook(tmp_path / "n.json")
    dana = nb.people.add(Person(name="Dana Nguyen"))
    assert nb.referrals.warmth(dana.id or 0).phrase == "never talked"
    nb.conversations.note([dana.id or 0], when=days_ago(12), summary="coffee")
    warmth = nb.referrals.warmth(dana.id or 0)
    assert (warmth.label, warmth.phrase) == ("warm", "talked 12 days ago")
    assert warmth.value == pytest.approx(TWELVE_DAYS)


def test_view_model_referrals_follow_every_write(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    nb = open_notebook(tmp_path / "n.json")
    dana = nb.people.add(Person(name="Dana Nguyen"))
    sam = nb.people.add(Person(name="Sam Park", company="Acme Robotics, Inc."))
    assert nb.referrals.find("Globex").reason_if_empty.startswith("Nobody in your notebook")
    assert [p.people for p in only(nb.referrals.find("acme"))] == [(sam.id,)]
    nb.ties.add(dana.id or 0, sam.id or 0, relation="brother", strength=4)
    nb.conversations.note([dana.id or 0], when=days_ago(12))
    best = only(nb.referrals.find("Acme"))[0]
    assert best.next_step == "Ask Dana Nguyen to introduce you to Sam Park"
    # Talking to Sam makes the direct message the better path.
    nb.conversations.note([sam.id or 0], when=TODAY)
    assert only(nb.referrals.find("Acme"))[0].people == (sam.id,)
    # New people and new companies are found at once.
    result = nb.conversations.note([NewPerson("Kim Ode")], when=TODAY)
    kim = result.created[0]
    nb.people.edit(Person(name="Kim Ode", company="Globex", id=kim.id))
    assert [t.name for t in nb.referrals.find("Globex").targets] == ["Kim Ode"]
    assert "Globex" in nb.referrals.completions("glo")
    nb.people.archive(kim.id or 0)
    assert nb.referrals.find("Globex").targets == ()


def test_view_model_referral_limit(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    nb = open_notebook(tmp_path / "n.json")
    for n in range(4):
        nb.people.add(Person(name=f"Person {n}", title="Recruiter"))
    result = nb.referrals.find("recruiter", limit=2)
    assert (len(result.targets), result.total, result.kind) == (2, 4, "tag")


def test_view_model_on_the_demo_notebook(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    nb = open_notebook(demo_file)
    result = nb.referrals.find("Acme Robotics")
    assert result.targets
    scores = [t.score for t in result.targets]
    assert scores == sorted(scores, reverse=True)
    for target in result.targets:
        for path in target.best:
            assert 1 <= path.hops <= 3
            assert len(set(path.people)) == path.hops
            assert path.people[-1] == target.person_id
            assert path.explanation.startswith("You → ")
    assert nb.referrals.find("Acme Robotics") == result


def test_writes_update_referrals_without_starting_again(tmp_path: Path) -> None:
    """A note only moves warmth; people and ties update the indexes a query built, in place."""
    notebook = Notebook.open(tmp_path / "nb.json", today=date(2026, 11, 25))
    try:
        dana = notebook.people.add(Person(name="Dana", company="Acme"))
        sam = notebook.people.add(Person(name="Sam", company="Globex"))
        tie = notebook.ties.add(dana.id or 0, sam.id or 0, strength=5)
        before = notebook.referrals.find("Globex")
        referrals = notebook.referrals._cache
        notebook.conversations.note([dana.id or 0], when=date(2026, 11, 24), summary="Coffee")
        after = notebook.referrals.find("Globex")
        assert after.targets[0].best[0].score > before.targets[0].best[0].score
        lee = notebook.people.add(Person(name="Lee", company="Globex Inc."))
        assert notebook.referrals.find("Globex").total == 2
        notebook.people.edit(replace(lee, company="Initech", past_companies=("GLOBEX",)))
        assert [t.detail for t in notebook.referrals.find("globex").targets] == [
            "works at Globex",
            "worked at GLOBEX; now works at Initech",
        ]
        assert notebook.referrals.find("Initech").targets[0].name == "Lee"
        notebook.ties.remove(tie.id or 0)
        assert [p.people for p in notebook.referrals.find("Globex").targets[0].best] == [(sam.id,)]
        notebook.people.forget(sam.id or 0)
        assert notebook.referrals.find("Globex").total == 1
        notebook.people.forget(lee.id or 0)
        assert notebook.referrals.find("Globex").reason_if_empty.startswith(
            "Nobody in your notebook"
        )
        assert "Initech" not in notebook.referrals.completions("ini")
        assert notebook.referrals._cache is referrals  # kept throughout
    finally:
        notebook.close()


def test_namesakes_in_one_answer_are_told_apart(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    """ "You ─ Luca Ivanova ─ Olga Mwangi ─ Luca Ivanova" read as a loop: it is two Lucas."""
    nb = open_notebook(tmp_path / "n.json")
    mine = nb.people.add(Person(name="Luca Ivanova", company="Globex"))
    olga = nb.people.add(Person(name="Olga Mwangi"))
    theirs = nb.people.add(Person(name="Luca Ivanova", company="Acme"))
    nb.ties.add(mine.id or 0, olga.id or 0, relation="friend", strength=4)
    nb.ties.add(olga.id or 0, theirs.id or 0, relation="colleague", strength=4)
    nb.conversations.note([mine.id or 0], when=days_ago(3))
    (target,) = nb.referrals.find("Acme").targets
    assert target.name == "Luca Ivanova (Acme)"
    (path,) = [p for p in target.best if len(p.people) == 3]
    assert path.names == ("Luca Ivanova (Globex)", "Olga Mwangi", "Luca Ivanova (Acme)")
    assert path.next_step == (
        "Ask Luca Ivanova (Globex) to ask Olga Mwangi to introduce you to Luca Ivanova (Acme)"
    )
    # Alone in an answer, a name is just the name.
    assert nb.referrals.find("Globex").targets[0].name == "Luca Ivanova"

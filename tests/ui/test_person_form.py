"""The person form: add (a) and edit (e), errors beside their fields, duplicates asked about."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from notebook.app import NotebookApp
from notebook.modals.confirm import ConfirmModal
from notebook.modals.person_form import PersonForm
from notebook.records import Person
from notebook.screens.people import PeopleScreen
from notebook.screens.person import PersonScreen
from notebook.viewmodel import Notebook

from ..conftest import SIZE
from .burst import burst, settle
from .helpers import notifications, screen_text, wait_until
from .test_person import PROBES, field_error, open_keys, open_person, rich_person


def field_hint(app: NotebookApp, key: str) -> str:
    return str(app.screen.query_one(f"#field-{key} .field-message", Static).visual)


def typed(app: NotebookApp, key: str) -> str:
    return app.screen.query_one(f"#{key}-input", Input).value


async def fill(pilot: Pilot[None], **fields: str) -> None:
    """Type into form fields by key, as if tabbed to: clear each, then type it in one burst,
    as a text expander or a laggy link sends it."""
    for key, text in fields.items():
        widget = pilot.app.screen.query_one(f"#{key}-input")
        widget.focus()
        if isinstance(widget, TextArea):
            widget.clear()
            lines = text.split("\n")
            await burst(pilot, *[part for line in lines for part in ("<enter>", line)][1:])
            await settle(pilot, lambda _app, area=widget, text=text: area.text == text)
        else:
            assert isinstance(widget, Input)
            await burst(pilot, "<ctrl+a>", "<ctrl+k>", text)
            await settle(pilot, lambda _app, box=widget, text=text: box.value == text)


async def test_invalid_email_is_shown_beside_emails_and_keeps_the_rest(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    pid = person.id or 0
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("e")
        assert isinstance(app.screen, PersonForm)
        await fill(pilot, title="VP Sales", emails="felix at work", location="Porto")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonForm)  # still open
        assert "not an email address" in field_error(app, "emails")
        assert field_error(app, "title") == ""
        assert (typed(app, "title"), typed(app, "emails"), typed(app, "location")) == (
            "VP Sales",
            "felix at work",
            "Porto",
        )
        assert app.screen.query_one("#emails-input").has_focus
        assert reopen(demo_file).people.get(pid).title == person.title  # nothing saved
        await fill(pilot, emails="felix@work.example, felix@home.example")
        assert field_error(app, "emails") == ""  # a fresh edit clears the old error
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonScreen), "the save")
    saved = reopen(demo_file).people.get(pid)
    assert (saved.title, saved.location) == ("VP Sales", "Porto")
    assert saved.emails == ("felix@work.example", "felix@home.example")
    assert saved.tags == person.tags and saved.notes == person.notes  # untouched fields kept


async def test_tabbing_into_a_filled_field_replaces_a_line_and_adds_to_a_paragraph(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    assert person.how_met and person.title
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("e")
        assert isinstance(app.screen, PersonForm)
        form = app.screen
        # Tab from field to field, as a user does, to the title and then to "How met".
        while not form.query_one("#title-input").has_focus:
            await pilot.press("tab")
        await pilot.press(*"Head of Sales")  # a one-line field: typing replaces it whole
        while not form.query_one("#how_met-input").has_focus:
            await pilot.press("tab")
        await pilot.press(*", again in 2026")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonScreen), "the save")
    saved = reopen(demo_file).people.get(person.id or 0)
    assert saved.title == "Head of Sales"
    assert saved.how_met == f"{person.how_met}, again in 2026"


async def test_a_adds_a_person_with_every_field(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    via = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, PersonForm)
        await fill(
            pilot,
            name="Dana Quist",
            title="Recruiter",
            company="Acme Robotics",
            past_companies="Globex, Initech",
            emails="dana@acme.example",
            phones="+1 555 0100, +1 555 0101",
            location="Leeds",
            tags="recruiter, climbing gym",
            linkedin_url="https://www.linkedin.com/in/dana-quist",
            met_via=via.name,
            how_met="climbing gym",
            notes="Hiring for robotics.\nLikes tea.",
            cadence_days="45",
            connected_on="2024-03-01",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()  # the dialog closes once its save is on disk
        assert isinstance(app.screen, PeopleScreen)
        assert "Added Dana Quist" in notifications(app)
        # Highlighted in the list: enter opens them, not whoever was highlighted before.
        await pilot.pause()
        highlighted = app.screen.people_list.highlighted
        assert highlighted is not None and highlighted.name == "Dana Quist"
    [dana] = reopen(demo_file).people.find_by_name("Dana Quist")
    assert (dana.title, dana.company, dana.location) == ("Recruiter", "Acme Robotics", "Leeds")
    assert dana.past_companies == ("Globex", "Initech")
    assert dana.emails == ("dana@acme.example",)
    assert dana.phones == ("+1 555 0100", "+1 555 0101")
    assert dana.tags == ("recruiter", "climbing gym")
    assert dana.linkedin_url == "https://www.linkedin.com/in/dana-quist"
    assert dana.met_via == via.id
    assert (dana.how_met, dana.notes) == ("climbing gym", "Hiring for robotics.\nLikes tea.")
    assert (dana.cadence_days, dana.connected_on) == (45, date(2024, 3, 1))


async def test_adding_an_existing_name_asks_first(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    existing = rich_person(app.notebook)
    count = app.notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await fill(pilot, name=existing.name)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.message == (
            f"There is already a {existing.name} ({existing.role}). Add another?"
        )
        await pilot.press("n")  # go back to the form, typed name intact
        assert isinstance(app.screen, PersonForm) and typed(app, "name") == existing.name
        assert reopen(demo_file).people.count() == count
        await pilot.press("ctrl+s", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen), "the save")
    assert len(reopen(demo_file).people.find_by_name(existing.name)) == 2


async def test_escape_asks_only_when_something_changed(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    count = app.notebook.people.count()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "escape")  # nothing typed: closes at once
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("a", *"Half Typed", "escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, PersonForm) and typed(app, "name") == "Half Typed"
        await pilot.press("escape", "y")  # discard
        assert isinstance(app.screen, PeopleScreen)
    assert reopen(demo_file).people.count() == count


async def test_met_via_must_name_someone_in_the_notebook(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    via = next(p for p in app.notebook.people.all() if p.id != person.id)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("e")
        await fill(pilot, met_via="Nobody Byname")
        await pilot.press("ctrl+s")
        assert "nobody called Nobody Byname" in field_error(app, "met_via")
        assert reopen(demo_file).people.get(person.id or 0).met_via is None
        await fill(pilot, met_via=via.name)
        assert via.name in screen_text(app)  # resolved beside the field as it is typed
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonScreen), "the save")
        assert via.name in screen_text(app)  # "Met via" on the profile
    assert reopen(demo_file).people.get(person.id or 0).met_via == via.id


async def test_met_via_reads_names_only_by_the_shells_rule_and_suggests_for_typos(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    notebook = app.notebook
    dana = notebook.people.find_by_name("Dana Nguyen")[0]
    notebook.people.add(Person(name="Bob Baker", notes="Bakes banana bread for the team."))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await fill(pilot, name="Cy New", met_via="Ana")  # in Bob's notes, in nobody's name
        assert "Bob" not in field_hint(app, "met_via")  # at most a name a letter away
        await pilot.press("ctrl+s")
        assert field_error(app, "met_via").startswith("nobody called Ana in the notebook;")
        assert "Bob" not in field_error(app, "met_via")
        await fill(pilot, met_via="dana nguyn")  # a typo is suggested, never taken
        assert field_hint(app, "met_via") == "did you mean Dana Nguyen?"
        await pilot.press("ctrl+s")
        assert field_error(app, "met_via") == (
            "nobody called dana nguyn in the notebook; did you mean Dana Nguyen?"
        )
        await fill(pilot, met_via="dana ng")
        assert field_hint(app, "met_via") == f"→ Dana Nguyen · {dana.role}"
        await pilot.press("ctrl+s")  # the form closes once the save is on disk
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen), "the form saved")
    (cy,) = reopen(demo_file).people.find_by_name("Cy New")
    assert cy.met_via == dana.id


async def test_a_date_that_isnt_one_is_shown_beside_connected_on(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    person = rich_person(app.notebook)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, person)
        await pilot.press("e")
        await fill(pilot, connected_on="3/4/2026", cadence_days="0")
        await pilot.press("ctrl+s")
        assert "ambiguous" in field_error(app, "connected_on")
        assert typed(app, "connected_on") == "3/4/2026"
        await fill(pilot, connected_on="2026-04-03")
        await pilot.press("ctrl+s")  # the date is fine now; the cadence is not
        assert "between 1 and 3650" in field_error(app, "cadence_days")
    assert reopen(demo_file).people.get(person.id or 0).connected_on == person.connected_on


async def test_probe_names_typed_in_the_form_show_literally(
    app: NotebookApp, demo_file: Path, reopen: Callable[..., Notebook]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await fill(pilot, name=PROBES[2], company=PROBES[1], title=PROBES[0], notes=PROBES[3])
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: f"Added {PROBES[2]}" in notifications(app), "the save")
        [saved] = reopen(demo_file).people.find_by_name(PROBES[2])
        app.push_screen(PersonScreen(saved.id or 0))
        await pilot.pause()
        assert f"{PROBES[2]}  {PROBES[0]} @ {PROBES[1]}" in screen_text(app)
        await pilot.click("#person-header", offset=(2, 0))
        assert app.is_running and isinstance(app.screen, PersonScreen)
    assert (saved.company, saved.title, saved.notes) == (PROBES[1], PROBES[0], PROBES[3])


# -- snapshots ------------------------------------------------------------------------------


def test_edit_form_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    person = rich_person(app.notebook)
    # Open the demo's richest person from People, then "e" opens the edit form.
    assert snap_compare(app, press=[*open_keys(person.name), "e"], terminal_size=SIZE)


def test_form_validation_error_snapshot(
    snap_compare: Callable[..., bool], app: NotebookApp
) -> None:
    person = rich_person(app.notebook)
    keys = [
        *open_keys(person.name),  # open the person
        "e",  # edit
        "tab",  # name → title
        "tab",  # title → company
        "tab",  # company → past companies
        "tab",  # past companies → emails (its text is selected on focus)
        *"not an email",  # replace it with something that isn't an email
        "ctrl+s",  # save: refused, the message sits beside Emails
    ]
    assert snap_compare(app, press=keys, terminal_size=SIZE)

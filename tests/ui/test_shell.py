"""The app shell: modes, help, the command palette, themes and the keymap."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette

from notebook import app as app_module
from notebook import userconfig
from notebook.app import NotebookApp
from notebook.modals.note import NoteModal
from notebook.records import Person
from notebook.screens.help import HelpScreen
from notebook.screens.journal import JournalScreen
from notebook.screens.person import PersonScreen
from notebook.themes import ThemeFileError, load_themes, read_theme, shipped_themes_dir
from notebook.viewmodel import Notebook

from ..conftest import SIZE
from .helpers import palette_hits, screen_text, wait_until


async def test_number_keys_switch_modes(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for key, mode in (("2", "journal"), ("3", "refer"), ("4", "reconnect"), ("5", "followups")):
            await pilot.press(key)
            assert app.current_mode == mode
            if mode == "refer":
                # Refer opens in its target box, where digits are typed; escape leaves it.
                await pilot.press("escape")
        await pilot.press("1")
        assert app.current_mode == "people"


async def test_help_lists_every_key_of_the_screen_including_hidden_ones(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = {binding_id for _, _, binding_id in app.screen.rows}
        # Footer keys, the list's hidden vim keys, and this screen's own keys.
        assert {
            "note",
            "add_person",
            "mode.journal",
            "list.down",
            "list.last",
            "people.sort",
        } <= ids
        keys = {keys for keys, _, _ in app.screen.rows}
        assert any("j" in k.split() for k in keys)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_opens_a_person_by_name(app: NotebookApp) -> None:
    target = app.notebook.people.all()[5]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*target.name)
        await palette_hits(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.person_id == target.id


async def test_palette_switches_mode(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Journal")
        await palette_hits(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)


async def test_palette_shows_markup_names_literally(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(tmp_path / "probe.json")
    notebook.people.add(Person(name="[@click=app.quit]x"))
    notebook.people.add(Person(name="Eve [/]", company="[link=file:///etc/passwd]x[/]"))
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"eve")
        await palette_hits(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        text = screen_text(app)
        assert "Eve [/]" in text
        assert "[link=file:///etc/passwd]x[/]" in text
        await pilot.press("escape", "ctrl+p", *"click")
        await palette_hits(pilot)
        await pilot.press("enter")  # opens the person; the name must not run app.quit
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, PersonScreen)


async def test_theme_choice_is_remembered_in_the_notebook(
    demo_file: Path, make_app: Callable[[Path], NotebookApp], reopen: Callable[[Path], Notebook]
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "notebook-dark"
        app.theme = "notebook-light"
        await pilot.pause()
    assert reopen(demo_file).setting("theme") == "notebook-light"


async def test_saved_theme_is_applied_at_start(
    demo_file: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    notebook = open_notebook(demo_file)
    notebook.put_setting("theme", "notebook-light")
    app = NotebookApp(notebook, user_files=False)
    async with app.run_test(size=SIZE):
        assert app.theme == "notebook-light"


def test_shipped_themes_include_a_dark_and_a_light_one() -> None:
    themes, problems = load_themes(shipped_themes_dir())
    assert problems == []
    by_name = {t.name: t for t in themes}
    assert by_name["notebook-dark"].dark is True
    assert by_name["notebook-light"].dark is False


def test_user_theme_files_are_loaded_and_bad_ones_reported(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "#112233"\ndark = true\n')
    (tmp_path / "broken.toml").write_text("name = \n")
    (tmp_path / "odd.toml").write_text('name = "odd"\nprimary = "#112233"\ncolour = "red"\n')
    themes, problems = load_themes(shipped_themes_dir(), tmp_path)
    assert "mine" in {t.name for t in themes}
    assert len(problems) == 2
    assert any(p.startswith("broken.toml") for p in problems)
    assert any("unknown fields colour" in p for p in problems)
    with pytest.raises(ThemeFileError, match="needs at least a name"):
        (tmp_path / "empty.toml").write_text("dark = true\n")
        read_theme(tmp_path / "empty.toml")


def test_keymap_file_is_read_and_bad_values_reported(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('note = "ctrl+n"\n"list.down" = "down,ctrl+j"\nbad = 3\n')
    keymap, problems = userconfig.load_keymap(path)
    assert keymap == {"note": "ctrl+n", "list.down": "down,ctrl+j"}
    assert problems and "bad" in problems[0]
    assert userconfig.load_keymap(tmp_path / "missing.toml") == ({}, [])


def test_an_unquoted_dotted_id_means_the_quoted_one(tmp_path: Path) -> None:
    # TOML reads `people.sort = "o"` as a table "people" holding "sort".
    path = tmp_path / "keymap.toml"
    path.write_text('people.sort = "o"\npeople.archived = "ctrl+v"\nnote = "ctrl+n"\n')
    keymap, problems = userconfig.load_keymap(path)
    assert keymap == {"people.sort": "o", "people.archived": "ctrl+v", "note": "ctrl+n"}
    assert problems == []


def test_a_config_folder_that_cannot_be_read_is_said_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder of ours made unreadable (root gets past permission bits, so the kernel's
    # refusal is injected): the app starts with the shipped themes and keys, and says why.
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "keymap.toml").write_text('note = "ctrl+n"\n')
    real_stat, real_scandir = os.stat, os.scandir

    def refused(path: Any) -> bool:
        return str(path).startswith(str(config))

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_stat(path, *args, **kwargs)

    def scandir(path: Any = ".") -> Any:
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)
    themes, problems = load_themes(shipped_themes_dir(), config / "themes")
    assert {"notebook-dark", "notebook-light"} <= {theme.name for theme in themes}
    assert problems == ["themes/: Permission denied"]
    keymap, problems = userconfig.load_keymap(config / "keymap.toml")
    assert keymap == {}
    assert problems[0].startswith("keymap.toml not read, so no key moves: ")
    assert "Permission denied" in problems[0]


async def test_a_remapped_key_runs_the_action(app: NotebookApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"mode.journal": "ctrl+j"})
        await pilot.press("ctrl+j")
        assert app.current_mode == "journal"


def test_help_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    # "?" opens the keys of the People screen.
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_refer_before_a_query_snapshot(snap_compare: Callable[..., bool], app: NotebookApp) -> None:
    # "3" switches to Refer: an empty target box and a word on how paths work.
    assert snap_compare(app, press=["3"], terminal_size=SIZE)


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    """Ids make every key remappable in keymap.toml; tooltips explain them in the footer."""
    import importlib
    import inspect

    from textual.binding import Binding
    from textual.dom import DOMNode

    package = Path(__file__).parents[2] / "notebook"
    checked = 0
    declared: dict[str, str] = {}  # an id is one binding's: words name a key by its id
    for path in package.rglob("*.py"):
        if path.name == "__main__.py":
            continue
        module = importlib.import_module(
            ".".join(path.relative_to(package.parent).with_suffix("").parts)
        )
        for cls in vars(module).values():
            if (
                inspect.isclass(cls)
                and issubclass(cls, DOMNode)
                and cls.__module__ == module.__name__
            ):
                for binding in cls.__dict__.get("BINDINGS", []):
                    assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r}"
                    assert binding.id and binding.tooltip, f"{cls.__name__}: {binding.key}"
                    assert declared.setdefault(binding.id, cls.__name__) == cls.__name__
                    checked += 1
    assert checked > 40


async def test_the_keymap_file_moves_the_keys_the_first_screen_shows(
    demo_file: Path, open_notebook: Callable[[Path], Notebook], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(demo_file.parent / "config"))
    keymap = userconfig.config_dir() / "keymap.toml"
    keymap.parent.mkdir(parents=True)
    # The second line gives the yes of "Are you sure?" the key of its no.
    keymap.write_text('"people.sort" = "ｓ"\n"confirm.yes" = "n"\n', encoding="utf-8")
    app = NotebookApp(open_notebook(demo_file), user_files=True)
    async with app.run_test(size=(130, 24)) as pilot:
        # Checked on a thread once the first screen is drawn, and said.
        await wait_until(pilot, lambda: bool(app._notifications), "the keymap's problem said")
        (said,) = app._notifications
        assert said.title == "Keymap"
        assert "confirm.yes has the key n, which confirm.no has" in said.message
        footer = screen_text(app).splitlines()[-1]
        assert "ｓ Sort" in footer and "s Sort" not in footer.replace("ｓ Sort", "")
        await pilot.press("ｓ")  # the key it names sorts
        assert "sorted by last contact" in screen_text(app)


async def test_every_problem_of_the_config_files_is_said_in_one_message_each(
    demo_file: Path, open_notebook: Callable[[Path], Notebook], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One toast per problem stacked past the top of an 80x24 terminal: the theme files'
    problems, said first, were never seen."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(demo_file.parent / "config"))
    themes = userconfig.themes_dir()
    themes.mkdir(parents=True)
    (themes / "bad.toml").write_text('name = "bad"\nprimary = "notacolour"\n', encoding="utf-8")
    (themes / "broken.toml").write_text('name = "broken\n', encoding="utf-8")
    keymap = userconfig.config_dir() / "keymap.toml"
    keymap.write_text(
        'journal = "ctrl+h"\n"person.edit" = "shift+e"\n"confirm.yes" = "n"\n', encoding="utf-8"
    )
    app = NotebookApp(open_notebook(demo_file), user_files=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(app._notifications) == 2, "both messages")
        skipped, keys = app._notifications
        assert skipped.title == "Config file skipped"
        assert [line.split(":")[0] for line in skipped.message.splitlines()] == [
            "bad.toml",
            "broken.toml",
        ]
        assert keys.title == "Keymap"
        said = keys.message.splitlines()
        assert len(said) == 3 and said[0].startswith("keymap.toml: no key has the id journal")
        assert not any("ctrl+h" in line for line in said)  # ignored, so not judged as well


async def test_the_lines_of_keys_name_the_keys_a_keymap_gives(app: NotebookApp) -> None:
    # Keys that could make markup ("[ done · ] edit") are named as they are, never read so.
    app.set_keymap(
        {
            "people.sort": "left_square_bracket",
            "followups.done": "left_square_bracket",
            "followups.edit_follow_up": "right_square_bracket",
            "people.archived": "ctrl+v",
            "reconnect.snooze": "z",
            "list.open": "l",
        }
    )
    async with app.run_test(size=(130, 24)) as pilot:
        await pilot.pause()
        assert "sorted by name · [ to change" in screen_text(app)
        await pilot.press("4")
        assert "n note · z snooze · c cadence · l open" in screen_text(app)
        await pilot.press("5")
        assert "[ done · ] edit · > reschedule · X delete · u undo · l open" in screen_text(app)


async def test_the_words_of_dialogs_and_screens_name_the_keys_a_keymap_gives(
    app: NotebookApp,
) -> None:
    app.set_keymap(
        {
            "note.save": "right_square_bracket",  # could close markup: named as it is
            "note.close": "ctrl+g",
            "person_form.save": "ctrl+w",
            "person_form.cancel": "ctrl+o",
            "refer.down": "ctrl+n",
            "refer.note": "N",
            "help.f1": "f2",
        }
    )
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("n")
        assert "] saves · ctrl+g closes" in screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.press("a")
        assert "Cancel (ctrl+o)" in screen_text(app) and "Save (ctrl+w)" in screen_text(app)
        await pilot.press("ctrl+o")
        await pilot.press("3")
        text = " ".join(screen_text(app).split())
        assert "then ctrl+n/k move through the paths, N notes a talk" in text
        assert "f2 lists every key" in text


async def test_keys_named_in_words_are_plain_and_follow_the_keymap_everywhere(
    tmp_path: Path, open_notebook: Callable[[Path], Notebook]
) -> None:
    # An empty notebook: its welcome and its lists show the lines that name keys.
    app = NotebookApp(open_notebook(tmp_path / "new.json"), user_files=False)
    app.set_keymap(
        {
            "note": "\x1b[2J\x1b[31m,n",  # control sequences never reach the terminal
            "add_person": "[/]",
            "people.import": "I",
            "quit": "Q",
            "path.complete": "ctrl+l",
            "mode.people": "P",
            "mode.refer": "R",
        }
    )
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        lines = [" ".join(line.split()) for line in screen_text(app).splitlines()]
        assert any(line.startswith("I Import your contacts") for line in lines)
        # A key that is no key (it looks like markup) is not named: there is none that works.
        assert any(line.startswith("(no key) Add a person by hand") for line in lines)
        # A key no terminal sends is passed over: the next one is named.
        assert any(line.startswith("n Note a conversation you just had") for line in lines)
        assert any("Quit (Q) and run notebook --demo" in line for line in lines)
        await pilot.press("2")
        text = screen_text(app)
        assert "No conversations yet: press n to note one." in text
        await pilot.press("4")
        assert "time to talk again. (no key) adds someone." in screen_text(app)
        await pilot.press("R")
        refer = " ".join(screen_text(app).split())
        assert "and P/2/R/4/5 switch views" in refer
        await pilot.press("escape", "P", "I")
        assert "ctrl+l completes · vCard" in screen_text(app)
    assert not any("\x1b" in line for line in text.splitlines())


async def test_a_keymap_check_that_fails_is_said_not_printed(
    demo_file: Path, open_notebook: Callable[[Path], Notebook], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check runs on a thread: a failure there would print a traceback over the screen.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(demo_file.parent / "config"))
    keymap = userconfig.config_dir() / "keymap.toml"
    keymap.parent.mkdir(parents=True)
    keymap.write_text('note = "ctrl+n"\n', encoding="utf-8")

    def failing(*_: object) -> list[str]:
        raise RuntimeError("injected")

    monkeypatch.setattr(app_module, "keymap_problems", failing)
    app = NotebookApp(open_notebook(demo_file), user_files=True)
    async with app.run_test(size=(130, 24)) as pilot:
        await wait_until(pilot, lambda: bool(app._notifications), "the failed check said")
        (said,) = app._notifications
        assert said.message == "keymap.toml could not be checked (injected); its keys are used"
        await pilot.press("ctrl+n")  # and the keymap is in use
        assert isinstance(app.screen, NoteModal)

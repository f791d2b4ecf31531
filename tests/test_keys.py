"""What keymap.toml asks for that cannot work is said at start: ids no key has, and one key
given to two actions that apply together."""

from __future__ import annotations

import os
from pathlib import Path

from notebook.app import NotebookApp
from notebook.keys import keymap_problems, unknown_keys
from notebook.themes import load_themes
from notebook.userconfig import load_keymap


def problems(keymap: dict[str, str]) -> list[str]:
    return keymap_problems(keymap, NotebookApp)


def test_a_keymap_id_no_key_has_is_said() -> None:
    # Ids of dialogs not opened yet (the capture line's close) count as known.
    assert problems({"note": "ctrl+n", "capture.close": "ctrl+g"}) == []
    (problem,) = problems({"note": "ctrl+n", "nte": "ctrl+t", "mode.jornal": "j"})
    assert problem.startswith("keymap.toml: no key has the id mode.jornal, nte (ignored)")
    # Ignored, it is said once: not also judged for a key no terminal sends.
    (problem,) = problems({"journal": "ctrl+h"})
    assert problem.startswith("keymap.toml: no key has the id journal (ignored)")
    assert problems({}) == []


def test_two_ids_given_one_key_on_one_screen_are_said() -> None:
    (problem,) = problems({"people.sort": "o,s", "people.archived": "o"})
    assert problem == (
        "keymap.toml: people.archived and people.sort both have the key o, and only one of "
        "them can run; give one of them another key"
    )
    # A dialog's own keys clash the same way.
    (problem,) = problems({"confirm.yes": "n"})
    assert "confirm.yes has the key n, which confirm.no has where it works" in problem


def test_a_key_of_the_app_moved_onto_a_screens_key_is_said() -> None:
    # The app's keys work on every screen, so `s` would sort People, snooze on a person's
    # page and in Reconnect, and note nowhere but the Journal.
    (problem,) = problems({"note": "s"})
    assert problem == (
        "keymap.toml: note has the key s, which people.sort, person.snooze and reconnect.snooze "
        "have where it works, and only one of them can run there; give it another key"
    )
    # Textual's own keys count too: tab moves the focus.
    (problem,) = problems({"note": "tab"})
    assert "note has the key tab, which Textual's app.focus_next has" in problem
    # The app's priority keys work in dialogs too: ctrl+q would quit, not cancel.
    (problem,) = problems({"person_form.cancel": "ctrl+q"})
    assert "person_form.cancel has the key ctrl+q, which Textual's quit has" in problem
    # A key named as words name keys.
    (problem,) = problems({"mode.people": "question_mark"})
    assert "mode.people has the key ?, which help has" in problem


def test_keys_that_never_meet_or_were_moved_apart_are_not_clashes() -> None:
    # Dialogs take no app keys: ctrl+s saves a note, and would note from a screen.
    assert problems({"note": "ctrl+s"}) == []
    # Two keys swapped: each moved off the other's.
    assert problems({"people.sort": "v", "people.archived": "s"}) == []
    # An empty value keeps the key it had.
    assert problems({"people.sort": ""}) == []
    # Keys of different screens share letters by design: e (edit) on the Journal and a person.
    assert problems({"journal.edit": "e"}) == []


def test_textual_s_own_keys_are_not_taken_for_the_notebook_s() -> None:
    # Textual's ctrl+q (no id) quits whatever `quit` is moved to, in dialogs too.
    (problem,) = problems({"quit": "Q", "note.save": "ctrl+q"})
    assert "note.save has the key ctrl+q, which Textual's quit has" in problem
    # The palette's key, which Textual adds to each app as it is made.
    (problem,) = problems({"list.up": "up,ctrl+p"})
    assert "list.up has the key ctrl+p, which Textual's command_palette has" in problem
    (problem,) = problems({"note.save": "ctrl+p"})
    assert "note.save has the key ctrl+p, which Textual's command_palette has" in problem


def test_a_widget_s_key_meets_its_screen_s_and_the_app_s() -> None:
    # The lists are on the screens: a list's n would move down instead of noting.
    (problem,) = problems({"list.down": "n"})
    assert "list.down has the key n, which note has where it works" in problem
    (problem,) = problems({"list.open": "s"})
    assert "list.open has the key s, which people.sort, person.snooze and reconnect" in problem
    # A text field's keys come first while it is typed in: ctrl+w deletes a word.
    (problem,) = problems({"capture.close": "ctrl+w"})
    assert "capture.close has the key ctrl+w, which Textual's delete_left_word has" in problem
    # And a name picker's keys meet the name field's inside it: ctrl+e goes to its end.
    (problem,) = problems({"picker.down": "ctrl+e"})
    assert "picker.down has the key ctrl+e, which Textual's end has" in problem
    # One line for a key, wherever it meets: the import dialog, its path field, help's f1.
    (problem,) = problems({"help.f1": "f2", "import.start": "f2", "path.complete": "f2"})
    assert problem.startswith(
        "keymap.toml: help.f1, import.start and path.complete all have the key f2"
    )
    # A letter a dialog's action is given is typed into its fields instead.
    both = problems({"reschedule.later": "j,down", "reschedule.earlier": "k,up"})
    assert sorted(line.partition(",")[0] for line in both) == [
        "keymap.toml: reschedule.earlier has the key k",
        "keymap.toml: reschedule.later has the key j",
    ]


def test_keys_given_as_they_were_or_to_one_action_twice_are_not_clashes() -> None:
    # A key the notebook gives already (n notes, and notes on Refer too), or one more key.
    assert problems({"note": "n"}) == []
    assert problems({"note": "n,ctrl+n"}) == []
    # ? and f1 both open help.
    assert problems({"help": "f1"}) == []
    # Blank keys are no keys.
    assert problems({"people.sort": " ", "people.archived": " "}) == []
    # The one-conversation view closes on q, but has no name picker in it; the dialogs
    # beside it in its module do. There, a name is typed: a q would be typed into it.
    (problem,) = problems({"picker.close": "q"})
    assert problem.startswith("keymap.toml: picker.close has the key q, which a text field")
    # A key given to actions that already share one: escape closes a name's matches, then
    # its dialog; ctrl+g too, as an emacs user gives it.
    emacs = "escape,ctrl+g"
    assert problems({"picker.close": emacs, "note.close": emacs}) == []


def test_keys_no_terminal_sends_are_said() -> None:
    assert unknown_keys({"note": "ctrl+n", "people.sort": "comma", "list.down": "j,down"}) == []
    assert unknown_keys({"help": "question_mark,f1", "quit": "ctrl+shift+alt+x", "x": "é"}) == []
    # Textual's own names of characters, the app's default keys among them.
    assert unknown_keys({"search": "slash", "a": "greater_than_sign", "b": "minus,at"}) == []
    # ctrl+j arrives as itself (a newline); alt with a named key as alt+ that key.
    assert unknown_keys({"list.down": "j,ctrl+j", "a": "alt+up,alt+backspace"}) == []
    assert [line.partition(";")[0] for line in unknown_keys({"note": "ctlr+n,foo"})] == [
        "keymap.toml: note: no key is called 'ctlr+n'",
        "keymap.toml: note: no key is called 'foo'",
    ]
    # Names that never arrive as written, and say what to write.
    for key, said in [
        ("Escape", "no key is called 'Escape'"),
        ("latin_small_letter_a", "no key is called 'latin_small_letter_a'"),
        ("\x1b[2J", "no key is called '\\x1b[2J'"),  # shown escaped, not sent
        ("ctrl+N", "no key is called 'ctrl+N'; write it 'ctrl+n'"),
        ("shift+o", "terminals send shift+o as 'O'; write that"),
        ("ctrl+h", "terminals send ctrl+h as backspace"),
        ("ctrl+H", "terminals send ctrl+h as backspace"),
        ("shift+1", "terminals send shift+1 as what it types; write that"),
        ("alt+v", "alt+v arrives as escape, then v: two keys"),
        ("alt+less_than_sign", "alt+less_than_sign arrives as escape, then <: two keys"),
        ("<any>", "no key is called '<any>'"),
    ]:
        (problem,) = unknown_keys({"note": key})
        assert problem.startswith(f"keymap.toml: note: {said}"), problem
    # A comma alone is the separator: the key is "comma".
    (problem,) = unknown_keys({"people.sort": ","})
    assert "a comma separates keys; the key itself is comma" in problem


def test_keys_as_the_app_shows_them_are_read(tmp_path: Path) -> None:
    # The footer and hints say esc, pgdn and ^s: a keymap copying them means those keys.
    path = tmp_path / "keymap.toml"
    path.write_text(
        '"note.close" = "esc"\n"list.page_down" = "pgdn,ctrl+pgdn"\n"note.save" = "^s"\n'
    )
    keymap, problems = load_keymap(path)
    assert keymap == {
        "note.close": "escape",
        "list.page_down": "pagedown,ctrl+pagedown",
        "note.save": "ctrl+s",
    }
    assert problems == [] and unknown_keys(keymap) == []


def test_an_id_given_twice_and_a_dangling_link_are_said(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('"people.sort" = "o"\npeople.sort = "p"\n')
    keymap, problems = load_keymap(path)
    assert keymap == {"people.sort": "p"}
    assert problems == ["keymap.toml: people.sort is given twice; the last one is used"]
    # A dotfiles link to a file that is gone is said, not taken for no keymap at all.
    link = tmp_path / "linked.toml"
    link.symlink_to(tmp_path / "gone.toml")
    keymap, problems = load_keymap(link)
    assert keymap == {}
    assert problems[0].startswith("linked.toml not read, so no key moves: ")


def test_a_pipe_for_a_config_file_is_skipped_not_waited_on(tmp_path: Path) -> None:
    # Reading a named pipe waits for a writer: the app would never start.
    os.mkfifo(tmp_path / "keymap.toml")
    keymap, problems = load_keymap(tmp_path / "keymap.toml")
    assert keymap == {}
    assert problems == ["keymap.toml not read, so no key moves: it is not a plain file"]
    (tmp_path / "themes").mkdir()
    os.mkfifo(tmp_path / "themes" / "theme.toml")
    themes, problems = load_themes(tmp_path / "themes")
    assert themes == [] and problems == ["theme.toml: not a plain file"]

"""What keymap.toml asks for that cannot work is said at start: ids no key has, and one key
given to two actions that apply together."""

from __future__ import annotations

from notebook.app import NotebookApp
from notebook.keys import keymap_problems


def problems(keymap: dict[str, str]) -> list[str]:
    return keymap_problems(keymap, NotebookApp)


def test_a_keymap_id_no_key_has_is_said() -> None:
    # Ids of dialogs not opened yet (the capture line's close) count as known.
    assert problems({"note": "ctrl+n", "capture.close": "ctrl+g"}) == []
    (problem,) = problems({"note": "ctrl+n", "nte": "ctrl+t", "mode.jornal": "j"})
    assert problem.startswith("keymap.toml: no key has the id mode.jornal, nte (ignored)")
    assert problems({}) == []


def test_two_ids_given_one_key_on_one_screen_are_said() -> None:
    (problem,) = problems({"people.sort": "o,s", "people.archived": "o"})
    assert problem.startswith("keymap.toml: people.archived and people.sort both have the key o; ")
    # A dialog's own keys clash the same way.
    (problem,) = problems({"confirm.yes": "n"})
    assert "confirm.no and confirm.yes both have the key n" in problem


def test_a_key_of_the_app_moved_onto_a_screens_key_is_said() -> None:
    # The app's keys work on every screen, so `s` would sort People, snooze on a person's
    # page and in Reconnect, and note nowhere but the Journal.
    (problem,) = problems({"note": "s"})
    assert "note, people.sort, person.snooze and reconnect.snooze all have the key s" in problem
    # Textual's own keys count too: tab moves the focus.
    (problem,) = problems({"note": "tab"})
    assert "and note both have the key tab" in problem
    # The app's priority keys work in dialogs too: ctrl+q would quit, not cancel.
    (problem,) = problems({"person_form.cancel": "ctrl+q"})
    assert "person_form.cancel and quit (ctrl+q) both have the key ctrl+q" in problem
    # A key named as words name keys.
    (problem,) = problems({"mode.people": "question_mark"})
    assert "help and mode.people both have the key ?" in problem


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
    assert "note.save and quit (ctrl+q) both have the key ctrl+q" in problem
    # The palette's key, which Textual adds to each app as it is made.
    (problem,) = problems({"list.up": "up,ctrl+p"})
    assert "command_palette (ctrl+p) and list.up both have the key ctrl+p" in problem
    (problem,) = problems({"note.save": "ctrl+p"})
    assert "command_palette (ctrl+p) and note.save" in problem


def test_a_widget_s_key_meets_its_screen_s_and_the_app_s() -> None:
    # The lists are on the screens: a list's n would move down instead of noting.
    (problem,) = problems({"list.down": "n"})
    assert "list.down and note both have the key n" in problem
    (problem,) = problems({"list.open": "s"})
    assert problem.startswith("keymap.toml: list.open, people.sort, person.snooze and ")
    # A text field's keys come first while it is typed in: ctrl+w deletes a word.
    (problem,) = problems({"capture.close": "ctrl+w"})
    assert "capture.close and delete_left_word (ctrl+w) both have the key ctrl+w" in problem


def test_keys_given_as_they_were_or_to_one_action_twice_are_not_clashes() -> None:
    # A key the notebook gives already (n notes, and notes on Refer too), or one more key.
    assert problems({"note": "n"}) == []
    assert problems({"note": "n,ctrl+n"}) == []
    # ? and f1 both open help.
    assert problems({"help": "f1"}) == []
    # Blank keys are no keys.
    assert problems({"people.sort": " ", "people.archived": " "}) == []
    # The one-conversation view closes on q, but has no name picker in it; the dialogs
    # beside it in its module do.
    assert problems({"picker.close": "q"}) == []

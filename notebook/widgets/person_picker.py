"""Pick people by typing part of a name: ranked matches under the input, picks as chips.

Matching is the view model's one rule for names (People.match): typos are forgiven,
and equally good matches come in the order of whom you talk to lately and most. The input keeps
focus the whole time: up/down move in the matches, enter (or a click) picks, backspace in an
empty input drops the last pick. Tab never picks: it moves on to the next field, leaving any
typed text for the form to point out at save. With nothing typed, enter is the form's too.

"+ New person" is offered last while someone's name is close to what was typed, and picking it
then asks "Did you mean …?" first, so a misspelling never quietly adds a duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..modals.confirm import DidYouMeanModal
from ..records import Person, told_apart
from ..screens.base import dialog_flow
from ..search import fold
from ..viewmodel import NewPerson, Notebook, NotFoundError, PersonMatch, Who
from .fields import FormField
from .line_input import LineInput
from .safe import display_text, plain

MAX_MATCHES = 8
# A name has at most this many words ("María del Carmen de la Fuente Rodríguez" has seven), and
# a long one no sentence's punctuation.
LONGEST_NAME_WORDS = 8
_SENTENCE_MARK = re.compile(r"[,;:!?]\s")


def reads_as_a_note(text: str) -> bool:
    """Whether text typed into Who is a note rather than a name ("Met at cafe, she knows the
    hiring manager"): "+ New person" would have made someone of it, with the note filed under
    them and What happened left empty."""
    words = len(text.split())
    return words > LONGEST_NAME_WORDS or (words > 4 and bool(_SENTENCE_MARK.search(text)))


CHIP = "$text-accent on $accent-muted"


class _NameInput(LineInput):
    """The picker's input: backspace with nothing typed removes the last chip instead."""

    class EmptyBackspace(Message):
        """Backspace was pressed with the input empty."""

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.EmptyBackspace())
        else:
            super().action_delete_left()

    async def action_submit(self) -> None:
        # Pick now, while the key is handled, not when a Submitted message arrives: a fast
        # typist's next key (tab to When) must see the pick already made.
        picker = next((a for a in self.ancestors if isinstance(a, PersonPicker)), None)
        if picker is not None and picker.pick_typed():
            return
        await super().action_submit()


class PersonPicker(Vertical):
    """Fuzzy-pick one or more people (or name a new one) by typing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False, id="picker.down", tooltip="Next"),
        Binding("up", "move(-1)", "Previous match", show=False, id="picker.up", tooltip="Prev"),
        Binding(
            "escape",
            "close_matches",
            "Close matches",
            show=False,
            id="picker.close",
            tooltip="Hide the matches",
        ),
    ]
    # Unscoped so the rule for a picker inside an invalid FormField applies.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    PersonPicker {
        height: auto;
        & > #picker-chips { height: auto; padding: 0 1; display: none; }
        & > #picker-chips.-has-chips { display: block; }
        & > #picker-matches {
            overlay: screen;
            constrain: none inside;
            display: none;
            height: auto;
            max-height: 11;
            width: 1fr;
            border: tall $primary;
            background: $panel;
        }
        & > #picker-matches.-open { display: block; }
    }
    /* In a form field showing an error, mark the input rather than box the whole picker. */
    FormField.-invalid > PersonPicker.field-body {
        border: none;
        & > #picker-input { border: tall $error; }
    }
    """

    class Changed(Message):
        """The picked people changed."""

        def __init__(self, picker: PersonPicker, picked: list[Who]) -> None:
            super().__init__()
            self.picker = picker
            self.picked = picked

        @property
        def control(self) -> PersonPicker:
            return self.picker

    def __init__(
        self,
        notebook: Notebook,
        *,
        multiple: bool = True,
        allow_new: bool = True,
        picked: Sequence[int] = (),
        context: Sequence[int] = (),
        never: Sequence[int] = (),
        placeholder: str = "Who? type a name",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.notebook = notebook
        self.multiple = multiple
        self.allow_new = allow_new
        self.placeholder = placeholder
        # People on screen where the picker was opened: among equal matches, they come first.
        self.context = tuple(context)
        # People never offered: a tie's own person, who cannot know themself.
        self.never = frozenset(never)
        self._picked: list[Who] = []
        # Who each picked id was when picked (uid, name): if the notebook is read again
        # (a failed save, a file changed on disk), an id may name someone else or nobody.
        self._picked_as: dict[int, tuple[str, str]] = {}
        for person_id in picked:
            try:
                notebook.people.get(person_id)
            except NotFoundError:
                continue  # forgotten since the caller looked: nothing to prefill
            self._remember(person_id)
            self._picked.append(person_id)
        if not multiple:
            self._picked = self._picked[-1:]
        self._choices: list[Who] = []  # what each option in the match list stands for
        self._matched_for = ""  # the typed text the match list was made for
        self._closest: Person | None = None  # the best close match, for "Did you mean …?"

    def compose(self) -> ComposeResult:
        yield Static(id="picker-chips")
        yield _NameInput(placeholder=self.placeholder, id="picker-input")
        matches = OptionList(id="picker-matches")
        matches.can_focus = False  # the input keeps focus; up/down drive the list
        yield matches

    def on_mount(self) -> None:
        self._show_chips()

    # -- public --------------------------------------------------------------------------------

    @property
    def picked(self) -> list[Who]:
        return list(self._picked)

    @property
    def typed(self) -> str:
        """Text typed but not picked yet."""
        return self.input.value

    @property
    def input(self) -> Input:
        return self.query_one("#picker-input", Input)

    @property
    def matches(self) -> OptionList:
        return self.query_one("#picker-matches", OptionList)

    def clear(self) -> None:
        """Drop every pick and the typed text."""
        self.input.value = ""
        self._matched_for = ""  # so the same name typed again is matched again
        self._close_matches()
        if self._picked:
            self._picked = []
            self._changed()

    def focus(self, scroll_visible: bool = True) -> PersonPicker:
        self.input.focus(scroll_visible)
        return self

    def _remember(self, person_id: int) -> None:
        person = self.notebook.people.get(person_id)
        self._picked_as[person_id] = (person.uid, person.name)

    def no_longer_theirs(self) -> list[str]:
        """The names of picked people whose id no longer names them (the notebook was read
        again meanwhile); those picks are dropped, so nothing is filed under someone else.
        No Changed message is posted (it would clear the error the caller shows): the caller
        updates what depends on the picks."""
        gone: list[str] = []
        for who in list(self._picked):
            if not isinstance(who, int) or who not in self._picked_as:
                continue
            uid, name = self._picked_as[who]
            if not self.notebook.people.has(who) or self.notebook.people.get(who).uid != uid:
                gone.append(name)
                self._picked.remove(who)
                del self._picked_as[who]
        if gone:
            self._show_chips()
        return gone

    def label(self, who: Who) -> str:
        """How a pick reads: the person's name, told apart from a namesake by company, title
        or place ("Tariq Nakamura (Acme)"), or a new person's name marked "(new)"."""
        if isinstance(who, NewPerson):
            return f"{who.name} (new)"
        people = self.notebook.people
        try:
            person = people.get(who)
        except NotFoundError:
            return "(forgotten)"
        name = told_apart(person) if people.has_namesake(person) else person.name
        return f"{name} (archived)" if person.archived else name

    # -- matching ------------------------------------------------------------------------------

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        # The change stops here, so answer the field's error ("pick someone or clear the
        # text") as a form does for any field that is typed in.
        if isinstance(self.parent, FormField):
            self.parent.clear_error()
        # The input as it is now: typed-ahead keys may have changed it since this was posted.
        if self.input.value != self._matched_for:
            self._fill_matches(self.input.value)

    def _fill_matches(self, text: str) -> None:
        self._matched_for = text
        self._closest = None
        matches = self.matches
        name = " ".join(display_text(text).split())
        if not name:
            self._close_matches()
            return
        taken = {w for w in self._picked if isinstance(w, int)} | self.never
        people = self.notebook.people
        found = people.match(name, limit=MAX_MATCHES, context=self.context, exclude=taken)
        if not any(m.exact for m in found):
            # Nobody kept up with has this name: someone archived who has it is who is meant
            # (a note about an old contact), before anyone whose name is only close to it.
            archived = people.archived_named(name, limit=MAX_MATCHES, exclude=taken)
            found = [*archived, *found][:MAX_MATCHES]
        choices: list[Who] = [m.person.id for m in found if m.person.id is not None]
        prompts: list[Content] = [self._person_prompt(m.person) for m in found]
        close = bool(found) and found[0].close
        if close:
            self._closest = found[0].person
        if self.allow_new and self._could_be_new(name, found, taken):
            new = NewPerson(name)
            prompt = Content.assemble(("+ New person ", "$text-success"), '"', plain(name), '"')
            # Someone close: they are the default and "new" comes last. Nobody close: the new
            # name is the default, with any looser suggestions under it.
            at = len(choices) if close else 0
            choices.insert(at, new)
            prompts.insert(at, prompt)
        self._choices = choices
        matches.set_options(Option(prompt) for prompt in prompts)
        if choices:
            # Only suggestions, none close and no new person to add (a tie's Knows): none is
            # taken by enter ("Andrés Tanaka" is not Priya Tanaka); down chooses one.
            loose = not close and not isinstance(choices[0], NewPerson)
            matches.highlighted = None if loose else 0
            matches.add_class("-open")
        else:
            self._close_matches()

    def _could_be_new(self, name: str, found: list[PersonMatch], taken: set[int]) -> bool:
        """Not when someone has exactly this name (matched, or picked already), nor when
        the same new name is picked already, nor for a note typed on (reads_as_a_note)."""
        if any(m.exact for m in found) or reads_as_a_note(name):
            return False
        wanted = fold(name)
        people = self.notebook.people
        for who in self._picked:
            if isinstance(who, NewPerson):
                picked_name = who.name
            elif who in taken and people.has(who):
                picked_name = people.get(who).name  # the name, not the label: no "(Acme)"
            else:
                continue
            if fold(picked_name) == wanted:
                return False
        return True

    def _person_prompt(self, person: Person) -> Content:
        # The role is not muted: a suggestion is drawn on the list's highlighted row too,
        # where no muted colour reads in most dark themes (a grey on a mid blue), and the
        # list gives its rows one colour whichever is highlighted.
        parts: list[Content | str] = [plain(person.name)]
        if person.role:
            parts.append(" · " + display_text(person.role))
        if person.archived:
            parts.append(" · archived")
        return Content.assemble(*parts)

    def _close_matches(self) -> None:
        self.matches.remove_class("-open")

    @property
    def _matches_open(self) -> bool:
        return self.matches.has_class("-open") and bool(self._choices)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # An overlay left open would cover the next field.
        self._close_matches()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.input.value.strip():
            self._fill_matches(self.input.value)

    # -- keys ----------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if not self._matches_open:
            raise SkipAction()
        matches = self.matches
        count = len(self._choices)
        current = matches.highlighted
        # With none chosen yet, down chooses the first and up the last.
        if current is None:
            matches.highlighted = 0 if step > 0 else count - 1
        else:
            matches.highlighted = (current + step) % count

    def action_close_matches(self) -> None:
        if not self._matches_open:
            raise SkipAction()
        self._close_matches()

    def pick_typed(self) -> bool:
        """Enter: pick the highlighted match for what is typed. False when nothing is typed,
        so the form decides what enter on an empty field does."""
        if not self.input.value.strip():
            return False
        if self.input.value != self._matched_for:
            self._fill_matches(self.input.value)  # keys typed faster than matches were made
        highlighted = self.matches.highlighted
        if self._matches_open and highlighted is not None:
            self._pick_index(highlighted)
        else:
            self.app.bell()
        return True

    @on(OptionList.OptionSelected, "#picker-matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick_index(event.option_index)
        self.input.focus()

    @on(_NameInput.EmptyBackspace)
    def _drop_last(self, event: _NameInput.EmptyBackspace) -> None:
        event.stop()
        if self._picked:
            self._picked.pop()
            self._changed()

    # -- picking -------------------------------------------------------------------------------

    def _pick_index(self, index: int) -> None:
        if not 0 <= index < len(self._choices):
            return
        who = self._choices[index]
        closest = self._closest
        if isinstance(who, NewPerson) and closest is not None and closest.id is not None:
            self._ask_did_you_mean(who, closest)
            return
        self._pick(who)

    @dialog_flow
    async def _ask_did_you_mean(self, new: NewPerson, closest: Person) -> None:
        """A new name close to someone's: ask before adding what may be a misspelling."""
        meant = closest.id or 0
        self._close_matches()
        answer = await self.app.push_screen_wait(
            DidYouMeanModal(new.name, closest.name, closest.role)
        )
        if answer == "pick":
            self._pick(meant)
        elif answer == "new":
            self._pick(new)
        else:
            self._fill_matches(self.input.value)  # back to the matches as they were
        self.input.focus()

    def _pick(self, who: Who) -> None:
        if isinstance(who, int):
            self._remember(who)
        if self.multiple:
            if who not in self._picked:
                self._picked.append(who)
        else:
            self._picked = [who]
        self.input.value = ""
        self._close_matches()
        self._changed()

    def _changed(self) -> None:
        self._show_chips()
        self.post_message(self.Changed(self, self.picked))

    def _show_chips(self) -> None:
        chips = self.query_one("#picker-chips", Static)
        parts: list[Content | str] = []
        for who in self._picked:
            if parts:
                parts.append(" ")
            parts.append(
                Content.assemble((" ", CHIP), plain(self.label(who), style=CHIP), (" ", CHIP))
            )
        chips.update(Content.assemble(*parts))
        chips.set_class(bool(self._picked), "-has-chips")

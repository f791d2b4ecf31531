"""Type-ahead that never loses or misroutes a key.

A fast typist, a laggy ssh link or a text expander delivers keys in bursts. Textual forwards
each key into the focused widget's own queue and runs non-priority bindings only once the key
has bubbled back up, so across a change of focus the order is not kept: in a burst
`n maria<tab>bakery`, the letters after `n` reach the screen underneath (where `s`, `a`, `q`
are commands) before the note dialog has mounted, and the letters after the tab can land in
the field the tab was leaving.

`KeyQueue` takes every key the terminal sends, in order, and handles each to its end before
the next:
- while the screen on top is not ready for keys (just pushed: nothing focused yet), keys wait
  in the queue, and are replayed in order once it is;
- priority bindings first, as Textual does;
- then a key for a text field is typed into it at once (the field's own key handler, called
  directly rather than through its queue);
- otherwise the bindings of the focus chain run at once, so a tab has moved focus (or an
  enter has picked, or ctrl+s has saved) before the next key is looked at;
- a key nothing binds goes to the focused widget the usual way.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.app import App

# A screen that never takes focus must not hold keys forever: past this, keys go to it as
# they would have without the queue.
MAX_HOLD_SECONDS = 0.5
# A flow run as a worker (see KeyQueue.hold_for_dialog) holds keys at most this long before
# its dialog is up: one that decides to ask nothing must not keep them.
MAX_DIALOG_HOLD_SECONDS = 2.0
# A dialog waiting for its save holds keys (see KeyQueue.hold) at most this long: a disk that
# never answers must not take the keyboard with it.
MAX_SAVE_HOLD_SECONDS = 15.0
_POLL_SECONDS = 0.005
# How often the queue lets other tasks run before it polls instead.
_SETTLE_TURNS = 8


@dataclass(eq=False)
class _Hold:
    began: float
    screen: int | None  # id() of the screen the hold lasts while; None: until released
    longest: float


class KeysReady(Message):
    """The app has handled what came before: the next waiting key may go."""

    def __init__(self, turn: int | None) -> None:
        super().__init__()
        self.turn = turn  # the key whose aftermath this follows; None for a poll


class KeyQueue:
    """The app's keys, handled one at a time, in the order they were typed."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._waiting: deque[events.Key | events.Paste] = deque()
        self._held_since: float | None = None
        self._polling = False
        # After each key the app gets a turn (see drain) before the next key is handled.
        self._between_keys = False
        self._turn = 0
        self._settled_on: tuple[int, int] | None = None
        self._confirmed = False
        # Each hold: when it began, and the screen it lasts while (None: the whole block).
        self._holds: list[_Hold] = []

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Keys wait while the block runs (a dialog waiting for its save to reach the disk):
        the keys typed after its ctrl+s are for the screen it leaves, or for the dialog
        again if the save failed, and go wherever focus is once the block is over."""
        with self._holding(_Hold(time.monotonic(), None, MAX_SAVE_HOLD_SECONDS)):
            yield

    @contextlib.contextmanager
    def hold_for_dialog(self) -> Iterator[None]:
        """Keys wait while the block runs and the screen on top is still the one they were
        typed on: a flow running as a worker opens its dialog a moment after its key, and the
        keys after it are for that dialog. Once it is up, the usual rule (wait until it has
        focus) takes over."""
        with self._holding(_Hold(time.monotonic(), id(self.app.screen), MAX_DIALOG_HOLD_SECONDS)):
            yield

    @contextlib.contextmanager
    def _holding(self, hold: _Hold) -> Iterator[None]:
        self._holds.append(hold)
        try:
            yield
        finally:
            self._holds.remove(hold)
            self.app.post_message(KeysReady(None))

    def _held(self, screen: object) -> bool:
        now = time.monotonic()
        return any(
            now - hold.began < hold.longest and hold.screen in (None, id(screen))
            for hold in self._holds
        )

    def drop_waiting(self) -> int:
        """Throw away the keys waiting (typed for a screen they can no longer reach); how many."""
        dropped = len(self._waiting)
        self._waiting.clear()
        return dropped

    @property
    def waiting(self) -> int:
        """How many keys wait their turn."""
        return len(self._waiting)

    async def take(self, event: events.Key | events.Paste) -> None:
        """A key (or a paste) from the terminal: queue it behind any waiting, then handle
        what can be."""
        self._waiting.append(event)
        await self.drain()

    async def next_turn(self, turn: int | None) -> None:
        """The app has handled what a key set in motion (or a poll came round): on to the
        next key."""
        if turn == self._turn:
            self._between_keys = False
        await self.drain()

    async def drain(self) -> None:
        """Handle the next waiting key if the screen on top is ready for it.

        One key at a time: what a key sets in motion (a focus change Textual makes later
        through the app's queue, the new field's own Focus handling) happens before the next
        key is looked at, so a burst lands exactly as if it had been typed slowly.
        """
        if self._between_keys or not self._waiting:
            return
        if not await self._settled():
            self._poll()
            return
        # Quiet must hold across a whole turn of the app's queue: what the last key set off may
        # still wait there (a focus change Textual makes through the app, after the form's
        # handler of an enter's Submitted message has run).
        where = (id(self.app.screen), id(self.app.screen.focused))
        if not self._confirmed or where != self._settled_on:
            self._settled_on = where
            self._confirmed = True
            self._wait_turn()
            return
        self._confirmed = False
        self._held_since = None
        self._between_keys = True  # no other key until this one's turn is over
        try:
            await self._handle(self._waiting.popleft())
        finally:
            self._wait_turn()

    def _wait_turn(self) -> None:
        """Handle no key until the app has worked through what is in its queue now."""
        self._between_keys = True
        self._turn += 1
        self.app.post_message(KeysReady(self._turn))

    async def _settled(self) -> bool:
        for _ in range(_SETTLE_TURNS):
            if self._ready():
                return True
            await asyncio.sleep(0)  # let the screen and the focused field run
        return False

    def _ready(self) -> bool:
        app = self.app
        try:
            screen = app.screen
        except Exception:  # no screen yet (starting or closing): nothing to send keys to
            return False
        if self._holds and self._held(screen):
            return False
        if self._held_since is None:
            self._held_since = time.monotonic()
        elif time.monotonic() - self._held_since > MAX_HOLD_SECONDS:
            return True
        if not screen.is_mounted:
            return False
        if screen.focused is None and screen.focus_chain:
            return False  # nothing focused yet: wait for the first field
        # Every widget of the screen has handled what it was sent: an enter's Submitted
        # message bubbles through several of them before a form moves focus.
        return screen._message_queue.empty() and all(
            widget._message_queue.empty() for widget in screen.walk_children()
        )

    def _poll(self) -> None:
        if not self._polling:
            self._polling = True
            self.app.set_timer(_POLL_SECONDS, self._poll_again)

    def _poll_again(self) -> None:
        self._polling = False
        self.app.post_message(KeysReady(None))

    async def _handle(self, event: events.Key | events.Paste) -> None:
        app = self.app
        asked_at: float | None = getattr(app.screen, "asked_at", None)
        if asked_at is not None and event.time < asked_at:
            # Typed before a question that interrupted the typing was on screen: meant for
            # the field it interrupted ("y" of "yesterday"), never an answer. Those keys go,
            # with one bell; the question waits for a key typed once it is there.
            while self._waiting and self._waiting[0].time < asked_at:
                self._waiting.popleft()
            app.bell()
            return
        if isinstance(event, events.Paste):
            (app.focused or app.screen)._forward_event(event)
            return
        if not app.app_focus:
            app.app_focus = True
        if await app._check_bindings(event.key, priority=True):
            return
        focused = app.focused
        if event.is_printable and (_plain_input(focused) or _plain_text_area(focused)):
            # Letters that came in one burst go into a plain field together, as a paste would:
            # one change, so a list filtering on it works out only the last query, and a long
            # note is wrapped again once per burst, not once per letter (a wrapped line costs
            # its whole length each time: 5,000 letters took over a minute).
            text = event.character or ""
            while self._waiting and _typed_letter(app, self._waiting[0]):
                text += self._waiting.popleft().character or ""  # type: ignore[union-attr]
            _type_into(focused, text)  # type: ignore[arg-type]
            return
        if isinstance(focused, (Input, TextArea)) and (
            event.is_printable or event.key in ("enter", "tab")
        ):
            # The field's own handler types printable keys (and a TextArea's enter) now;
            # anything it leaves goes on to the bindings below.
            await focused._on_key(event)
            if event._stop_propagation:
                return
        if await app._check_bindings(event.key):
            return
        # Keys nothing binds: some widgets read them in their own handlers.
        (focused or app.screen)._forward_event(event)


def _plain_input(widget: object) -> bool:
    """A one-line field that types a printable key as Textual's Input does, with no rule on
    what it takes (a restricted or bounded field judges each key on its own)."""
    return (
        isinstance(widget, Input)
        and type(widget)._on_key is Input._on_key
        and widget.restrict is None
        and not widget.max_length
        and widget.type == "text"
    )


def _plain_text_area(widget: object) -> bool:
    """A text area that types a printable key as Textual's TextArea does."""
    return (
        isinstance(widget, TextArea)
        and type(widget)._on_key is TextArea._on_key
        and not widget.read_only
    )


def _typed_letter(app: App[Any], event: events.Key | events.Paste) -> bool:
    """A waiting printable key that no priority binding claims: one more letter to type."""
    if not isinstance(event, events.Key) or not event.is_printable or not event.character:
        return False
    return not any(
        binding.priority
        for _, bindings in app.screen._binding_chain
        for binding in bindings.key_to_bindings.get(event.key, ())
    )


def _type_into(field: Input | TextArea, text: str) -> None:
    """What the field's own _on_key does for one printable key, for several at once."""
    field._restart_blink()
    if isinstance(field, TextArea):
        field._replace_via_keyboard(text, *field.selection)
        return
    selection = field.selection
    if selection.is_empty:
        field.insert_text_at_cursor(text)
    else:
        field.replace(text, *selection)

"""What every notebook screen shares: the view model, and refreshing after a write."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Concatenate, Literal, ParamSpec, Protocol, TypeVar, cast

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input

from ..keys import key_problem
from ..records import ValidationError
from ..store import SaveFailure, StoreError
from ..viewmodel import Notebook, NotFoundError
from ..widgets.footer import Footer
from ..widgets.record_list import show_in_lists
from ..widgets.safe import display_text, notify, plain
from ..widgets.type_ahead import KeyQueue


class NotebookHost(Protocol):
    """The app as screens see it."""

    notebook: Notebook
    revision: int
    keys: KeyQueue
    undos_end: int  # moves on when memory goes back to the file: older undo offers are void
    kept_undos: dict[object, tuple[tuple[Undo, ...], int]]  # see NotebookScreen.keep_undos

    # The one job that writes the whole notebook from a thread worker (an import, a merge, a
    # sync), while it runs: see claim_job.
    running_job: str | None

    def changed(self) -> None: ...

    def screen_drawn(self) -> None: ...

    def settle_saves(self) -> SaveFailure | None: ...


def host(app: App[object]) -> NotebookHost:
    return cast(NotebookHost, app)


S = TypeVar("S", bound=DOMNode)
P = ParamSpec("P")


def dialog_flow(
    method: Callable[Concatenate[S, P], Awaitable[None]],
) -> Callable[Concatenate[S, P], None]:
    """An action that asks in dialogs, written straight down (`await
    self.app.push_screen_wait(dialog)`), run as a worker. Keys typed after the action's key
    wait until its dialog is up (a worker opens it a moment later), and, once the dialog is
    answered, until the flow has made its write: none reaches the screen underneath early."""

    @functools.wraps(method)
    def start(self: S, *args: P.args, **kwargs: P.kwargs) -> None:
        holding = contextlib.ExitStack()
        holding.enter_context(host(self.app).keys.hold_for_dialog())

        async def flow() -> None:
            with holding:
                await method(self, *args, **kwargs)

        self.run_worker(flow(), group="dialog-flow")

    return start  # type: ignore[return-value]


# At most this many 5 ms waits for a dismissed dialog to leave the screen stack.
DISMISS_POLLS = 200


def dismiss_when_saved(
    dialog: ModalScreen[Any], result: object, *, then: Callable[[], None] | None = None
) -> None:
    """Close a dialog once the write it made is on disk (saves are written off the event
    loop), then run `then`. Keys wait their turn meanwhile: those typed after its ctrl+s are
    for the screen underneath. If the save fails, the dialog stays, with everything typed in
    it, beside the one message saying why (memory is back as the file holds it)."""
    app = dialog.app
    job = host(app).notebook.pending_save()
    if job is None:
        dialog.dismiss(result)
        if then is not None:
            then()
        return

    keys = host(app).keys
    # Held from now, not from when the worker starts: a key handled in between would go to
    # this dialog's fields.
    holding = contextlib.ExitStack()
    holding.enter_context(keys.hold())

    async def when_saved() -> None:
        with holding:
            await asyncio.to_thread(job.done.wait)
            host(app).settle_saves()
            if job.outcome is not None:
                # Typed after ctrl+s, for the screen underneath: never into this form.
                if keys.drop_waiting():
                    app.bell()
                return
            dialog.dismiss(result)
            if then is not None:
                then()
            # The keys typed meanwhile are for the screen underneath: wait until the dialog
            # has gone (a dismissal completes a moment later), however briefly.
            for _ in range(DISMISS_POLLS):
                if dialog not in app.screen_stack:
                    break
                await asyncio.sleep(0.005)

    dialog.run_worker(when_saved(), group="save", exclusive=True)


def claim_job(app: App[Any], job: str) -> str | None:
    """Take the app's one place for a job that writes the whole notebook from a thread (`job`
    names it: "an import"): None when taken, else the job that holds it. Two at once would
    each decide what is new before the other wrote it (an import twice over would add
    everyone twice), and each would own the saves' outcome."""
    running = host(app).running_job
    if running is not None:
        return running
    host(app).running_job = job
    return None


def release_job(app: App[Any], job: str) -> None:
    if host(app).running_job == job:
        host(app).running_job = None


def dismiss_on_top(dialog: ModalScreen[Any], result: object) -> None:
    """Close `dialog` with `result`: now if it is on top, else as soon as it is again. A job's
    dialog (an import, a merge) may end under another dialog opened meanwhile, and Textual's
    dismiss() closes whatever is on top: that one, with what was typed in it."""
    app = dialog.app
    if app.screen is dialog:
        dialog.dismiss(result)
        return

    async def when_on_top() -> None:
        while dialog in app.screen_stack:
            if app.screen is dialog:
                dialog.dismiss(result)
                return
            await asyncio.sleep(ON_TOP_POLL_SECONDS)

    dialog.run_worker(when_on_top(), group="dismiss", exclusive=True)


# How often a finished job's dialog looks whether it is back on top.
ON_TOP_POLL_SECONDS = 0.05

R = TypeVar("R")
# What a write can fail with: the file (read-only, changed on disk, a full disk), a record
# someone else removed meanwhile, a value the notebook refuses.
WRITE_ERRORS: tuple[type[Exception], ...] = (StoreError, NotFoundError, ValidationError)


class Failed(Enum):
    """What NotebookScreen.attempt returns for a write that failed (and was said to)."""

    FAILED = 0


FAILED = Failed.FAILED


@dataclass(frozen=True, slots=True)
class Undo:
    """A change on a screen that u takes back (the latest first)."""

    said: str  # what was done, e.g. "Deleted: send my resume"
    offer: str  # what u will do, e.g. "u brings it back"
    back: str  # what undoing it says, e.g. "Back: send my resume"
    revert: Callable[[], object]


# How soon a screen looks again when a thread worker was writing as it went to redraw.
LOOK_AGAIN_SECONDS = 0.05


def key_name(app: App[Any], binding_id: str) -> str:
    """How a line of words names the key of the binding declared with `binding_id` ("s to
    change"), as `bound_key` names it."""
    return bound_key(app, declared(binding_id))


def action_key(node: DOMNode, action: str) -> str:
    """The key that runs `action` on `node` (a screen, a dialog, the app), as `bound_key` names
    it. Words that name a key ("ctrl+s saves", "press n") use it, so they name the key that
    works."""
    # Its own class's bindings first: a list's j rather than the arrow Textual's Tree binds.
    for cls in type(node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.action == action:
                return bound_key(node.app, binding)
    raise LookupError(f"{type(node).__name__} has no key for {action}")


def bound_key(app: App[Any], binding: Binding) -> str:
    """A binding's key as words name it: the first its BINDINGS give it, or the first
    keymap.toml gives it instead that a terminal can send (the others were said at start, see
    keys.py), spelled as words spell keys ("ctrl+s", "esc"; the footer's "^s" is for a
    footer)."""
    # Textual keeps the keymap it was given to itself; it is pinned exactly.
    keys: str = app._keymap.get(binding.id, "") if binding.id else ""
    if not keys.strip():
        return binding.key_display or _spelled(binding.key.split(",")[0].strip())
    arriving = [key for key in map(str.strip, keys.split(",")) if key and not key_problem(key)]
    # A key is the user's text: no control character of it reaches the terminal.
    return display_text(_spelled(arriving[0])) if arriving else "(no key)"


def _spelled(key: str) -> str:
    """A key as a line of words spells it: Textual's short names ("esc", "pgdn", "↑"), but
    "enter", which reads better in words than its sign."""
    return "enter" if key == "enter" else format_key(key)


# The binding declared with each id, among the classes imported so far (see `declared`).
_DECLARED: dict[str, Binding] = {}


def declared(binding_id: str) -> Binding:
    """The binding a class of the notebook declares with `binding_id`: ids are unique (a test
    checks). Looked up among the classes imported so far, again when one is not yet known."""
    if binding_id not in _DECLARED:
        classes: list[type[DOMNode]] = [DOMNode]
        while classes:
            cls = classes.pop()
            classes.extend(cls.__subclasses__())
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    _DECLARED.setdefault(binding.id, binding)
    try:
        return _DECLARED[binding_id]
    except KeyError:
        raise LookupError(f"no key is declared with the id {binding_id}") from None


def key_line(app: App[Any], keys: list[tuple[str, str]], *fixed: str) -> Content:
    """A status line's keys, "x done · E edit": (binding id, what it does), then `fixed` words
    about keys no keymap moves ("tab to asks"). Plain text: a key a keymap gives is never
    read as markup."""
    return plain(" · ".join([*(f"{key_name(app, ident)} {what}" for ident, what in keys), *fixed]))


def keep_layout_at_same_size(screen: Screen[Any], event: events.Resize) -> None:
    """Leave out Textual's new layout for a Resize to the size the screen is laid out at.
    A screen is sent several as it is first shown (its own layout sends one, and the app
    passes on the terminal's first size twice), and each laid out the whole screen again, and
    the one under a dialog: the costliest part of showing a screen. Anything that changed
    since is laid out anyway, as it asked to be; a real resize goes to Textual."""
    if event.size == screen.outer_size:
        event.prevent_default()


def say_keys_if_cut(box: Widget, keys: str) -> None:
    """A dialog taller than the terminal (80x24) has its buttons or line of keys out of view,
    below its fields: then the bottom edge of its `box` says `keys` ("ctrl+s saves · esc
    closes"), so that how to save is always in sight. Checked after each layout."""
    box.border_subtitle = plain(keys) if box.max_scroll_y > 0 else ""


class Dialog(ModalScreen[R]):
    """A dialog: a modal screen that skips the same-size Resizes (see keep_layout_at_same_size)."""

    def on_resize(self, event: events.Resize) -> None:
        keep_layout_at_same_size(self, event)


class NotebookScreen(Screen[None]):
    """A screen that shows notebook data and redraws it when the notebook changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            id="back",
            tooltip="Go back, or leave the search box",
            show=False,
        ),
    ]
    _seen_revision = -1
    # What u takes back, the latest last: x on one row, x on another, then u, u opens both
    # again (a done follow-up is shown nowhere else, so one step lost the first for good).
    _undos: tuple[Undo, ...] = ()
    _undos_from = 0  # the app's undos_end when they were offered
    UNDO_STEPS = 20

    # Under this many columns the footer drops its padding, so that more of the keys fit.
    COMPACT_FOOTER = 100

    def on_resize(self, event: events.Resize) -> None:
        for footer in self.query(Footer):
            footer.compact = event.size.width < self.COMPACT_FOOTER
        keep_layout_at_same_size(self, event)

    # Actions that act on a row of one of the screen's lists, each with the name of the
    # property giving that list: offered (footer, help, palette) only while it has rows.
    ROW_ACTIONS: ClassVar[Mapping[str, str]] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self.undo is not None  # out of the footer and help until there is one
        listing = self.ROW_ACTIONS.get(action)
        if listing is not None:
            return self.is_mounted and bool(getattr(self, listing).items)
        return True

    def _live_undos(self) -> tuple[Undo, ...]:
        """The undos still offered: none made before memory last went back to the file (a
        failed save may have undone them already)."""
        end = host(self.app).undos_end
        if self._undos_from != end:
            self._undos, self._undos_from = (), end
        return self._undos

    def keep_undos(self, place: object) -> None:
        """Leave what u would take back here with the app, under `place`, as this screen goes:
        a person's page is made afresh each time it is opened, and its changes (a follow-up
        deleted with X, a tie removed) must still be taken back when it is opened again."""
        kept = host(self.app).kept_undos
        live = self._live_undos()
        if not live:
            return  # what is kept there is another page's (this one took its own at mount)
        # Another page of the same person, opened over this one, may have left its own: both
        # are kept, this one's last (a failed save since voided the other's).
        theirs, since = kept.get(place, ((), self._undos_from))
        mine = (*theirs, *live) if since == self._undos_from else live
        kept[place] = (mine[-self.UNDO_STEPS :], self._undos_from)

    def take_undos(self, place: object) -> None:
        """Offer again what a screen showing `place` left with the app (see keep_undos)."""
        kept = host(self.app).kept_undos.pop(place, None)
        if kept is not None:
            self._undos, self._undos_from = kept
            self.refresh_bindings()

    @property
    def undo(self) -> Undo | None:
        """What u would take back now, if anything."""
        undos = self._live_undos()
        return undos[-1] if undos else None

    def unchanged(self, before: object, after: object) -> bool:
        """Whether a dialog saved what was there already; if so, say so (nothing to take back,
        and no undo offered that would read as taking back an older change)."""
        if before != after:
            return False
        notify(self.app, "Nothing was changed.")
        return True

    def remember(self, undo: Undo) -> None:
        """Offer to take the change just made back with u, and say so."""
        self._undos = (*self._live_undos(), undo)[-self.UNDO_STEPS :]
        self.refresh_bindings()
        notify(self.app, f"{undo.said} · {undo.offer}")

    def action_undo(self) -> None:
        undo = self.undo
        if undo is None:
            notify(self.app, "Nothing to undo.")
            return
        gone: list[Exception] = []

        def revert() -> object:
            try:
                return undo.revert()
            except (NotFoundError, ValidationError) as error:
                gone.append(error)  # refused before anything was written
                return None

        restored = self.attempt(revert, failed="Not undone")
        if restored is FAILED:
            return  # the disk, say: the same u may work once it is fixed
        self._undos = self._undos[:-1]
        self.refresh_bindings()
        if gone:
            # What it would bring back was forgotten or deleted since: it can never be taken
            # back, and staying on top it kept every older change from being taken back too.
            (error,) = gone
            why = (
                error.message
                if isinstance(error, ValidationError)
                else "what it changed was forgotten or deleted since"
            )
            notify(
                self.app,
                f"{undo.said}: that can no longer be taken back ({why})",
                title="Not undone",
                severity="warning",
            )
            return
        notify(self.app, undo.back)
        # The row it brings back is highlighted: the next key (another x, an X) acts on it, not
        # on the row that took its place while it was gone.
        show_in_lists(self, restored)

    def attempt(
        self, write: Callable[[], R], *, failed: str = "Not saved"
    ) -> R | Literal[Failed.FAILED]:
        """The one way a screen makes a write: run it, then redraw what shows the notebook;
        if it fails, say why (nothing was changed) and return FAILED."""
        try:
            result = write()
        except WRITE_ERRORS as error:
            notify(self.app, str(error), title=failed, severity="error")
            return FAILED
        self.refresh_bindings()
        return result

    def action_back(self) -> None:
        """Leave a search box for its list; else close a pushed screen."""
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "search":
            focused.value = ""
            self.focus_next()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    @property
    def notebook(self) -> Notebook:
        return host(self.app).notebook

    def note_subject(self) -> tuple[int, ...]:
        """Who a note taken from this screen is about: only where one person is clearly the
        subject (their page, the row you moved to in Reconnect, a Refer path). Lists of
        many people prefill nobody, whether or not the list was touched: the same key must
        never file a note under whoever happens to be highlighted."""
        return ()

    def focus_search(self) -> bool:
        """Focus this screen's search box; False if it has none."""
        return False

    def has_search(self) -> bool:
        """Whether this screen has a search box (it overrides focus_search)."""
        return type(self).focus_search is not NotebookScreen.focus_search

    def refresh_data(self) -> None:
        """Re-read what this screen shows from the view model."""

    def sync(self) -> None:
        revision = host(self.app).revision
        if revision == self._seen_revision:
            return
        # A thread worker (an import, a merge, a sync) may be in the middle of a write: read
        # only between two writes, and look again in a moment. (Its write's end is announced
        # too, but a write that changed nothing is not.)
        guard = self.notebook.guard
        if not guard.acquire(blocking=False):
            self.set_timer(LOOK_AGAIN_SECONDS, self._look_again)
            return
        try:
            self._seen_revision = revision
            self.refresh_data()
        finally:
            guard.release()

    def _look_again(self) -> None:
        if self.is_current:
            self.sync()

    def on_mount(self) -> None:
        # The app's revision moves on every write: the screen on top redraws at once, the
        # others when they are shown again (on_screen_resume).
        self.watch(self.app, "revision", self._notebook_revised, init=False)

    def _notebook_revised(self, _: int) -> None:
        if self.is_current:
            self.sync()

    def on_screen_resume(self) -> None:
        self.sync()
        self.call_after_refresh(host(self.app).screen_drawn)

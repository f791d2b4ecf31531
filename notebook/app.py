"""The notebook's Textual app: modes, global keys, themes. Everything else lives in screens/,
modals/, widgets/ and commands/."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.message import Message
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets import Input, TextArea

from . import userconfig
from .commands import COMMAND_PROVIDERS
from .keys import keymap_problems
from .records import clean_text
from .screens.base import LOOK_AGAIN_SECONDS, NotebookScreen, Undo, action_key, dialog_flow
from .screens.people import PeopleScreen
from .store import SaveFailure, StoreError
from .themes import DEFAULT_THEME, load_themes, readable, shipped_themes_dir, with_solid_muted
from .viewmodel import Change, Notebook
from .widgets import terminal_input
from .widgets.record_list import show_in_lists
from .widgets.safe import display_text, notify, pasted_text
from .widgets.stylesheet import SharedStylesheet
from .widgets.terminal_input import TerminalGone
from .widgets.type_ahead import KeyQueue, KeysReady

# Actions the palette offers by other names (the modes, search, help, note, add) or that only
# make sense as keys (moving in a list, focus, the palette itself).
NOT_IN_PALETTE = frozenset(
    {"switch_mode", "search", "help", "command_palette", "quit", "back", "cursor", "page",
     "note", "add_person",
     "first", "last", "focus_next", "focus_previous", "copy_text", "screenshot", "select",
     "cursor_up", "cursor_down"}
)  # fmt: skip


def screen_commands(app: App[Any], screen: Screen[Any]) -> list[SystemCommand]:
    """Every key that works on `screen`, as a palette command. The binding is the one
    declaration behind the key, the footer, the help and the palette, so none of them can
    offer what another lacks."""
    from .screens.help import command_title

    commands: dict[str, SystemCommand] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        name = binding.action.partition("(")[0]
        if not active.enabled or name in NOT_IN_PALETTE or binding.action in commands:
            continue
        keys = app.get_key_display(binding)
        title = command_title(binding.description, binding.tooltip) or name
        run = partial(app.run_action, binding.action, active.node)
        commands[binding.action] = SystemCommand(title, f"{binding.description} ({keys})", run)
    return list(commands.values())


# The longest the app goes without looking at the date. Its timer is set for the next midnight,
# but a timer counts only time the machine is awake (not a suspended laptop's night) and the
# wall clock can jump (summer time, a clock set by hand): a look a minute catches either.
DAY_CHECK_SECONDS = 60.0
# Looked at this long after midnight: a timer may fire a moment early by the wall clock.
PAST_MIDNIGHT_SECONDS = 0.5


def seconds_to_midnight(now: datetime) -> float:
    """Seconds from `now` (the local wall clock) to the start of the next day."""
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return (midnight - now).total_seconds()


def day_check_delay(now: datetime) -> float:
    """How long until the app next looks at the date: just past midnight, or a minute."""
    return min(DAY_CHECK_SECONDS, seconds_to_midnight(now) + PAST_MIDNIGHT_SECONDS)


# A quit this soon after a save failed stays, once: the message may not have been read.
QUIT_AFTER_FAILURE_SECONDS = 10.0
# How long a failure found after the fact stays on screen.
FAILURE_SECONDS = 30.0
# How long a config file's problems stay on screen, per problem said (up to FAILURE_SECONDS).
CONFIG_PROBLEM_SECONDS = 8.0


class SavesSettled(Message):
    """The notebook's saver thread has finished a save (see Notebook.save_in_background)."""


class KeymapProblems(Message):
    """What keymap.toml asks for that cannot work, found on a thread (see keys.py)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.problems = problems


class MatchingPrepared(Message):
    """What matching names reads is built; `adopt` puts it in use (see People.prepare)."""

    def __init__(self, adopt: Callable[[], None]) -> None:
        super().__init__()
        self.adopt = adopt


def _mode(key: str, mode: str, label: str, tooltip: str) -> Binding:
    return Binding(key, f"switch_mode('{mode}')", label, id=f"mode.{mode}", tooltip=tooltip)


# The screens besides People, the dialogs and the palette's commands are imported when first
# used, not at launch, where they took a third of the notebook's import time (see
# NotebookApp._import_the_rest, which imports them ahead of use).
def _journal() -> Screen[Any]:
    from .screens.journal import JournalScreen

    return JournalScreen()


def _refer() -> Screen[Any]:
    from .screens.refer import ReferScreen

    return ReferScreen()


def _reconnect() -> Screen[Any]:
    from .screens.reconnect import ReconnectScreen

    return ReconnectScreen()


def _follow_ups() -> Screen[Any]:
    from .screens.follow_ups import FollowUpsScreen

    return FollowUpsScreen()


# Imported once the first screen is drawn, so that the first note, page or palette finds them
# imported: what a launch leaves for later.
IMPORTED_LATER = ("notebook.screens", "notebook.modals", "notebook.commands")
IMPORT_PAUSE = 0.005  # seconds between two of them
# Seconds from the first screen's rows to what a launch leaves for later: time for the first
# rows to reach the terminal, and for a key typed at once to be handled.
AFTER_LAUNCH = 0.05


class NotebookApp(App[None]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "Notebook"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "people": PeopleScreen,
        "journal": _journal,
        "refer": _refer,
        "reconnect": _reconnect,
        "followups": _follow_ups,
    }
    DEFAULT_MODE = "people"
    # Moves on every write to the notebook (and when memory goes back after a failed save, and
    # when the day turns): each NotebookScreen watches it and redraws when shown.
    revision: var[int] = var(0)
    # Textual's system commands replaced by the same as plain text (see commands.system).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {*COMMAND_PROVIDERS}
    BINDINGS: ClassVar[list[BindingType]] = [
        _mode("1", "people", "People", "Everyone in the notebook"),
        _mode("2", "journal", "Journal", "Every conversation, newest first"),
        _mode("3", "refer", "Refer", "Who could refer me?"),
        _mode("4", "reconnect", "Reconnect", "Relationships going stale"),
        _mode("5", "followups", "Follow-ups", "Promises and referral asks"),
        Binding("n", "note", "Note", id="note", tooltip="Note a conversation"),
        Binding(
            "colon",
            "capture",
            "Log",
            id="capture",
            tooltip="Log a conversation in one line: who [at place] [when]: what; todo …",
        ),
        Binding("a", "add_person", "Add", id="add_person", tooltip="Add a person"),
        Binding("slash", "search", "Search", id="search", tooltip="Search this screen", show=False),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key of this screen"),
        # Help from a text box, where ? is typed, and from a dialog, whose keys stop the app's
        # other keys: f1 comes first.
        Binding(
            "f1",
            "help",
            "Help",
            id="help.f1",
            tooltip="Every key of this screen",
            priority=True,
        ),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit the notebook"),
    ]

    def __init__(
        self,
        notebook: Notebook,
        *,
        user_files: bool = True,
        demo: bool = False,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        # Parsed CSS kept across the stylesheet's re-reads (theme, first showing of a screen).
        self.stylesheet = SharedStylesheet(variables=self.get_css_variables())
        self.notebook = notebook
        self.demo = demo
        # The local wall clock, read only to time the next look at the date.
        self.clock = clock
        self._day = notebook.today  # the day the screens show
        self.keys = KeyQueue(self)
        self.running_job: str | None = None  # see screens.base.claim_job
        self._failed_at: float | None = None  # when a save last failed, until a quit sees it
        # Moves on when memory went back to the file: the screens' undo offers made before
        # it are void.
        self.undos_end = 0
        # The undos of screens made afresh each time they are opened (a person's page), by
        # what they show, for the next one (see NotebookScreen.keep_undos).
        self.kept_undos: dict[object, tuple[tuple[Undo, ...], int]] = {}
        self._quit_question: Screen[Any] | None = None  # "Quit, and discard …?", once asked
        self.user_files = user_files  # off in tests, so a developer's own config can't leak in
        self._keymap_read: dict[str, str] = {}  # keymap.toml as read, checked after launch
        self._drawn = False  # see screen_drawn
        # The theme is chosen before the app starts, so the stylesheet is parsed once, with it:
        # choosing it on mount parsed every rule a second time (30 ms at every launch).
        folders = [shipped_themes_dir()] + ([userconfig.themes_dir()] if user_files else [])
        themes, problems = load_themes(*folders)
        # (title, what is wrong), said once the app is up.
        self._config_problems = [("Config file skipped", problem) for problem in problems]
        for theme in themes:
            self.register_theme(theme)
        saved = self.notebook.setting("theme", DEFAULT_THEME)
        self.theme = saved if saved in self.available_themes else DEFAULT_THEME
        # The keymap too, before the first screen is made: set on mount, it moved the keys,
        # but the first screen's footer went on showing the keys they replaced.
        if user_files:
            keymap, unread = userconfig.load_keymap()
            self.set_keymap(keymap)
            self._config_problems += [("Keymap", problem) for problem in unread]
            self._keymap_read = keymap

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer, help and palette show it. A keymap's key is the user's text:
        no control character of it reaches the terminal."""
        return display_text(super().get_key_display(binding))

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        titles = dict.fromkeys(title for title, _ in self._config_problems)
        for title in titles:
            self._say_problems(title, [p for t, p in self._config_problems if t == title])
        if self.notebook.read_only:
            self.sub_title = "read-only"
        for repair in self.notebook.repairs:
            notify(self, repair, title="Repaired on opening", severity="warning")
        # Every write, and memory going back after a failed save, moves `revision`, which the
        # screens watch: no screen has to say it wrote.
        self.notebook.change_listeners.append(self._notebook_changed)
        # Saves are written by a thread of the store's: a key never waits for the disk.
        self.notebook.save_in_background(self._saved_in_background)
        self._look_at_the_date_later()

    def screen_drawn(self) -> None:
        """A screen has drawn what it shows. The first time, what a launch leaves for later
        starts a moment after (see _after_launch)."""
        if not self._drawn:
            self._drawn = True
            self.set_timer(AFTER_LAUNCH, self._after_launch)

    def _after_launch(self) -> None:
        """What a launch leaves for later: matching's index on a thread; the notice of any
        conflict copies, and the imports, here; then the keymap's check, on a thread. Started
        with the app's first refresh, before the People screen had its rows, the threads
        slowed the rows of a 30,000-person notebook by a tenth (1.70x the floor, against
        1.50x-1.56x)."""
        self._prepare_matching()
        self._offer_conflict_copies()
        self._import_the_rest()

    def _offer_conflict_copies(self) -> None:
        from .modals.merge_copy import offer_conflict_copies

        offer_conflict_copies(self, demo=self.demo)

    def _import_the_rest(self, modules: list[str] | None = None) -> None:
        """Import IMPORTED_LATER's modules one at a time, with a timer's pause between, in
        which the app handles keys and paints: a key waits for one module at most (about 30
        ms). Not on a thread: one importing a package while this thread imported a module of
        it would each hold what the other needs, which Python's import locks end with an error
        in one of them. Not one a turn of the app's queue (call_later) either: handled without
        a pause, they kept the screen from painting for the whole 0.2 s."""
        if modules is None:
            modules = [
                module.name
                for package in map(importlib.import_module, IMPORTED_LATER)
                for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
            ]
        if modules:
            importlib.import_module(modules[0])
            self.set_timer(IMPORT_PAUSE, partial(self._import_the_rest, modules[1:]))
        elif self._keymap_read:
            # Its thread imports the rest of the notebook: started once this thread is done
            # importing, the two never import at once.
            self._check_keymap(self._keymap_read)

    def _check_keymap(self, keymap: dict[str, str]) -> None:
        """Checking a keymap imports every module of the notebook, to know every dialog's keys
        (about 0.1 s of CPU with Python's bytecode caches): a thread does it once the app's
        thread has imported what a launch left for later (see _import_the_rest), and the app
        says what it found."""
        app = type(self)

        def run() -> None:
            try:
                problems = keymap_problems(keymap, app)
            except Exception as error:  # never a traceback on the terminal the app draws on
                problems = [f"keymap.toml could not be checked ({error}); its keys are used"]
            if problems:
                self.post_message(KeymapProblems(problems))  # posting is thread-safe

        threading.Thread(target=run, name="check-keymap", daemon=True).start()

    def on_keymap_problems(self, message: KeymapProblems) -> None:
        self._say_problems("Keymap", message.problems)

    def _say_problems(self, title: str, problems: list[str]) -> None:
        """What is wrong with a config file, in one message however many things are: one
        toast each stacked past the top of an 80x24 terminal, and the first were never seen.
        It stays long enough to be read."""
        timeout = min(CONFIG_PROBLEM_SECONDS * len(problems), FAILURE_SECONDS)
        notify(self, "\n".join(problems), title=title, severity="warning", timeout=timeout)

    def _prepare_matching(self) -> None:
        """The first letter typed into a name or a search would build what matching reads (336
        ms and 78 ms at 100,000 people, see People.prepare): a thread builds it once the first
        screen is drawn. A daemon thread, not a worker: quitting at once does not wait for it."""
        with self.notebook.unless_busy() as free:
            build = self.notebook.people.prepare() if free else None
        if not free:  # a worker is writing: copied between its writes, a moment later
            self.set_timer(LOOK_AGAIN_SECONDS, self._prepare_matching)
        if build is None:
            return

        def run() -> None:
            try:
                adopt = build()
            except Exception:  # nothing lost: the first match builds it instead, as before
                return
            self.post_message(MatchingPrepared(adopt))  # posting is thread-safe

        threading.Thread(target=run, name="prepare-matching", daemon=True).start()

    def on_matching_prepared(self, message: MatchingPrepared) -> None:
        # Taken in on this thread, where the index is read and written, and between two of a
        # worker's writes (an import adding people as it goes), never in the middle of one:
        # while one is under way, looked at again a moment later rather than waited for.
        with self.notebook.unless_busy() as free:
            if free:
                message.adopt()
                return
        self.set_timer(LOOK_AGAIN_SECONDS, partial(self.post_message, message))

    def _look_at_the_date_later(self) -> None:
        self.set_timer(day_check_delay(self.clock()), self._look_at_the_date, name="day")

    def _look_at_the_date(self) -> None:
        """A new day (the notebook's today, unless NOTEBOOK_TODAY pins it, is the real one):
        overdue, due today and stale move with it, so every screen redraws."""
        today = self.notebook.today
        if today != self._day:
            self._day = today
            self.changed()
        self._look_at_the_date_later()

    def on_unmount(self) -> None:
        # However the app ends, its saves end first (run() then says if one failed).
        self.notebook.store.wait_saved()

    def on_terminal_gone(self, _: TerminalGone) -> None:
        # As on a hangup: what is typed and not saved goes; what is saved is written first.
        self.exit()

    def _saved_in_background(self) -> None:
        self.post_message(SavesSettled())  # from the saver thread: posting is thread-safe

    def on_saves_settled(self, _: SavesSettled) -> None:
        if self.notebook.busy():
            # A thread worker is writing (an import, a merge, a sync): settling may rebuild
            # memory, which waits for that write to end. Never on this thread: later.
            self.set_timer(LOOK_AGAIN_SECONDS, partial(self.post_message, SavesSettled()))
            return
        self.settle_saves()

    def worker_is_writing(self) -> bool:
        """Whether a thread worker (an import, a merge, a sync) is writing right now, said if so:
        a dialog opened now would read a notebook half-written, and its save would wait."""
        if not self.notebook.busy():
            return False
        self.bell()
        notify(self, "The notebook is being written (an import, a merge or a sync): a moment.")
        return True

    def settle_saves(self) -> SaveFailure | None:
        """The one place a save that failed in the background is said: memory is back as the
        file holds it (the screens redraw), and the message names what was undone."""
        failure = self.notebook.settle_saves()
        if failure is not None:
            self._failed_at = time.monotonic()
            # Shown after the change looked made: it stays long enough to be read.
            message = failure_message(failure)
            notify(self, message, title="Not saved", severity="error", timeout=FAILURE_SECONDS)
        return failure

    async def action_quit(self) -> None:
        """Quit once every save is on disk; if one failed, stay, and say what was undone."""
        if self._quit_question in self.screen_stack:
            return  # asked already: its answer quits or not
        self._quit_when_saved()

    @work(exclusive=True, group="quit")
    async def _quit_when_saved(self) -> None:
        job = self.notebook.pending_save()
        if job is not None:
            await asyncio.to_thread(self.notebook.store.wait_saved)
            self.settle_saves()
        failed_at, self._failed_at = self._failed_at, None
        if failed_at is not None and time.monotonic() - failed_at < QUIT_AFTER_FAILURE_SECONDS:
            # Keys sent together (`x q`) would otherwise close the app on the message.
            again = action_key(self, "quit")
            notify(self, f"A change was just not saved (above). Press {again} again to quit.")
            return
        # ctrl+q works in a dialog too: what is typed there and not saved is asked about, as
        # escape asks.
        from .modals.confirm import ConfirmModal, unsaved_work

        work = next(filter(None, map(unsaved_work, reversed(self.screen_stack))), None)
        if work is not None:
            question = f"Quit, and discard {work}?"
            confirm = ConfirmModal(question, yes="Discard and quit", no="Keep editing")
            self._quit_question = confirm
            if not await self.push_screen_wait(confirm):
                return
        self.exit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from screen_commands(self, screen)

    def get_css_variables(self) -> dict[str, str]:
        # Every theme, built-in or the user's, gets text colours that read on its backgrounds.
        variables = with_solid_muted(readable(super().get_css_variables()))
        self.theme_variables = variables
        return variables

    def _remember_theme(self, theme: Theme) -> None:
        # Compared with the effective choice, so opening the app never writes to the file.
        if (
            not self.notebook.read_only
            and self.notebook.setting("theme", DEFAULT_THEME) != theme.name
        ):
            try:
                self.notebook.put_setting("theme", theme.name)
            except StoreError as error:
                notify(self, str(error), title="Theme not saved", severity="error")

    async def on_event(self, event: events.Event) -> None:
        # A bracketed paste arrives here from the terminal before it goes to the focused
        # widget: cleaning it here covers every Input and TextArea, Textual's own (the command
        # palette's) and any added later, with no subclass to remember.
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = pasted_text(event.text, multiline=isinstance(self.focused, TextArea))
            if not event.text:
                return  # nothing left to paste; a TextArea would otherwise delete its selection
            await self.keys.take(event)
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys.take(event)  # in order, each to its end (widgets/type_ahead.py)
            return
        await super().on_event(event)

    async def on_keys_ready(self, message: KeysReady) -> None:
        await self.keys.next_turn(message.turn)

    def _notebook_changed(self, change: Change) -> None:
        if threading.get_ident() != self._thread_id:
            # A thread worker's write (an import, a merge, a sync).
            self.call_from_thread(self._notebook_changed, change)
            return
        if change.went_back:
            # What "u" would take back may have been undone with the failed save: every
            # screen's offers end, those of modes not shown too (see NotebookScreen.undo).
            self.undos_end += 1
            for screen in self.screen_stack:
                if isinstance(screen, NotebookScreen):
                    screen.refresh_bindings()
        self.revision += 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            action == "switch_mode"
            and parameters
            and parameters[0] == self.current_mode
            and all(isinstance(s, ModalScreen) for s in self.screen_stack[1:])
        ):
            return None  # greyed out in the footer: you are here (a dialog may be open)
        if action == "search":
            # Only where there is a search box, and not while typing in a box (/ is typed
            # there): help and the palette then never offer it where it does nothing.
            screen = self.screen
            typing = isinstance(screen.focused, Input | TextArea)
            return isinstance(screen, NotebookScreen) and screen.has_search() and not typing
        return True

    async def action_switch_mode(self, mode: str) -> None:
        """Show a mode's own screen: from a person's page opened in that mode too, so that `1`
        always means the People list and a note typed next is never about that person."""
        if mode != self.current_mode:
            await self.switch_mode(mode)
        # Back to the mode's own screen, whether you are in that mode or come back to it:
        # `1` is everyone, never the page you left open there. A dialog left open in that mode
        # stays, with whatever was typed in it.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()
        screen = self.screen
        if mode == "refer" and isinstance(screen, NotebookScreen):
            # Arriving at Refer, you type a target: letters must not run the tree's keys.
            screen.focus_search()
        self.refresh_bindings()

    def changed(self) -> None:
        """Redraw what shows the notebook, with no write to say so (the day has turned)."""
        self.revision += 1

    def note_subject(self) -> tuple[int, ...]:
        """Who a note taken now is about (see NotebookScreen)."""
        screen = self.screen
        return screen.note_subject() if isinstance(screen, NotebookScreen) else ()

    def action_note(self, *people: int) -> None:
        """Note a conversation: with `people` if given, else with the screen's subject."""
        if self.worker_is_writing():
            return
        from .modals.note import NoteModal

        self.push_screen(NoteModal(people or self.note_subject()))

    def action_capture(self) -> None:
        from .modals.capture import CaptureModal

        if not self.worker_is_writing():
            self.push_screen(CaptureModal(self.notebook))

    @dialog_flow
    async def action_add_person(self) -> None:
        if self.worker_is_writing():
            return
        from .modals.person_form import PersonForm

        person = await self.push_screen_wait(PersonForm())
        if person is not None:
            notify(self, f"Added {person.name}")
            # Highlighted in the list they were added from, once it has them: enter opens
            # them, not whoever the highlight was on.
            self.call_after_refresh(show_in_lists, self.screen, person)

    async def action_show_archived(self) -> None:
        await self.action_switch_mode("people")
        screen = self.screen
        if isinstance(screen, PeopleScreen):
            screen.archived = True

    def action_search(self) -> None:
        screen = self.screen
        if isinstance(screen, NotebookScreen) and not screen.focus_search():
            self.bell()

    def action_command_palette(self) -> None:
        from .commands.palette import NotebookPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(NotebookPalette(id="--command-palette"))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()  # f1 again closes it
        elif not isinstance(self.screen, CommandPalette):  # which lists its own commands
            self.push_screen(HelpScreen(self.screen))


def failure_message(failure: SaveFailure) -> str:
    said = str(failure.error).rstrip(".") + "."
    undone = ", ".join(failure.undone)
    return said + (f" Undone: {undone}." if undone else "")


def failure_line(failure: SaveFailure) -> str:
    """The failure as one line on stderr: what was undone may quote a note, which must not
    drive the terminal."""
    return f"notebook: not saved: {clean_text(failure_message(failure))}"


def run(notebook: Notebook, *, demo: bool = False) -> int:
    """Run the app; the exit code is Textual's: 1 after an unhandled exception, else 0. A save
    still on its way when the app ends is waited for; if it failed, that is said on stderr."""
    app = NotebookApp(notebook, demo=demo)
    if sys.platform != "win32":
        terminal_input.install(gone=lambda: app.post_message(TerminalGone()))
    try:
        app.run()
    finally:
        notebook.store.wait_saved()
        failure = notebook.settle_saves()
        notebook.close()
    if failure is not None:
        print(failure_line(failure), file=sys.stderr)
        return 1
    return app.return_code or 0

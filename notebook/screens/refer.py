"""Who could refer me? A target in, ranked introduction paths out, as a tree.

The target sits at the root, each reachable person under it, and that person's best paths
under them, drawn as chains (You ─ Dana ─ Sam) with a warmth bar. The view model ranks and
explains; this screen only draws.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from ..graph import ReferralPath, ReferralResult, ReferralTarget, warmth_label
from ..modals.ask import AskDialog
from ..search import fold
from ..themes import resolve
from ..viewmodel import Notebook
from ..widgets.footer import Footer
from ..widgets.line_input import LineInput
from ..widgets.safe import PlainTree, display_text, notify, plain
from .base import NotebookScreen, action_key, bound_key, dialog_flow, key_name
from .person import PersonScreen

# Broad queries ("recruiter") can reach thousands; the tree shows the best of them.
MAX_TARGETS = 50
BAR_CELLS = 5
# Text colours, which every theme keeps readable (the plain ones can be a light background's
# own shade).
WARMTH_TONES = {"warm": "text-success", "cooling": "text-warning", "cold": "text-error"}
Node = ReferralTarget | ReferralPath | None


class TargetSuggester(Suggester):
    """Completes companies, names and tags from the notebook as the target is typed."""

    def __init__(self, notebook: Notebook) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.notebook = notebook

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        wanted = fold(value)
        for completion in map(display_text, self.notebook.referrals.completions(value)):
            # As the search reads it ("andres" is the start of Andrés, "ors" of Ørsted), letter
            # for letter, so that what is shown past the typed text is the rest of the name.
            if fold(completion[: len(value)]) == wanted:
                return completion
        return None


class PathTree(PlainTree[Node]):
    """The paths, moved through with the keys every list here takes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="refer.down", tooltip="Next line"),
        Binding("k", "cursor_up", "Up", show=False, id="refer.up", tooltip="Previous line"),
        Binding("home,g", "first", "First", show=False, id="refer.first", tooltip="First line"),
        Binding("end,G", "last", "Last", show=False, id="refer.last", tooltip="Last line"),
    ]

    def action_first(self) -> None:
        self.move_cursor_to_line(0)

    def action_last(self) -> None:
        self.move_cursor_to_line(self.last_line)


def _node_key(data: Node) -> tuple[object, ...] | None:
    """What a line is about, the same across a re-run of the query (nodes are rebuilt)."""
    if isinstance(data, ReferralPath):
        return ("path", *data.people)
    if isinstance(data, ReferralTarget):
        return ("target", data.person_id)
    return None


def warmth_bar(score: float) -> str:
    filled = max(1, round(score * BAR_CELLS)) if score > 0 else 0
    return "▰" * filled + "▱" * (BAR_CELLS - filled)


def _walk(node: TreeNode[Node]) -> list[TreeNode[Node]]:
    found = [node]
    for child in node.children:
        found.extend(_walk(child))
    return found


class ReferScreen(NotebookScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "note_first_hop",
            "Note",
            id="refer.note",
            tooltip="Note a conversation with the first person on the path",
        ),
        Binding(
            "r",
            "record_ask",
            "Record ask",
            id="refer.ask",
            tooltip="Record that you asked the first person on the path for a referral",
        ),
        Binding(
            "o",
            "open_person",
            "Open",
            id="refer.open",
            tooltip="Open the person this line is about (enter does too)",
        ),
    ]
    DEFAULT_CSS = """
    ReferScreen #refer-body { height: 1fr; margin: 0 1; }
    ReferScreen PlainTree {
        width: 1fr;
        background: $surface;
        /* The highlighted path drawn as the lists draw theirs: Textual's translucent cursor
           leaves text under 4.5:1 in many themes. */
        & > .tree--cursor { background: $surface-lighten-1; color: $foreground; }
        &:focus > .tree--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    ReferScreen #refer-detail { width: 46; padding: 0 1 0 2; }
    ReferScreen #refer-detail-text { color: $text; }
    /* Under NARROW columns the explanation goes below the paths, which keep the full width:
       side by side, a path would be cut after its first name. */
    ReferScreen.-narrow {
        #refer-body { layout: vertical; }
        #refer-detail { width: 1fr; height: 8; padding: 1 1 0 1; }
    }
    """
    NARROW = 100

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def __init__(self) -> None:
        super().__init__()
        self.result: ReferralResult | None = None

    def compose(self) -> ComposeResult:
        yield LineInput(
            placeholder="Who could refer me to… a company, a person, or a role like recruiter",
            suggester=TargetSuggester(self.notebook),
            id="search",
        )
        with Horizontal(id="refer-body"):
            yield PathTree("Type a target above and press enter", id="refer-tree")
            with VerticalScroll(id="refer-detail"):
                yield Static(id="refer-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#search", Input))
        # The paths' colours are the theme's: drawn again when it changes.
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        tree = self.paths_tree
        modes = [
            (bound_key(self.app, binding), binding.key)
            for binding in type(self.app).BINDINGS
            if isinstance(binding, Binding) and binding.id and binding.id.startswith("mode.")
        ]
        shown = [key for key, _ in modes]
        views = f"{shown[0]}–{shown[-1]}" if shown == [key for _, key in modes] else "/".join(shown)
        leave, down, up = (
            action_key(self, "back"),
            action_key(tree, "cursor_down"),
            action_key(tree, "cursor_up"),
        )
        self.show_detail(
            plain(
                "Paths go through people you know, warmest first. A path is you, the people "
                "who could introduce you, and the person at the target. → completes a name.\n\n"
                f"{leave} leaves the box: then {down}/{up} move through the paths, "
                f"{action_key(self, 'note_first_hop')} notes a talk with the first person on a "
                f"path, {action_key(self, 'record_ask')} records an ask, and {views} switch "
                "views. "
                f"{key_name(self.app, 'help.f1')} lists every key.",
                multiline=True,
            )
        )

    @property
    def paths_tree(self) -> PathTree:
        return self.query_one("#refer-tree", PathTree)

    def focus_search(self) -> bool:
        self.query_one("#search", Input).focus()
        return True

    def refresh_data(self) -> None:
        """The same query again (after a note, an ask, an edit elsewhere), with the cursor kept
        on the line it was on, so the next key acts on the same path."""
        if self.result is None:
            return
        tree = self.paths_tree
        line = tree.cursor_line
        key = _node_key(self._node_data())
        self.run_query(self.result.query)
        last = tree.last_line  # lays the rebuilt tree out, so nodes know their lines
        found = next(
            (n for n in _walk(tree.root) if key is not None and _node_key(n.data) == key), None
        )
        if found is not None and found.line >= 0:
            tree.move_cursor(found)
        elif line >= 0:
            tree.move_cursor_to_line(min(line, last))

    @on(Input.Submitted, "#search")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.run_query(event.value)
            self.paths_tree.focus()

    def run_query(self, text: str) -> None:
        result = self.notebook.referrals.find(text, limit=MAX_TARGETS)
        self.result = result
        self.refresh_bindings()  # the path keys come or go (see check_action)
        tree = self.paths_tree
        tree.clear()
        tree.root.set_label(Text(display_text(result.label or text), style="bold"))
        tree.root.data = None
        for target in result.targets:
            detail = target.detail + ("" if target.current else " (used to work there)")
            label = Text.assemble(
                (display_text(target.name), "bold"),
                "  ",
                (display_text(detail), self._tone("text-muted")),
            )
            node = tree.root.add(label, data=target, expand=True)
            for path in target.best:
                node.add_leaf(self.path_label(path), data=path)
        tree.root.expand()
        if result.targets:
            shown = len(result.targets)
            more = f" (showing the best {shown} of {result.total})" if result.total > shown else ""
            who = "person" if result.total == 1 else "people"
            reachable = f"{result.total} {who} reachable{more}."
            self.show_detail(Content(f"{reachable} Select a path to see why and what to do."))
            if result.targets[0].best:
                tree.move_cursor_to_line(2)  # the root, the best target, its best path
                # Said here: a cursor already on that line moves nowhere, and Textual then
                # says nothing was highlighted, so the pane kept the count, not the path.
                self.describe(result.targets[0].best[0])
        else:
            self.show_detail(
                plain(f"{result.reason_if_empty}\n\n{result.suggestion}", multiline=True)
            )

    def _tone(self, variable: str) -> Style:
        """A theme's text colour as painted on the tree ("auto 60%" resolved), for Rich text."""
        colours = self.app.theme_variables
        page = Color.parse(colours.get("surface", "black"))
        return Style(color=resolve(colours.get(variable, "auto 87%"), page).rich_color)

    def _theme_changed(self, _theme: object) -> None:
        self.refresh_data()

    def path_label(self, path: ReferralPath) -> Text:
        tone = WARMTH_TONES[warmth_label(path.score)]
        chain = " ─ ".join(("You", *(display_text(n) for n in path.names)))
        label = Text.assemble((warmth_bar(path.score), self._tone(tone)), "  ", chain)
        if path.reconnect_first:
            label.append("  reconnect first", self._tone("text-warning"))
        return label

    def show_detail(self, content: Content) -> None:
        self.query_one("#refer-detail-text", Static).update(content)

    @on(Tree.NodeHighlighted, "#refer-tree")
    def highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        self.describe(event.node.data)

    def describe(self, data: Node) -> None:
        """Say in the pane what the highlighted row is, and what its keys would do."""
        if isinstance(data, ReferralPath):
            parts = [
                plain(data.explanation, multiline=True),
                Content.styled("\n\nNext step\n", "bold"),
                plain(data.next_step),
                Content(f"\n\nWarmth {data.score:.2f}: the product of the links along the path."),
            ]
            self.show_detail(Content.assemble(*parts))
        elif isinstance(data, ReferralTarget):
            where = "works there" if data.current else "used to work there"
            self.show_detail(
                Content.assemble(
                    plain(data.name, style="bold"), "\n", plain(data.detail), f"\n{where}"
                )
            )
        elif self.result is not None and self.result.targets:
            # The company (or query) at the top of paths found: what was shown is of a row no
            # longer highlighted, and the keys of a path do nothing here. (Before a query, the
            # pane keeps what it says about how to ask one.)
            keys = {name: action_key(self, name) for name in ("note_first_hop", "record_ask")}
            self.show_detail(
                Content(
                    f"Highlight a person or a path: {keys['note_first_hop']} notes a "
                    f"conversation with the first person on it, {keys['record_ask']} records "
                    "a referral ask."
                )
            )

    def _pick_a_row(self, action: str) -> str:
        return f"Highlight a person or a path, then press {action_key(self, action)}."

    @on(Tree.NodeSelected, "#refer-tree")
    def selected(self, event: Tree.NodeSelected[Node]) -> None:
        if event.node.data is not None:
            self.action_open_person()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"note_first_hop", "record_ask", "open_person"}:
            # Only once there are paths: before, n is the app's own note (with nobody).
            return self.result is not None and bool(self.result.targets)
        return super().check_action(action, parameters)

    def _node_data(self) -> Node:
        node = self.paths_tree.cursor_node
        return node.data if node is not None else None

    def _first_hop(self) -> int | None:
        data = self._node_data()
        if isinstance(data, ReferralPath):
            return data.people[0]
        if isinstance(data, ReferralTarget) and data.best:
            return data.best[0].people[0]
        return None

    def note_subject(self) -> tuple[int, ...]:
        first = self._first_hop()
        return (first,) if first is not None else ()

    def action_open_person(self) -> None:
        data = self._node_data()
        # A path opens the person to talk to first; a target opens the target.
        person = (
            data.people[0] if isinstance(data, ReferralPath) else data.person_id if data else None
        )
        if person is not None:
            self.app.push_screen(PersonScreen(person))

    async def action_note_first_hop(self) -> None:
        first = self._first_hop()
        if first is None:
            self.app.bell()
            notify(self.app, self._pick_a_row("note_first_hop"))
            return
        await self.app.run_action(f"note({first})")

    @dialog_flow
    async def action_record_ask(self) -> None:
        first = self._first_hop()
        if first is None or self.result is None:
            self.app.bell()
            notify(self.app, self._pick_a_row("record_ask"))
            return
        target = self.result.label if self.result.kind == "company" else self.result.query
        dialog = AskDialog(self.notebook.people.get(first), target=target)
        ask = await self.app.push_screen_wait(dialog)
        if ask is not None:
            person = self.notebook.people.get(ask.person)
            notify(self.app, f"Recorded: asked {person.name} about {ask.target}")

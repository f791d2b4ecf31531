"""A panel of labelled facts (a person's profile, the relationship): one widget, however many
facts it shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

TONES = ("error", "warning", "success", "muted", "accent")

# The label column's width, in cells: the longest label ("Last talked") and a space.
LABEL_WIDTH = 12
# The fewest cells a value is given beside the labels before they go above it instead.
NARROWEST_VALUE = 10


class Facts(Widget):
    """Label and value, one fact under another; a fact with nothing to say is left out, and a
    long value wraps under itself, clear of the labels.

    Drawn as one piece of text rather than a row of widgets per fact: a person's page held 51
    widgets for its 17 facts, and styling and laying them out was half of what opening the
    page cost (about 0.25 s of 0.5 s on this project's machine)."""

    # The label's and each tone's colour, as the theme paints them on this panel: given as a
    # style by name ("$text-muted"), an "auto" colour was drawn pure white.
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "facts--label",
        *(f"facts--{tone}" for tone in TONES),
    }
    DEFAULT_CSS = """
    Facts {
        height: auto;
        & > .facts--label { color: $text-muted; }
        & > .facts--error { color: $text-error; }
        & > .facts--warning { color: $text-warning; }
        & > .facts--success { color: $text-success; }
        & > .facts--muted { color: $text-muted; }
        & > .facts--accent { color: $text-accent; }
    }
    """

    def __init__(
        self, labels: Sequence[tuple[str, str]], *, id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._labels = dict(labels)  # key -> label, in the order shown
        # key -> (value, tone), as last shown
        self._values: dict[str, tuple[Content, str]] = {}
        self._lines: tuple[int, list[Content]] | None = None  # (width, lines) last laid out

    def show(self, key: str, value: Content, tone: str = "") -> None:
        """Show `value` for the fact `key`, in the theme's colour for `tone` ("error",
        "warning", "success", "muted", "accent"), or leave the fact out if it is blank."""
        was = self._values.get(key)
        if was is not None and was[1] == tone and _same(was[0], value):
            return  # set again as it was: the page is not laid out again
        self._values[key] = (value, tone)
        self._lines = None
        self.refresh(layout=True)

    def text(self, key: str) -> str:
        """What the fact `key` says, as plain text ("" if nothing)."""
        value = self._values.get(key)
        return "" if value is None else value[0].plain

    def line_of(self, key: str) -> int | None:
        """The line, from the top of the panel's text, where the fact `key` starts."""
        y = 0
        for shown, lines in self._laid_out(self.size.width):
            if shown == key:
                return y
            y += len(lines)
        return None

    def _laid_out(self, width: int) -> list[tuple[str, list[Content]]]:
        """Each fact shown, with its lines at `width` cells."""
        # Too narrow for a column of labels beside the values: each label above its value.
        stacked = width - LABEL_WIDTH < NARROWEST_VALUE
        value_width = max(1, width if stacked else width - LABEL_WIDTH)
        muted = self.get_visual_style("facts--label")
        indent = Content(" " * LABEL_WIDTH)
        laid_out = []
        for key, label in self._labels.items():
            value, tone = self._values.get(key, (Content(""), ""))
            if not value.plain.strip():
                continue
            if tone:
                value = value.stylize_before(self.get_visual_style(f"facts--{tone}"))
            wrapped = value.wrap(value_width)
            if stacked:
                lines = [*Content.styled(label, muted).wrap(max(1, width)), *wrapped]
            else:
                head = Content.styled(label, muted).pad_right(LABEL_WIDTH - len(label))
                lines = [(head if n == 0 else indent) + line for n, line in enumerate(wrapped)]
            laid_out.append((key, lines))
        return laid_out

    def _lines_at(self, width: int) -> list[Content]:
        if self._lines is None or self._lines[0] != width:
            lines = [line for _key, fact in self._laid_out(width) for line in fact]
            self._lines = (width, lines)
        return self._lines[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None  # the theme's colours may have changed

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines_at(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines_at(self.size.width))


def _same(one: Content, other: Content) -> bool:
    # Content's own == compares the text only: a tone or a bold part changed would be missed.
    return one.plain == other.plain and one.spans == other.spans

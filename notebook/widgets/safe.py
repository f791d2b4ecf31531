"""User text is data, never markup.

Every name, note or imported field reaches the screen through these helpers: control
characters are stripped and the text becomes a plain `Content`, so `[@click=app.quit]x` is
shown literally and `Eve [/]` cannot break rendering.
"""

from __future__ import annotations

from typing import Any, TypeVar

from rich.text import Text, TextType
from textual.app import App
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.widgets import Tree

from ..records import clean_text, strip_controls

TreeData = TypeVar("TreeData")


def display_text(text: str, *, multiline: bool = False) -> str:
    return clean_text(text, multiline=multiline)


def pasted_text(text: str, *, multiline: bool) -> str:
    """Pasted text as a field may take it: no escape sequence or control character.

    A one-line field gets the notebook's one-line text (newlines become spaces); a multi-line
    one keeps its line breaks ("\\r\\n" and "\\r" become "\\n"), tabs and edge spaces, since
    the paste may land mid-text.
    """
    if not multiline:
        return clean_text(text)
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def plain(text: str, *, multiline: bool = False, style: str = "") -> Content:
    """User text as Content that no markup parser will ever read."""
    content = Content(display_text(text, multiline=multiline))
    return content.stylize(style) if style else content


def notify(
    app: App[Any],
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """A notification whose message may hold user text."""
    app.notify(
        display_text(message, multiline=True),
        title=display_text(title),
        severity=severity,
        markup=False,
        timeout=timeout,
    )


class PlainTree(Tree[TreeData]):
    """A Tree whose string labels are plain text: Tree reads str labels as markup."""

    def process_label(self, label: TextType) -> Text:
        text = Text(display_text(label)) if isinstance(label, str) else label
        return text.split()[0] if text.plain else text

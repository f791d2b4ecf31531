"""The app's one-line text field."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class LineInput(Input):
    """Textual's one-line Input, except that a keystroke repaints the field instead of laying
    the whole screen out again. Input keeps its text's width as its virtual size (what it
    scrolls across), and a widget's virtual size asks for a layout of the screen whenever it
    changes: in a dialog of nine fields that layout was half of what a typed letter cost. The
    field's own size never follows its text (the form or the screen sets its width; its height
    is one line in a border), so nothing moves. A width of `auto` would follow the text, and
    Input lays out for that itself."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))

"""Test helpers for reading what the user sees."""

from __future__ import annotations

from typing import Any

from textual.app import App


def screen_text(app: App[Any]) -> str:
    """The visible screen as plain text, one line per terminal row (top screen, modals included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

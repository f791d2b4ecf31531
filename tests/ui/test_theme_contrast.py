"""What the screens actually draw reads in every theme offered: each piece of text against the
colour behind it, as painted, at least 4.5:1."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from rich.color import Color as RichColor
from textual.color import Color
from textual.geometry import Region
from textual.pilot import Pilot
from textual.theme import BUILTIN_THEMES

from notebook.app import NotebookApp
from notebook.themes import MIN_CONTRAST, contrast_ratio
from notebook.widgets.footer import Footer

# The ANSI themes draw with the terminal's own palette, which is not known here.
THEMES = ["notebook-dark", "notebook-light", *(n for n in BUILTIN_THEMES if "ansi" not in n)]


def _colour(color: RichColor | None) -> Color | None:
    if color is None or color.triplet is None:
        return None
    return Color(*color.triplet)


def faint_text(app: NotebookApp) -> list[str]:
    """Every run of letters or digits on screen that reads under MIN_CONTRAST."""
    # A key that does nothing on this screen is greyed out on purpose (WCAG exempts inactive
    # controls), so its cells are not judged.
    inactive = [
        Region(footer.region.x + key.start, footer.region.y, key.end - key.start, 1)
        for footer in app.screen.query(Footer)
        for key in footer.items
        if not key.enabled
    ]
    # Under a dialog the screen is dimmed on purpose: only the dialog itself must read.
    judged = [child.region for child in app.screen.children] if app.screen.is_modal else None
    failures = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            start, x = x, x + segment.cell_length
            # Borders and bars are drawing, not text: only letters and digits must read.
            if style is None or not any(ch.isalnum() for ch in text):
                continue
            if judged is not None and not any(region.contains(start, y) for region in judged):
                continue
            if any(region.contains(start, y) for region in inactive):
                continue
            fg, bg = _colour(style.color), _colour(style.bgcolor)
            if fg is None or bg is None:
                continue
            ratio = contrast_ratio(fg, bg)
            if ratio < MIN_CONTRAST:
                failures.append(f"row {y} {text.strip()[:20]!r}: {fg.hex} on {bg.hex} {ratio:.2f}")
    return failures


async def _keys(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "people": lambda pilot: _keys(pilot, "escape"),
    "person": lambda pilot: _keys(pilot, "escape", "down", "enter"),
    "journal": lambda pilot: _keys(pilot, "2"),
    "refer": lambda pilot: _keys(pilot, "3", *"acme robotics", "enter"),
    "reconnect": lambda pilot: _keys(pilot, "4"),
    "follow-ups": lambda pilot: _keys(pilot, "5"),
    "help": lambda pilot: _keys(pilot, "5", "question_mark"),
    "note dialog": lambda pilot: _keys(pilot, "1", "n"),
}


# One test per screen, so that the screens' 21 themes each are spread over the workers.
@pytest.mark.long
@pytest.mark.parametrize("screen", SCREENS)
async def test_every_screen_reads_in_every_theme(app: NotebookApp, screen: str) -> None:
    problems: dict[str, list[str]] = {}
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        await SCREENS[screen](pilot)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            if failures := faint_text(app):
                problems[f"{screen} in {theme}"] = failures[:3]
    assert problems == {}

"""Keys sent the way a laggy ssh link or a text expander sends them: all at once, with no pause
for the app to catch up between them."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from textual import events
from textual.app import App
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from notebook.app import NotebookApp


def key_events(keys: Iterable[str]) -> list[events.Key]:
    """Key events as the terminal driver makes them ("a", "A", " ", "tab", "ctrl+s")."""
    made = []
    for key in keys:
        if len(key) == 1:  # a character: the terminal sends it as itself ("@" is key "at")
            made.append(events.Key(key if key.isalnum() else _character_to_key(key), key))
            continue
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
        except KeyError:
            char = None
        made.append(events.Key(key, char))
    return made


def keys_of(*parts: str) -> list[str]:
    """Words are typed letter by letter; a part in angle brackets is one key: "<tab>"."""
    keys: list[str] = []
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            keys.append(part[1:-1])
        else:
            keys.extend(part)
    return keys


async def burst(pilot: Pilot[Any], *parts: str) -> None:
    """Put every key in the app's queue at once, as a burst from the terminal would."""
    app = pilot.app
    for event in key_events(keys_of(*parts)):
        event.set_sender(app)
        app.post_message(event)


async def settle(
    pilot: Pilot[Any], until: Callable[[App[Any]], bool], *, seconds: float = 10.0
) -> None:
    """Let the app work through what it was sent, until `until` holds (or time runs out)."""
    for _ in range(int(seconds / 0.02)):
        await pilot.pause(0.02)
        app = pilot.app
        assert isinstance(app, NotebookApp)
        if until(app) and not app.keys.waiting and app._message_queue.empty():
            await pilot.pause()
            return
    raise AssertionError("the app did not settle")


async def type_in(pilot: Pilot[Any], text: str) -> None:
    """Type text into the focused box in one burst (a pasted-in path, a text expander), and
    wait until the box holds it."""
    box = pilot.app.focused
    await burst(pilot, text)
    await settle(pilot, lambda _app: str(getattr(box, "value", "")).endswith(text))

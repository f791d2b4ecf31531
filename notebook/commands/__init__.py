"""Command palette providers, one per domain. Every action is also a command here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import Provider

from .data import DataCommands
from .interactions import InteractionCommands
from .navigation import NavigationCommands
from .people import PeopleCommands

if TYPE_CHECKING:
    from textual.system_commands import SystemCommandsProvider

COMMAND_PROVIDERS: set[type[Provider]] = {
    PeopleCommands,
    InteractionCommands,
    NavigationCommands,
    DataCommands,
}


def system_commands() -> type[SystemCommandsProvider]:
    """Textual's system commands, as plain text (loaded when the palette first opens)."""
    from .system import PlainSystemCommands

    return PlainSystemCommands

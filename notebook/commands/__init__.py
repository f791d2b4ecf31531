"""Command palette providers, one per domain. Every action is also a command here."""

from __future__ import annotations

from textual.command import Provider

from .data import DataCommands
from .interactions import InteractionCommands
from .navigation import NavigationCommands
from .people import PeopleCommands

COMMAND_PROVIDERS: set[type[Provider]] = {
    PeopleCommands,
    InteractionCommands,
    NavigationCommands,
    DataCommands,
}

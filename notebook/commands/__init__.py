"""Command palette providers, one per domain. Every action is also a command here.

Each is named by a function that imports it when the palette first opens (or when the app's
thread of later imports gets to it): a launch imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.system_commands import SystemCommandsProvider


def people_commands() -> type[Provider]:
    from .people import PeopleCommands

    return PeopleCommands


def interaction_commands() -> type[Provider]:
    from .interactions import InteractionCommands

    return InteractionCommands


def navigation_commands() -> type[Provider]:
    from .navigation import NavigationCommands

    return NavigationCommands


def data_commands() -> type[Provider]:
    from .data import DataCommands

    return DataCommands


def system_commands() -> type[SystemCommandsProvider]:
    """Textual's system commands, as plain text."""
    from .system import PlainSystemCommands

    return PlainSystemCommands


COMMAND_PROVIDERS = (
    people_commands,
    interaction_commands,
    navigation_commands,
    data_commands,
    system_commands,
)

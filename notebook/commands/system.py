"""Textual's system commands (every key of the screen, see app.screen_commands; themes; quit),
listed as plain text: Textual reads their titles as markup, which dropped the
"[at place] [when]" of the one-line log's."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.markup import escape
from textual.system_commands import SystemCommandsProvider

from .base import highlighted


class PlainSystemCommands(SystemCommandsProvider):
    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for command in commands:
            if command.discover:
                yield DiscoveryHit(
                    Content(command.title), command.callback, help=escape(command.help)
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.app.get_system_commands(self.screen):
            if (score := matcher.match(command.title)) > 0:
                yield Hit(
                    score,
                    highlighted(matcher, command.title),
                    command.callback,
                    help=escape(command.help),
                )

"""Textual's stylesheet, with the rules parsed from each piece of CSS kept for the process.

Textual parses every piece of CSS (the app's, each widget's defaults) again whenever the
stylesheet is re-read: when the theme is set (at launch too), when a screen is first shown,
and when the user picks a theme. Each time it starts from a new, empty stylesheet, so each
time it parses everything (7.6 ms once the People list is shown; 0.24 ms with the rules
kept), and a launch did so twice over with the same CSS and theme. Here the parsed rules are
kept per piece of CSS and theme (its variables), and shared by every stylesheet the process
makes: within one stylesheet Textual already shares them between its parses, as they are
never changed once made.
"""

from __future__ import annotations

from typing import ClassVar

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

# Each piece of CSS of a few themes (a few dozen pieces a theme): a theme picked again is not
# parsed again, and rules of themes long left are let go.
_KEPT = 512


class SharedStylesheet(Stylesheet):
    """A Stylesheet whose parsed rules are shared across its re-reads (see the module's note)."""

    _parsed: ClassVar[LRUCache[tuple[object, ...], list[RuleSet]]] = LRUCache(_KEPT)

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._theme_key: frozenset[tuple[str, str]] | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._theme_key = None

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        if self._theme_key is None:
            self._theme_key = frozenset(self._variables.items())
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._theme_key)
        rules = self._parsed.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            self._parsed[key] = rules
        return rules

    def reparse(self) -> None:
        """Textual's own reparse (into a new stylesheet, so that CSS with errors leaves this
        one as it was), made with this class, so that it finds the rules already parsed."""
        stylesheet = SharedStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            stylesheet.parse()
        except Exception:
            # As Textual does: CSS found invalid is not parsed again before the app ends.
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        self._rules = stylesheet.rules
        self._rules_map = None
        self.source = stylesheet.source
        self._require_parse = False

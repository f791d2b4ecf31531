"""The app's stylesheet keeps parsed CSS per piece and theme for the process
(notebook.widgets.stylesheet): re-reads find it, other themes get their own, and CSS with
errors is refused as Textual refuses it."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.css.stylesheet import StylesheetParseError

from notebook.widgets.stylesheet import SharedStylesheet

CSS = "Screen { background: $surface; } Label { color: $text; }"


def sheet(surface: str, css: str = CSS, where: str = "one") -> SharedStylesheet:
    stylesheet = SharedStylesheet(variables={"surface": surface, "text": "white"})
    stylesheet.add_source(css, read_from=("test_stylesheet.py", where))
    return stylesheet


def background(stylesheet: SharedStylesheet) -> Color:
    (screen,) = [rule for rule in stylesheet.rules if "Screen" in rule.selector_names]
    return screen.styles.background


def test_the_same_css_and_theme_is_parsed_once_for_every_stylesheet_and_reparse() -> None:
    first = sheet("#102030", where="shared")
    rules = first.rules
    second = sheet("#102030", where="shared")
    assert all(a is b for a, b in zip(second.rules, rules, strict=True))
    first.reparse()  # as Textual does when the theme is chosen or a screen first shown
    assert all(a is b for a, b in zip(first.rules, rules, strict=True))
    assert background(first) == Color.parse("#102030")


def test_each_theme_gets_its_own_rules() -> None:
    dark, light = sheet("#101010", where="themes"), sheet("#f0f0f0", where="themes")
    assert background(dark) == Color.parse("#101010")
    assert background(light) == Color.parse("#f0f0f0")
    dark.set_variables({"surface": "#f0f0f0", "text": "white"})  # the theme changed
    dark.reparse()
    assert background(dark) == Color.parse("#f0f0f0")


def test_css_with_errors_is_refused_on_every_reparse_and_leaves_the_rules_as_they_were() -> None:
    stylesheet = sheet("#102030", where="errors")
    rules = stylesheet.rules
    stylesheet.add_source("Label { colour: red; }", read_from=("test_stylesheet.py", "bad"))
    for _ in range(2):  # the second time from what the first parse kept
        with pytest.raises(StylesheetParseError):
            stylesheet.reparse()
        assert stylesheet._rules == rules

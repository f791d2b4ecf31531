"""Themes: the ones shipped in themes/, plus any the user drops in their config folder.

A theme file is TOML with Textual's Theme fields (name, dark, primary, ..., [variables]).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.color import Color
from textual.theme import Theme

DEFAULT_THEME = "notebook-dark"
_THEME_FIELDS = set(
    "name primary secondary warning error success accent foreground background surface panel "
    "boost dark luminosity_spread text_alpha variables".split()
)


def shipped_themes_dir() -> Path:
    """themes/ inside an installed wheel, else the source tree's top-level themes/."""
    packaged = Path(__file__).parent / "_themes"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "themes"


class ThemeFileError(ValueError):
    pass


# A theme's name is shown in the theme picker, which reads it as markup, and is saved in the
# settings: letters, digits and dashes only (as Textual's own themes are named).
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


def read_theme(path: Path) -> Theme:
    try:
        if not path.is_file():  # a pipe would wait for a writer, for ever
            raise ThemeFileError(f"{path.name}: not a plain file")
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeFileError(f"{path.name}: {error}") from None
    unknown = set(data) - _THEME_FIELDS
    if unknown:
        raise ThemeFileError(f"{path.name}: unknown fields {', '.join(sorted(unknown))}")
    if "name" not in data or "primary" not in data:
        raise ThemeFileError(f"{path.name}: a theme needs at least a name and a primary colour")
    name = data["name"]
    if not isinstance(name, str) or not _THEME_NAME.fullmatch(name):
        raise ThemeFileError(
            f"{path.name}: a theme's name is letters, digits and dashes (up to 40), "
            f"not {str(name)[:40]!r}"
        )
    try:
        theme = Theme(**data)
        # Every colour is read when the theme is applied: a bad one must fail here, when the
        # file is read and said to be wrong, never when someone picks the theme.
        theme.to_color_system().generate()
        for key, value in theme.variables.items():
            # Textual's style variables are colours, but for the few that are text styles.
            if not key.endswith("-text-style"):
                Color.parse(value)
    except Exception as error:  # Textual raises several kinds for a value it cannot read
        raise ThemeFileError(f"{path.name}: {_first_line(error)}") from None
    return theme


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def load_themes(*folders: Path) -> tuple[list[Theme], list[str]]:
    """Every theme in the folders (later folders win), and a message per file that failed."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in folders:
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as error:  # a folder of ours we may not read: the app starts without it
            problems.append(f"{folder.name}/: {error.strerror or error}")
            continue
        for path in paths:
            try:
                theme = read_theme(path)
            except ThemeFileError as error:
                problems.append(str(error))
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems


# -- contrast ------------------------------------------------------------------------------------

# WCAG 2.x: body text needs 4.5:1 against what it sits on.
MIN_CONTRAST = 4.5
# surface-lighten-1 is a list's highlighted row while the list is not focused; the hover
# shade is the line of a tree under the pointer.
_PAGES = ("background", "surface", "panel", "surface-lighten-1", "block-hover-background")
_ON_PAGES = (
    "foreground",
    "text",
    "text-muted",
    "text-primary",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
)
# Each text colour the app's styles (and Textual's widgets it uses) draw, and the backgrounds
# it is drawn on.
TEXT_ON: dict[str, tuple[str, ...]] = {
    **{text: _PAGES for text in _ON_PAGES},
    "block-cursor-foreground": ("block-cursor-background",),
    "block-cursor-blurred-foreground": ("block-cursor-blurred-background",),
    "button-foreground": ("surface",),
    "button-color-foreground": ("primary",),
    "footer-foreground": ("footer-background",),
    "footer-description-foreground": ("footer-background",),
    "footer-key-foreground": ("footer-background",),
}
_BLACK, _WHITE = Color(0, 0, 0), Color(255, 255, 255)


def _channel(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""
    return 0.2126 * _channel(color.r) + 0.7152 * _channel(color.g) + 0.0722 * _channel(color.b)


def contrast_ratio(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _auto_alpha(value: str) -> float | None:
    """The opacity of an "auto N%" colour (Textual's black or white, whichever contrasts)."""
    if not value.startswith("auto"):
        return None
    return float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0


def resolve(value: str, background: Color) -> Color:
    """A theme variable's colour as painted on `background`: auto colours and translucent
    ones blended onto it."""
    alpha = _auto_alpha(value)
    colour = Color.parse(value) if alpha is None else background.get_contrast_text(alpha)
    return background + colour


def theme_colours(theme: Theme) -> dict[str, str]:
    """The CSS variables a theme gives, as Textual's App.get_css_variables() builds them."""
    return {**theme.to_color_system().generate(), **theme.variables}


def _worst(value: str, backgrounds: list[Color]) -> float:
    return min(contrast_ratio(resolve(value, back), back) for back in backgrounds)


def _background(variables: Mapping[str, str], name: str) -> Color:
    # A translucent background (a blurred cursor) is painted over the surface.
    return Color.parse(variables["surface"]) + Color.parse(variables[name])


def _backgrounds(variables: Mapping[str, str], text: str) -> list[Color]:
    return [_background(variables, name) for name in TEXT_ON[text]]


def contrast_problems(variables: Mapping[str, str]) -> list[str]:
    """Each text colour the app draws that falls under MIN_CONTRAST on one of its backgrounds."""
    if variables["background"].startswith("ansi"):
        return []  # an ANSI theme draws with the terminal's own palette, unseen here
    problems = []
    for text, backs in TEXT_ON.items():
        for back in backs:
            background = _background(variables, back)
            ratio = contrast_ratio(resolve(variables[text], background), background)
            if ratio < MIN_CONTRAST:
                problems.append(f"{text} on {back} is {ratio:.2f}:1")
    return problems


def _readable_value(value: str, backgrounds: list[Color]) -> str:
    """`value` changed as little as it takes to read on every background: an auto colour made
    more opaque; a colour moved in small steps toward black or white, whichever contrasts
    more with the backgrounds (its hue kept as far as possible)."""
    target = max((_BLACK, _WHITE), key=lambda c: min(contrast_ratio(c, b) for b in backgrounds))
    if (alpha := _auto_alpha(value)) is not None:
        while alpha < 1 and _worst(f"auto {alpha:.0%}", backgrounds) < MIN_CONTRAST:
            alpha = min(1.0, alpha + 0.05)
        # Textual's auto picks by brightness, which on a mid blue is not the one that reads.
        return f"auto {alpha:.0%}" if alpha < 1 else target.hex
    colour = Color.parse(value)
    for step in range(1, 21):
        if _worst(colour.hex, backgrounds) >= MIN_CONTRAST:
            break
        colour = Color.parse(value).blend(target, step / 20)
    return colour.hex


# Muted words inside a line of text (a role beside a name, a date after a follow-up) are given
# their colour by name, and Textual draws such a colour without the background at hand: text
# muted by Textual's "auto 60%" came out pure white, brighter than the text beside it. This
# variable is the theme's muted text as painted on its surface, a colour of its own, for that.
SOLID_MUTED = "text-muted-solid"
MUTED = f"${SOLID_MUTED}"  # the style to give such words


def with_solid_muted(variables: dict[str, str]) -> dict[str, str]:
    """The variables and SOLID_MUTED, which reads on every background muted text is on (not
    on a list's highlighted row: see `PersonPicker._person_prompt`)."""
    muted = variables["text-muted"]
    if not variables["background"].startswith("ansi"):  # an ANSI colour is not "auto"
        pages = _backgrounds(variables, "text-muted")
        muted = resolve(muted, _background(variables, "surface")).hex
        if _worst(muted, pages) < MIN_CONTRAST:
            muted = _readable_value(muted, pages)
    return {**variables, SOLID_MUTED: muted}


def readable(variables: dict[str, str]) -> dict[str, str]:
    """The variables with each text colour that reads badly on its backgrounds (several of
    Textual's built-in themes put orange or green text on light panels at 2-3:1, or a
    selected row at 3.7:1) changed until it passes. Variables that pass come back as they are."""
    if not contrast_problems(variables):
        return variables
    fixed = dict(variables)
    for text in TEXT_ON:
        backgrounds = _backgrounds(variables, text)
        if _worst(variables[text], backgrounds) < MIN_CONTRAST:
            fixed[text] = _readable_value(variables[text], backgrounds)
    return fixed

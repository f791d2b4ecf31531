"""Themes: the ones shipped in themes/, plus any the user drops in their config folder.

A theme file is TOML with Textual's Theme fields (name, dark, primary, ..., [variables]).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

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


def read_theme(path: Path) -> Theme:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeFileError(f"{path.name}: {error}") from None
    unknown = set(data) - _THEME_FIELDS
    if unknown:
        raise ThemeFileError(f"{path.name}: unknown fields {', '.join(sorted(unknown))}")
    if "name" not in data or "primary" not in data:
        raise ThemeFileError(f"{path.name}: a theme needs at least a name and a primary colour")
    try:
        return Theme(**data)
    except (TypeError, ValueError) as error:
        raise ThemeFileError(f"{path.name}: {error}") from None


def load_themes(*folders: Path) -> tuple[list[Theme], list[str]]:
    """Every theme in the folders (later folders win), and a message per file that failed."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
            try:
                theme = read_theme(path)
            except ThemeFileError as error:
                problems.append(str(error))
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems

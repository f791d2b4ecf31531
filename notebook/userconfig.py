"""The user's own config folder: extra themes and a keymap.

keymap.toml maps binding ids to keys, e.g. `note = "ctrl+n"` or `"list.down" = "down,ctrl+j"`.
The ids are listed on each screen's help (`?`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

from platformdirs import user_config_dir, user_downloads_dir


def downloads_folder() -> str:
    """Where a browser saves an export from LinkedIn or Google, written as a user would type
    it ("~/Downloads")."""
    folder = Path(user_downloads_dir())
    try:
        return f"~/{folder.relative_to(Path.home())}"
    except ValueError:
        return str(folder)


def config_dir() -> Path:
    return Path(user_config_dir("notebook", appauthor=False))


def themes_dir() -> Path:
    return config_dir() / "themes"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The user's key overrides, and any problem found reading them. An id written unquoted
    (`people.sort = "o"`, which TOML reads as a table) means what the quoted one means."""
    path = path or config_dir() / "keymap.toml"
    try:
        if not path.exists():
            return {}, []
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{path.name} not read, so no key moves: {error}"]
    flat = dict(_flatten(data))
    keymap = {k: v for k, v in flat.items() if isinstance(v, str)}
    bad = sorted(k for k, v in flat.items() if not isinstance(v, str))
    return keymap, [
        f'{path.name}: keys must be text, e.g. note = "ctrl+n" ({", ".join(bad)} ignored)'
    ] if bad else []


def _flatten(table: dict[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value

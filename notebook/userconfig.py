"""The user's own config folder: extra themes and a keymap.

keymap.toml maps binding ids to keys, e.g. `note = "ctrl+n"` or `"list.down" = "down,ctrl+j"`.
The ids are listed on each screen's help (`?`).
"""

from __future__ import annotations

import tomllib
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
    """The user's key overrides, and any problem found reading them."""
    path = path or config_dir() / "keymap.toml"
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{path.name}: {error}"]
    keymap = {str(k): v for k, v in data.items() if isinstance(v, str)}
    bad = sorted(str(k) for k, v in data.items() if not isinstance(v, str))
    return keymap, [
        f'{path.name}: keys must be text, e.g. note = "ctrl+n" ({", ".join(bad)})'
    ] if bad else []

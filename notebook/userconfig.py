"""The user's own config folder: extra themes and a keymap.

keymap.toml maps binding ids to keys, e.g. `note = "ctrl+n"` or `"list.down" = "down,ctrl+j"`.
The ids are listed on each screen's help (`?`).
"""

from __future__ import annotations

import tomllib
from collections import Counter
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
        if not path.exists() and not path.is_symlink():  # a dangling link is said, below
            return {}, []
        if path.exists() and not path.is_file():  # a pipe would wait for a writer, for ever
            return {}, [f"{path.name} not read, so no key moves: it is not a plain file"]
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{path.name} not read, so no key moves: {error}"]
    pairs = list(_flatten(data))
    flat = dict(pairs)
    keymap = {k: _spelled_for_textual(v) for k, v in flat.items() if isinstance(v, str)}
    bad = sorted(k for k, v in flat.items() if not isinstance(v, str))
    problems = [
        f'{path.name}: keys must be text, e.g. note = "ctrl+n" ({", ".join(bad)} ignored)'
    ] if bad else []  # fmt: skip
    # "people.sort" and people.sort (a table's) are one id to us, two keys to TOML.
    twice = sorted(k for k, count in Counter(k for k, _ in pairs).items() if count > 1)
    problems += [f"{path.name}: {k} is given twice; the last one is used" for k in twice]
    return keymap, problems


def _flatten(table: dict[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


# Keys as the app shows them (its footer, help and hints), which keymap.toml may copy, and the
# names Textual knows them by.
SHOWN_KEYS = {
    "esc": "escape",
    "pgdn": "pagedown",
    "pgup": "pageup",
    "del": "delete",
    "⌫": "backspace",
    "⏎": "enter",
    "↑": "up",
    "↓": "down",
    "←": "left",
    "→": "right",
}


def _spelled_for_textual(keys: str) -> str:
    """`keys` ("esc,^s") with each key the app shows by another name given Textual's name
    ("escape,ctrl+s"); every other key as it was written."""
    spelled = []
    for key in keys.split(","):
        key = key.strip()
        if len(key) > 1 and key.startswith("^"):  # the footer's ^s
            key = f"ctrl+{key[1:]}"
        modifiers, plus, base = key.rpartition("+")
        spelled.append(f"{modifiers}{plus}{SHOWN_KEYS.get(base, base)}" if base else key)
    return ",".join(spelled)

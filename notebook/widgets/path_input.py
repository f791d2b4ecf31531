"""A file path field that completes as you type, the way a shell does: Tab (or →) takes the
suggestion, and Tab with nothing to complete moves on."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.suggester import Suggester

from ..records import strip_controls
from .line_input import LineInput

# Files a contact import reads come first among the matches.
CONTACT_SUFFIXES = (".csv", ".vcf", ".vcard", ".json")
# A folder of this many entries is listed no further: each keystroke's work stays bounded.
MAX_ENTRIES = 5000


def _entries(folder: Path) -> list[tuple[str, bool]]:
    """(name, is a folder) of the first MAX_ENTRIES entries; nothing if it can't be read."""
    try:
        with os.scandir(folder) as scan:
            found = []
            for entry in itertools.islice(scan, MAX_ENTRIES):
                try:
                    found.append((entry.name, entry.is_dir()))
                except OSError:
                    continue
            return found
    except OSError:
        return []


def complete_path(value: str) -> str | None:
    """The typed path completed as far as it goes unambiguously, or to the best match: a
    folder gains its "/", and contact files and folders come before other files."""
    if "/" not in value:
        return None
    typed_folder, _, stem = value.rpartition("/")
    folder = Path(typed_folder + "/").expanduser()
    matches = [
        (name, is_dir)
        for name, is_dir in _entries(folder)
        if name.startswith(stem)
        and (stem.startswith(".") or not name.startswith("."))
        # A file name is anyone's text: one holding escape sequences is never put in the field.
        and strip_controls(name) == name
    ]
    if not matches:
        return None
    names = [name for name, _ in matches]
    # Character by character on purpose: these are names in one folder, not paths.
    common = os.path.commonprefix(names)  # noqa: RUF071
    if len(matches) == 1 or len(common) > len(stem):
        name, is_dir = matches[0] if len(matches) == 1 else (common, False)
        return f"{typed_folder}/{name}{'/' if is_dir and len(matches) == 1 else ''}"
    best = min(
        matches,
        key=lambda m: (not (m[1] or m[0].lower().endswith(CONTACT_SUFFIXES)), m[0].lower()),
    )
    return f"{typed_folder}/{best[0]}{'/' if best[1] else ''}"


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        completed = complete_path(value)
        return completed if completed and completed != value else None


class PathInput(LineInput):
    """An Input for a file path, completing from the folder it names."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete", show=False, id="path.complete",
                tooltip="Complete the path, or move on when there is nothing to complete"),
    ]  # fmt: skip

    def __init__(self, value: str = "", **options: object) -> None:
        # The cursor at the end, not all selected: the prefilled folder is where typing starts.
        super().__init__(
            value,
            suggester=PathSuggester(),
            select_on_focus=False,
            **options,  # type: ignore[arg-type]
        )
        self._prefilled = value

    def insert_text_at_cursor(self, text: str) -> None:
        # A path typed or pasted from the top ("/…", "~/…") over the untouched prefilled
        # folder replaces it, as it would in a shell; anything else goes on after it.
        if self.value == self._prefilled and text.startswith(("/", "~")):
            self.value = ""
        self._prefilled = ""
        super().insert_text_at_cursor(text)

    def action_complete(self) -> None:
        suggestion = self._suggestion
        if suggestion and suggestion != self.value:
            self.value = suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()

"""A launch imports what the first screen needs; the rest is imported once it is drawn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# What the People screen is made of: every other screen, dialog and palette command waits.
NEEDED_AT_LAUNCH = {"notebook.screens", "notebook.screens.base", "notebook.screens.people"}


def loaded_by(script: str) -> Any:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def later(loaded: list[str]) -> set[str]:
    """The loaded modules of the screens, dialogs and commands, beyond what a launch needs."""
    packages = ("notebook.screens", "notebook.modals", "notebook.commands")
    return {m for m in loaded if m.startswith(packages) and m not in NEEDED_AT_LAUNCH} - {
        "notebook.modals",
        "notebook.commands",
    }


def test_importing_the_app_leaves_the_other_screens_dialogs_and_commands() -> None:
    loaded = loaded_by(
        "import json, sys\nimport notebook.app\nprint(json.dumps(sorted(sys.modules)))\n"
    )
    assert set(loaded) >= NEEDED_AT_LAUNCH
    assert later(loaded) == set()


def test_once_the_first_screen_is_drawn_they_are_imported_then_the_keymap_checked(
    tmp_path: Path,
) -> None:
    """Imported on the app's thread, and only then the keymap's check, whose thread imports the
    rest of the notebook: two threads importing at once can deadlock in Python's locks."""
    script = f"""
import asyncio, json, pkgutil, sys, tempfile, time
from pathlib import Path
from datetime import date
from notebook.app import IMPORTED_LATER, NotebookApp
from notebook.demo import build
from notebook.viewmodel import Notebook

def every():
    return [
        module.name
        for package in map(sys.modules.get, IMPORTED_LATER)
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
    ]

async def main():
    today = date(2026, 11, 25)
    path = Path(tempfile.mkdtemp(dir={str(tmp_path)!r})) / "demo.json"
    notebook = Notebook.open(build(path, today=today), today=today)
    app = NotebookApp(notebook, user_files=False)
    app._keymap_read = {{"quit": "ctrl+x"}}  # as read from a keymap.toml
    left_at_check = []
    NotebookApp._check_keymap = lambda app, keymap: left_at_check.append(
        sorted(set(every()) - set(sys.modules))
    )
    async with app.run_test() as pilot:
        await pilot.pause()
        give_up = time.monotonic() + 30
        while not left_at_check and time.monotonic() < give_up:
            await asyncio.sleep(0.01)
    notebook.close()
    print(json.dumps([left_at_check, every()]))

asyncio.run(main())
"""
    left_at_check, looked_for = loaded_by(script)
    assert left_at_check == [[]]
    assert later(looked_for)  # what the first test found left out of a launch is among them

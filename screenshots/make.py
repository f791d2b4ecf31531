"""Regenerate screenshots/*.svg: the real app on the demo notebook, one per screen.

Run: uv run python screenshots/make.py
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path

from notebook.app import NotebookApp
from notebook.demo import build
from notebook.viewmodel import Notebook

TODAY = date(2026, 11, 25)
SIZE = (120, 36)
HERE = Path(__file__).parent

# name → keys pressed from the People screen
SHOTS: dict[str, tuple[str, ...]] = {
    "people": (),
    "person": ("slash", *"felix bauer", "enter", "enter"),
    "note": ("n", *"Maria", "down", "enter", "tab", *"yesterday", "tab", *"the bakery", "tab",
             *"She'll intro me to her manager"),
    "journal": ("2",),
    "refer": ("3", *"acme robotics", "enter"),
    "reconnect": ("4",),
    "followups": ("5",),
    "prep": ("slash", *"felix bauer", "enter", "enter", "p"),
    "help": ("question_mark",),
}  # fmt: skip


async def shoot(name: str, keys: tuple[str, ...], folder: Path) -> None:
    path = build(folder / f"{name}.json", today=TODAY)
    notebook = Notebook.open(path, today=TODAY)
    app = NotebookApp(notebook, user_files=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    finally:
        notebook.close()
    print(f"screenshots/{name}.svg")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, keys in SHOTS.items():
            await shoot(name, keys, Path(folder))


if __name__ == "__main__":
    asyncio.run(main())

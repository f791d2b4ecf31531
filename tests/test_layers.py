"""The layers point down only: the foundation never imports Textual, and only the store touches
TinyDB."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "notebook"
FOUNDATION = [
    "notebook.store",
    "notebook.compact",
    "notebook.records",
    "notebook.dates",
    "notebook.capture",
    "notebook.search",
    "notebook.demo",
    "notebook.viewmodel",
    # The view model's parts, each on its own: none may lean on the UI through another.
    "notebook.model",
    "notebook.model.base",
    "notebook.model.people",
    "notebook.model.conversations",
    "notebook.model.upkeep",
    "notebook.model.ties",
    "notebook.model.follow_ups",
    "notebook.model.asks",
    "notebook.model.referrals",
    "notebook.model.transfer",
    "notebook.words",
    "notebook.views",
    "notebook.report",
    "notebook.cli",
    "notebook.vdir",
    "notebook.merge",
]
# Layers that arrive later obey the same rule (DESIGN.md: graph and formats sit below the UI).
for later in ("formats", "graph"):
    if (PACKAGE / later).is_dir() or (PACKAGE / f"{later}.py").exists():
        FOUNDATION.append(f"notebook.{later}")


def imported_modules(source: str) -> set[str]:
    """Every absolute module an import statement names (with its parents)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return found


@pytest.mark.parametrize("module", FOUNDATION)
def test_foundation_does_not_import_textual(module: str) -> None:
    probe = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich', 'notebook'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert module in loaded  # the probe really imported it
    assert [m for m in loaded if m.split(".")[0] == "textual"] == []
    assert "notebook.app" not in loaded


def test_all_foundation_modules_together_do_not_import_textual() -> None:
    probe = (
        "import importlib, sys\n"
        f"for name in {FOUNDATION!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert (result.returncode, result.stdout) == (0, "[]\n"), result.stderr


def test_only_the_store_imports_tinydb() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "store.py" in sources
    importers = {
        str(path.relative_to(PACKAGE))
        for path in sources
        if "tinydb" in imported_modules(path.read_text(encoding="utf-8"))
    }
    assert importers == {"store.py"}


def test_the_import_scanner_sees_every_form() -> None:
    source = (
        "import tinydb\n"
        "import os.path as p\n"
        "from tinydb.storages import Storage\n"
        "from . import store\n"
        "def f():\n"
        "    import textual.app\n"
    )
    assert imported_modules(source) == {
        "tinydb",
        "tinydb.storages",
        "os",
        "os.path",
        "textual",
        "textual.app",
    }


def test_every_one_line_field_is_a_line_input() -> None:
    """Textual's own Input lays the whole screen out again on every keystroke (see
    widgets/line_input.py): none is made directly, only the app's LineInput and its kinds."""
    made = sorted(
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Input"
        )
        or (
            isinstance(node, ast.ClassDef)
            and any(isinstance(base, ast.Name) and base.id == "Input" for base in node.bases)
            and node.name != "LineInput"
        )
    )
    assert made == []

"""What a keymap.toml asks for that cannot work, said at start rather than found later by a
key that does nothing: an id no key has (a typo), and one key given to two actions that apply
at the same time (only one of them can run; the other is gone from the footer and help)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen

import notebook


def keymap_problems(keymap: Mapping[str, str], app: type[App[Any]]) -> list[str]:
    """One line for each thing in `keymap` that cannot work in `app`."""
    if not keymap:
        return []
    classes = list(_bound_classes())
    return unknown_ids(keymap, classes) + clashes(keymap, classes, app)


def unknown_ids(keymap: Mapping[str, str], classes: list[type[DOMNode]]) -> list[str]:
    known = {
        binding.id
        for cls in classes
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding) and binding.id
    }
    unknown = sorted(set(keymap) - known)
    if not unknown:
        return []
    return [
        f"keymap.toml: no key has the id {', '.join(unknown)} (ignored); help (?) shows each "
        "key's id"
    ]


def clashes(
    keymap: Mapping[str, str], classes: list[type[DOMNode]], app: type[App[Any]]
) -> list[str]:
    """Each key the keymap gives to an action that another action where it works also has:
    within one screen, dialog or widget, between a screen and the app's keys (which work on
    every screen), and between a dialog or widget and the app's priority keys (ctrl+q, f1:
    they work in dialogs too). Two keys the notebook itself gives are never counted: only
    what the keymap moved."""
    # An empty value leaves the key as it was, as Textual reads it.
    moved = App._normalize_keymap({name: keys for name, keys in keymap.items() if keys})
    found: dict[str, set[str]] = {}
    for chain in _chains(classes, app):
        holders: dict[str, set[str]] = {}
        for cls, only_priority in chain:
            if cls._merged_bindings is None:
                continue
            for key, bindings in cls._merged_bindings.key_to_bindings.items():
                for binding in bindings:
                    if only_priority and not binding.priority:
                        continue
                    name = binding.id or binding.action
                    keys = moved[name].split(",") if name in moved else [key]
                    for each in keys:
                        holders.setdefault(each.strip(), set()).add(name)
        for key, names in holders.items():
            if len(names) > 1 and names & moved.keys():
                found.setdefault(key, set()).update(names)
    return [_clash_line(key, sorted(names)) for key, names in sorted(found.items())]


def _clash_line(key: str, names: list[str]) -> str:
    if len(names) == 2:
        return (
            f"keymap.toml: {names[0]} and {names[1]} both have the key {format_key(key)}; "
            "where both apply only one works, so give one of them another key"
        )
    return (
        f"keymap.toml: {', '.join(names[:-1])} and {names[-1]} all have the key "
        f"{format_key(key)}; where they apply together only one works, so give all but one "
        "of them other keys"
    )


def _chains(
    classes: list[type[DOMNode]], app: type[App[Any]]
) -> Iterator[tuple[tuple[type[DOMNode], bool], ...]]:
    """The notebook's own keyed classes, each with the app's keys that work where it is (all of
    them with a screen, its priority keys with a dialog or a widget: a widget's screen is not
    known until it is made), as (class, only its priority keys)."""
    yield ((app, False),)
    for cls in classes:
        if not cls.__module__.startswith("notebook.") or issubclass(cls, App):
            continue
        if not cls._merged_bindings or not cls._merged_bindings.key_to_bindings:
            continue
        screen = issubclass(cls, Screen) and not issubclass(cls, ModalScreen)
        yield ((cls, False), (app, not screen))


def _bound_classes() -> Iterator[type[DOMNode]]:
    """Every DOM class there is, Textual's own included, once every module of the notebook is
    imported: dialogs not opened yet count."""
    for module in pkgutil.walk_packages(notebook.__path__, "notebook."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    classes: list[type[DOMNode]] = [DOMNode]
    seen: set[type[DOMNode]] = set()
    while classes:
        cls = classes.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        classes.extend(cls.__subclasses__())

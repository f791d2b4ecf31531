"""What a keymap.toml asks for that cannot work, said at start rather than found later by a
key that does nothing: an id no key has (a typo), and one key given to two actions that apply
at the same time (only one of them can run; the other is gone from the footer and help)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterator, Mapping
from types import CodeType
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
    """Each key the keymap gives an action where another action has it too (see `_chains` for
    where keys meet). A key the notebook itself gives two actions is never counted, nor one
    that two bindings of one action share (? and f1 both open help): only a key the keymap
    moved onto another action's."""
    # An empty value leaves the key as it was, as Textual reads it.
    moved = App._normalize_keymap({name: keys for name, keys in keymap.items() if keys})
    found: dict[str, set[str]] = {}
    for chain in _chains(classes, app):
        bindings = [binding for cls, only_priority in chain for binding in _bindings(cls, app)
                    if binding.priority or not only_priority]  # fmt: skip
        defaults: dict[str, set[str]] = {}
        for binding in bindings:
            defaults.setdefault(_name(binding), set()).add(binding.key)
        # key -> {name: (its action, whether the keymap put it there)}
        holders: dict[str, dict[str, tuple[str, bool]]] = {}
        for binding in bindings:
            name = _name(binding)
            keys = moved[name].split(",") if binding.id and name in moved else [binding.key]
            for key in filter(None, (key.strip() for key in keys)):
                there = holders.setdefault(key, {})
                there[name] = (
                    binding.action,
                    there.get(name, ("", False))[1] or key not in defaults[name],
                )
        for key, there in holders.items():
            actions = {action for action, _ in there.values()}
            if len(actions) > 1 and any(moved_here for _, moved_here in there.values()):
                found.setdefault(key, set()).update(there)
    return [_clash_line(key, sorted(names)) for key, names in sorted(found.items())]


def _name(binding: Binding) -> str:
    """How a message names a binding: its id, or (Textual's own, which have none) its action
    and key, so that Textual's ctrl+q is not taken for the notebook's `quit` (q)."""
    return binding.id or f"{binding.action} ({format_key(binding.key)})"


def _bindings(cls: type[DOMNode], app: type[App[Any]]) -> list[Binding]:
    """A class's bindings, one per key; the app's with the palette's key, which Textual adds
    to each app as it is made."""
    merged = cls._merged_bindings
    found = [binding for keyed in (merged.key_to_bindings.values() if merged else ())
             for binding in keyed]  # fmt: skip
    if cls is app and app.ENABLE_COMMAND_PALETTE:
        found.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette", priority=True))
    return found


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
    """Where keys meet, as (class, only its priority keys): the app's keys; a screen's with the
    app's; a dialog's with the app's priority keys (ctrl+q, f1, ctrl+p work in dialogs too);
    and a widget's (a list, a text field) with those of each screen or dialog whose code
    names it, as a widget's keys come first while it has the focus."""
    yield ((app, False),)
    keyed = [
        cls for cls in classes if cls._merged_bindings and cls._merged_bindings.key_to_bindings
    ]
    for cls in keyed:
        if not cls.__module__.startswith("notebook.") or issubclass(cls, App):
            continue
        if not issubclass(cls, Screen):
            yield ((cls, False),)
            continue
        modal = issubclass(cls, ModalScreen)
        yield ((cls, False), (app, modal))
        for widget in _widgets_of(cls, keyed):
            yield ((widget, False), (cls, False), (app, modal))


def _widgets_of(screen: type[Screen[Any]], keyed: list[type[DOMNode]]) -> Iterator[type[DOMNode]]:
    """The keyed widgets a screen or dialog makes: those its module holds that its own code,
    or an ancestor's in the notebook, names (a module's other dialogs may make others)."""
    named = {
        name
        for cls in screen.__mro__
        if cls.__module__.startswith("notebook.")
        for member in vars(cls).values()
        for name in _names(member)
    }
    held = vars(sys.modules[screen.__module__])
    for widget in keyed:
        if issubclass(widget, Screen | App):  # a dialog it opens is not bound where it is
            continue
        if widget.__name__ in named and held.get(widget.__name__) is widget:
            yield widget


def _names(member: object) -> Iterator[str]:
    """The global names a method's code (its inner functions' too) reads."""
    member = getattr(member, "fget", None) or getattr(member, "__func__", member)
    codes = [code] if isinstance(code := getattr(member, "__code__", None), CodeType) else []
    while codes:
        code = codes.pop()
        yield from code.co_names
        codes.extend(const for const in code.co_consts if isinstance(const, CodeType))


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

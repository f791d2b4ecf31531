"""What a keymap.toml asks for that cannot work, said at start rather than found later by a
key that does nothing: an id no key has (a typo), a key that never arrives as written, a
letter given to a dialog's action where a text field types it, and one key given to two
actions that apply at the same time (only one of them can run; the other is gone from the
footer and help)."""

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
from textual.keys import Keys, _character_to_key, format_key, key_to_character
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

import notebook


def keymap_problems(keymap: Mapping[str, str], app: type[App[Any]]) -> list[str]:
    """One line for each thing in `keymap` that cannot work in `app`."""
    if not keymap:
        return []
    classes = list(_bound_classes())
    unknown = unknown_ids(keymap, classes)
    # An id no key has is said once, as ignored: what its key would do is not judged too.
    ids = _known_ids(classes)
    known = {name: keys for name, keys in keymap.items() if name in ids}
    return unknown + unknown_keys(known) + clashes(known, classes, app)


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Every name a key arrives by: Textual's named keys, and its names of the printable ASCII
# characters other than letters and digits ("slash", "greater_than_sign").
CHARACTER_NAMES = frozenset(_character_to_key(chr(code)) for code in range(32, 127))
NAMED_KEYS = CHARACTER_NAMES | frozenset(
    key.value
    for key in Keys
    if not key.value.startswith("<")  # <any> is no key one presses
)
# What a terminal sends for these (Textual's names for them).
SENT_AS = {"ctrl+h": "backspace", "ctrl+i": "tab", "ctrl+m": "enter"}


def unknown_keys(keymap: Mapping[str, str]) -> list[str]:
    """Keys that never arrive as written: a key that never comes does nothing, silently."""
    problems = []
    for name, keys in sorted(keymap.items()):
        listed = [key.strip() for key in keys.split(",")]
        if keys.strip() and not all(listed):
            problems.append(
                f"keymap.toml: {name} = {keys!r}: a comma separates keys; the key itself is comma"
            )
        problems += [
            f"keymap.toml: {name}: {why}" for key in listed if key and (why := key_problem(key))
        ]
    return problems


def key_problem(key: str) -> str | None:
    """Why `key` (one key, in Textual's spelling) never arrives as written, or None."""
    *modifiers, base = key.split("+") if key != "+" else [key]
    if key in SENT_AS:
        return f"terminals send {key} as {SENT_AS[key]}"
    character = (len(base) == 1 and base.isprintable()) or base in CHARACTER_NAMES
    if len(base) == 1 and base.isalpha() and "ctrl" in modifiers and base.isupper():
        return key_problem(key.lower()) or f"no key is called {key!r}; write it {key.lower()!r}"
    if character and modifiers == ["shift"]:
        shown = repr(base.upper()) if len(base) == 1 and base.isalpha() else "what it types"
        return f"terminals send {key} as {shown}; write that"
    if character and "alt" in modifiers and "ctrl" not in modifiers:  # ctrl sends no character
        # See widgets/terminal_input.py: a quick escape, then a key, is never read as alt.
        return (
            f"{key} arrives as escape, then {format_key(base)}: two keys, so that a quick "
            "escape is never lost; give it another key"
        )
    known = character or base in NAMED_KEYS
    if not known or not set(modifiers) <= MODIFIERS:
        return (
            f'no key is called {key!r}; keys are written as Textual names them, e.g. "x", '
            '"ctrl+x", "escape", "pagedown", "f5", "comma", "slash"'
        )
    return None


def _known_ids(classes: list[type[DOMNode]]) -> set[str]:
    return {
        binding.id
        for cls in classes
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding) and binding.id
    }


def unknown_ids(keymap: Mapping[str, str], classes: list[type[DOMNode]]) -> list[str]:
    unknown = sorted(set(keymap) - _known_ids(classes))
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
    where keys meet), and each letter it gives a dialog's action where a text field takes
    letters as typing. Only what the keymap moved counts: never a key the notebook itself
    gives two actions, one that two bindings of one action share (? and f1 both open help),
    or one given to actions that already share a key (escape, then ctrl+g too, closes a
    name's matches, then its dialog: each key passes on when there is nothing to close)."""
    # An empty value leaves the key as it was, as Textual reads it.
    moved = App._normalize_keymap({name: keys for name, keys in keymap.items() if keys})
    # key -> (the names the keymap put there, the other names it has where they work)
    found: dict[str, tuple[set[str], set[str]]] = {}
    typed: set[tuple[str, str]] = set()
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
        takes_typing = _takes_typing(chain)
        for key, there in holders.items():
            moved_here = [name for name, (_, moved_to) in there.items() if moved_to]
            if not moved_here:
                continue
            if takes_typing and _typed_key(key):
                typed.update((key, name) for name in moved_here)
            actions = {action for action, _ in there.values()}
            shared = set.intersection(*(defaults[name] for name in there))
            if len(actions) > 1 and not shared:
                names, others = found.setdefault(key, (set(), set()))
                names.update(moved_here)
                others.update(there)
    return [
        _clash_line(key, sorted(names), sorted(others - names))
        for key, (names, others) in sorted(found.items())
    ] + [
        f"keymap.toml: {name} has the key {format_key(key)}, which a text field where it works "
        "takes as typing; give it a key with ctrl or one that types nothing"
        for key, name in sorted(typed)
    ]


def _takes_typing(chain: tuple[tuple[type[DOMNode], bool], ...]) -> bool:
    """Whether a dialog with a text field in it is in `chain`: its letters type, there."""
    return any(issubclass(cls, ModalScreen) for cls, _ in chain) and any(
        issubclass(cls, Input | TextArea) for cls, _ in chain
    )


def _typed_key(key: str) -> bool:
    """A key a text field takes as typing: one that makes a printable character."""
    character = key_to_character(key)
    return character is not None and character.isprintable()


def _name(binding: Binding) -> str:
    """How a message names a binding: its id, or (Textual's own, which have none) its action,
    marked as Textual's, so that Textual's ctrl+q is not taken for the notebook's `quit` (q)."""
    return binding.id or f"Textual's {binding.action}"


def _bindings(cls: type[DOMNode], app: type[App[Any]]) -> list[Binding]:
    """A class's bindings, one per key; the app's with the palette's key, which Textual adds
    to each app as it is made."""
    merged = cls._merged_bindings
    found = [binding for keyed in (merged.key_to_bindings.values() if merged else ())
             for binding in keyed]  # fmt: skip
    if cls is app and app.ENABLE_COMMAND_PALETTE:
        found.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette", priority=True))
    return found


def _clash_line(key: str, names: list[str], others: list[str]) -> str:
    """`names`, which the keymap gave `key`, and the `others` that have it where they work."""
    shown = format_key(key)
    if not others:
        both = len(names) == 2
        return (
            f"keymap.toml: {_listed(names)} {'both' if both else 'all'} have the key {shown}, "
            "and only one of them can run; give "
            f"{'one of them another key' if both else 'the others other keys'}"
        )
    one = len(names) == 1
    return (
        f"keymap.toml: {_listed(names)} {'has' if one else 'have'} the key {shown}, which "
        f"{_listed(others)} {'has' if len(others) == 1 else 'have'} where "
        f"{'it works' if one else 'they work'}, and only one of them can run there; give "
        f"{'it' if one else 'them'} another key"
    )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _chains(
    classes: list[type[DOMNode]], app: type[App[Any]]
) -> Iterator[tuple[tuple[type[DOMNode], bool], ...]]:
    """Where keys meet, as (class, only its priority keys): the app's keys; a screen's with the
    app's; a dialog's with the app's priority keys (ctrl+q, f1, ctrl+p work in dialogs too);
    and the widgets a screen or dialog makes (a list, a text field, a name picker and the
    field inside it), innermost first, with that screen's or dialog's: the focused widget's
    keys come first, then those of what holds it."""
    yield ((app, False),)
    for cls in classes:
        if not cls.__module__.startswith("notebook.") or issubclass(cls, App):
            continue
        if not cls._merged_bindings or not cls._merged_bindings.key_to_bindings:
            continue
        if not issubclass(cls, Screen):
            yield ((cls, False),)
            continue
        modal = issubclass(cls, ModalScreen)
        yield ((cls, False), (app, modal))
        nested: list[tuple[type[Widget], ...]] = [(widget,) for widget in _made_by(cls)]
        while nested:
            widgets = nested.pop()
            yield (*((widget, False) for widget in widgets), (cls, False), (app, modal))
            inner = _made_by(widgets[0], MAKING)
            nested += [(widget, *widgets) for widget in inner if widget not in widgets]


# Where a widget makes the widgets inside it (its other code may name widgets around it).
MAKING = frozenset({"__init__", "compose"})


def _made_by(cls: type[DOMNode], only: frozenset[str] | None = None) -> list[type[Widget]]:
    """The widgets the notebook's code of `cls` (and of its ancestors; `only` its methods of
    those names) names: what it makes, or looks up among what it made. A screen or dialog
    makes its fields in helpers of its own; Textual's widgets are not looked into."""
    made: dict[type[Widget], None] = {}
    for base in cls.__mro__:
        if not base.__module__.startswith("notebook."):
            continue
        held = vars(sys.modules[base.__module__])
        for method, member in vars(base).items():
            if only is not None and method not in only:
                continue
            for name in _names(member):
                widget = held.get(name)
                if (
                    isinstance(widget, type)
                    and issubclass(widget, Widget)
                    and not issubclass(widget, Screen)
                ):
                    made[widget] = None
    return list(made)


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

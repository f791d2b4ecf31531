"""Escape and the key after it, read together (a laggy link, a fast typist), are two keys:
notebook.widgets.terminal_input.EscapeFirstParser against Textual's own parser."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from notebook.widgets.terminal_input import EscapeFirstParser, escape_then_key


def tokens(parser: XTermParser, data: str) -> list[tuple[str, str | None]]:
    made: list[Message] = [*parser.feed(data)] if data else []
    made += parser.feed("")  # the end of input: what waits for more is read as it stands
    return [
        (event.key, event.character)
        if isinstance(event, events.Key)
        else (type(event).__name__, None)
        for event in made
    ]


def test_escape_then_a_key_is_escape_and_that_key() -> None:
    pairs = [("2", "2"), (":", "colon"), ("n", "n"), ("N", "N"), ("/", "slash"), ("é", "é")]
    for typed, key in pairs:
        assert tokens(EscapeFirstParser(), "\x1b" + typed) == [("escape", "\x1b"), (key, typed)]
    # Textual's own reading of the same bytes, which the app no longer sees.
    assert tokens(XTermParser(), "\x1b2") == [("trade_mark_sign", "™")]
    assert tokens(XTermParser(), "\x1b:") == [("colon", ":")]
    assert tokens(XTermParser(), "\x1bn") == [("alt+n", "n")]


def test_escape_then_enter_or_a_ctrl_key_is_escape_and_that_key() -> None:
    pairs = [("\r", "enter"), ("\n", "ctrl+j"), ("\x13", "ctrl+s"), ("\x10", "ctrl+p")]
    for typed, key in pairs:
        assert tokens(EscapeFirstParser(), "\x1b" + typed) == [("escape", "\x1b"), (key, typed)]
    # Textual's own reading drops the Escape: cancelling a dialog then pressing Enter saved it.
    assert tokens(XTermParser(), "\x1b\r") == [("enter", "\r")]


def test_keys_the_terminal_sends_whole_are_read_as_before() -> None:
    whole = ["\x1b[A", "\x1bOP", "\x1b[3;3~", "\x1b\x7f", "\x1b\x1b", "\x1b", "\x1b[200~x\x1b[201~"]
    # Alt+Backspace as terminals whose Backspace is Ctrl+H send it; Shift+Tab on Linux's console.
    whole += ["\x1b\x08", "\x1b\t"]
    for sequence in whole:
        assert tokens(EscapeFirstParser(), sequence) == tokens(XTermParser(), sequence), sequence


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12))
@settings(max_examples=300)
def test_any_input_reads_as_textuals_but_for_escape_then_a_key(data: str) -> None:
    """Split at each Escape-then-key pair: every other part reads exactly as Textual reads it."""
    ours = tokens(EscapeFirstParser(), data)
    if not any(escape_then_key(data[i : i + 2]) for i in range(len(data) - 1)):
        assert ours == tokens(XTermParser(), data)
    else:
        assert ("escape", "\x1b") in ours

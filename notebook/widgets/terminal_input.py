"""How the app reads its terminal: three corrections to Textual's input thread, made where that
thread looks them up (the linux driver's module), and nowhere else.

- Bytes that are not UTF-8 (a Latin-1 "é" from a terminal set up for another encoding, a raw
  C1 byte in a paste) are read as U+FFFD. Textual decodes them strictly, and one such byte
  ended the app with the open dialog's text in it.
- A terminal that closes without a hangup (its window killed under a multiplexer, a pty
  whose other end just went) reads as nothing, at once, for ever: Textual's input thread
  then spun at full speed, and the app, holding the notebook's lock, never ended. It now
  ends, as on a hangup, once its saves are written.
- Escape and the key after it, arriving together, are those two keys. Over a laggy link (ssh,
  a busy machine) a quick Escape then `2` reaches the app as one read, which Textual takes as
  Alt+2 and types as "™" into the field the Escape was to leave; Escape then `:` lost the
  Escape altogether, and Escape then `n` became Alt+N, which the app binds to nothing. Textual
  binds no Alt+letter either: the only Alt keys it has (Alt+Backspace, Alt+Delete) send other
  bytes and are left as they are. Escape then Enter (or a Ctrl key) lost the Escape too: in a
  dialog, the Enter meant for the screen under it saved the dialog it was to cancel. Those are
  two keys as well, but for the pairs Textual reads as one key (Escape Tab is Shift+Tab on the
  Linux console, Escape Backspace deletes a word) and Escape Ctrl+H, which terminals whose
  Backspace sends Ctrl+H send for Alt+Backspace.
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Callable, Iterable
from functools import partial

from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._xterm_parser import XTermParser
from textual.message import Message

ESCAPE = "\x1b"
# What may follow Escape to begin a longer sequence (CSI, SS3, DCS, OSC, APC, PM, ST): such a
# pair is the start of a key or a report that the terminal sends whole, not two keys.
_SEQUENCE_STARTS = frozenset("[O]P_^\\")

# Alt+Backspace where Backspace sends Ctrl+H: one key, kept as Textual reads it.
_ALT_BACKSPACE = ESCAPE + "\x08"

# How long the input thread rests after each empty read, until the app has ended.
_GONE_PAUSE = 0.05


class TerminalGone(Message):
    """The terminal has closed: nothing more can be typed, nothing drawn can be seen."""


class _TerminalDecoder:
    """The input thread's decoder: UTF-8, any byte that is not UTF-8 read as U+FFFD; an empty read,
    which a terminal in raw mode gives only once it has closed, is said once (`gone`)."""

    def __init__(self, encoding: str, gone: Callable[[], object]) -> None:
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._gone: Callable[[], object] | None = gone

    def decode(self, data: bytes, final: bool = False) -> str:
        if not data and not final:
            gone, self._gone = self._gone, None
            if gone is not None:
                gone()
            time.sleep(_GONE_PAUSE)  # the thread reads again at once, until the app ends
        return self._decoder.decode(data, final)


class EscapeFirstParser(XTermParser):
    """Textual's parser, but Escape followed by one key (see escape_then_key) is two keys."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if escape_then_key(sequence):
            yield events.Key("escape", ESCAPE)
            yield from super()._sequence_to_key_events(sequence[1])
            return
        yield from super()._sequence_to_key_events(sequence, alt)


def escape_then_key(sequence: str) -> bool:
    """Whether `sequence` is Escape and then one key (a printable one, Enter or a Ctrl key),
    typed in quick succession."""
    if len(sequence) != 2 or sequence[0] != ESCAPE:
        return False
    key = sequence[1]
    if key.isprintable():
        return key not in _SEQUENCE_STARTS
    return (
        key < " "
        and key != ESCAPE
        and sequence != _ALT_BACKSPACE
        and sequence not in ANSI_SEQUENCES_KEYS
    )


def install(gone: Callable[[], object]) -> None:
    """Correct the terminal's input as above, for every app started from now on; `gone` is
    called, from the input thread, if the terminal closes."""
    from textual.drivers import linux_driver

    def decoders(encoding: str) -> Callable[[], _TerminalDecoder]:
        return partial(_TerminalDecoder, encoding, gone)

    linux_driver.getincrementaldecoder = decoders  # type: ignore[attr-defined,assignment]
    linux_driver.XTermParser = EscapeFirstParser  # type: ignore[attr-defined]

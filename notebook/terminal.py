"""The shell's one writer: everything a subcommand prints passes through it.

A notebook file written by another program can hold anything, and user data is never a terminal
control. Cleaning each message where it is printed would miss the next one added, so the
streams themselves are cleaned while a subcommand runs: escape sequences go whole, then every
character below 0x20 but tab and newline (a carriage return too, so "\\r\\n" becomes "\\n"), DEL,
C1 and the bidi overrides and isolates. JSON stays valid JSON: json.dumps already escapes C0,
and what goes (C1, bidi, DEL) only ever sits inside its strings.

An export written with `-o` never comes here: it goes to its file byte for byte.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

from .records import strip_controls


class CleanBytes:
    """A cleaned stream's `buffer`, for output made as bytes (an export to stdout).

    The bytes are UTF-8, as every export is; they are decoded incrementally so a character
    split between two writes survives, cleaned as text, and written on as UTF-8.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def write(self, data: bytes) -> int:
        text = strip_controls(self._decoder.decode(bytes(data)))
        self._stream.flush()  # text written before these bytes must come out first
        self._stream.buffer.write(text.encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._stream.buffer.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream.buffer, name)


class OutputError(OSError):
    """Standard output (or error) could not be written (a full disk under a redirect, say):
    the shell says so in words, as it does for a file it writes."""

    def __init__(self, where: str, error: OSError) -> None:
        super().__init__(error.errno, error.strerror)
        self.where = where  # "standard output"


class CleanStream:
    """A text stream that passes on everything but what could drive a terminal."""

    def __init__(self, stream: TextIO, where: str = "standard output") -> None:
        self.raw = stream
        self.where = where
        # The first write that failed, kept: argparse's --help swallows an OSError on write.
        self.failed: OutputError | None = None
        # Its bytes layer, cleaned too; touched only when written to, so a stream with no
        # bytes layer fails then, as it would have without this wrapper.
        self.buffer = CleanBytes(stream)

    def write(self, text: str) -> int:
        try:
            self.raw.write(strip_controls(text))
        except BrokenPipeError:
            raise  # the reader went away: not an error (see cli._main)
        except OSError as error:
            self.failed = self.failed or OutputError(self.where, error)
            raise self.failed from error
        return len(text)  # all of it was taken; what was dropped is not a short write

    def flush(self) -> None:
        try:
            self.raw.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            self.failed = self.failed or OutputError(self.where, error)
            raise self.failed from error

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # flush, isatty, fileno, encoding, close...: the real stream's.
        return getattr(self.raw, name)


@contextmanager
def cleaned_stdio() -> Iterator[None]:
    """stdout and stderr cleaned for the duration (argparse's messages included)."""
    out, err = sys.stdout, sys.stderr
    # A stream can be None (no console at all); there is nothing to clean then.
    if out is not None:
        sys.stdout = cast(TextIO, CleanStream(out))
    if err is not None:
        sys.stderr = cast(TextIO, CleanStream(err, "standard error"))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under a cleaned one, for the program's own controls (a progress bar's
    carriage return); whatever user text goes there must be cleaned first."""
    return stream.raw if isinstance(stream, CleanStream) else stream

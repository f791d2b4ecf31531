"""The one error every reader raises for a file it cannot use."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..records import Person, ValidationError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class FormatError(ValueError):
    """A contact file that cannot be read, with where and why in one line.

    `str(error)` is meant to be shown as is, e.g.
    ``contacts.vcf, line 1: not a vCard (no BEGIN:VCARD)``.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line  # 1-based, or None when the problem is the whole file
        self.message = message
        where = path
        if line is not None:
            where = f"{path}, line {line}" if path else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


def unexpected(path: str, error: BaseException, line: int | None = None) -> FormatError:
    """A FormatError for an exception a reader did not foresee.

    Every such exception is a flaw in the reader, to be fixed where it arises; until it is, the
    user still sees one line naming the file (and the line, where known) instead of a
    traceback. Raise it `from error` so the cause stays visible to a debugger.
    """
    detail = " ".join(f"{type(error).__name__}: {error}".split())
    return FormatError(path, f"could not be read: {detail}", line)


class Contacts(list[Person]):
    """The people a contact file holds, and what the reader could not use, said in words.

    A list, so a reader's result compares and iterates as its people; `skipped` holds
    (who, why) for each entry that made nobody (a card with no name), and `notes` one line each
    for what the import summary should mention (a charset guessed, columns not used).
    """

    def __init__(
        self,
        people: Iterable[Person] = (),
        *,
        skipped: Iterable[tuple[str, str]] = (),
        notes: Iterable[str] = (),
    ) -> None:
        super().__init__(people)
        self.skipped: list[tuple[str, str]] = list(skipped)
        self.notes: list[str] = list(notes)


class Reader(Protocol[T_co]):
    def __call__(self, data: bytes, source: str = "", /) -> T_co: ...


@dataclass(frozen=True)
class Skip:
    """A row that holds something yet makes nobody, and why: the import summary lists it, so
    nothing in a file is left out without a word."""

    why: str


def people_of_rows(
    rows: Iterable[tuple[int, list[str]]],
    source: str,
    person_of: Callable[[list[str]], Person | Skip | None],
) -> Contacts:
    """The people a CSV's rows make. A row may make nobody: None for a blank row, a Skip (or a
    value the record refuses) for one that held something, listed by its line in `skipped`.
    An unforeseen error in a row becomes a FormatError naming its line."""
    people: list[Person] = []
    skipped: list[tuple[str, str]] = []
    for line, row in rows:
        try:
            person = person_of(row)
        except ValidationError as error:
            skipped.append((f"line {line}", error.message))
            continue
        except Exception as error:
            raise unexpected(source, error, line) from error
        if isinstance(person, Skip):
            skipped.append((f"line {line}", person.why))
        elif person is not None:
            people.append(person)
    return Contacts(people, skipped=skipped)


def guarded(read: Callable[[bytes, str], T]) -> Reader[T]:
    """Make a reader of (data, file name) raise nothing but FormatError (see unexpected())."""

    @functools.wraps(read)
    def guarded_read(data: bytes, source: str = "", /) -> T:
        try:
            return read(data, source)
        except FormatError:
            raise
        except Exception as error:
            raise unexpected(source, error) from error

    return guarded_read

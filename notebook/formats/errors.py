"""The one error every reader raises for a file it cannot use."""

from __future__ import annotations


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

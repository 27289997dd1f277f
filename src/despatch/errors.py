"""One exception hierarchy for the whole package.

Every error a user can cause is a :class:`DespatchError`; the CLI prints its ``message`` on
one line and exits non-zero, the web app maps it to one JSON shape with ``status``.
"""

from __future__ import annotations

import re

__all__ = [
    "DespatchError",
    "InputError",
    "NotFoundError",
    "QueryError",
    "StoreError",
]


class DespatchError(Exception):
    """Base class. ``status`` is the HTTP status the web layer answers with."""

    status = 500
    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_json(self) -> dict[str, object]:
        return {
            "ok": False,
            "error": {"kind": self.kind, "status": self.status, "message": self.message},
        }


class InputError(DespatchError):
    """Input that cannot be read: names the file and, where known, the line and column."""

    status = 400
    kind = "input"

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        super().__init__(where + message)
        self.path, self.line, self.column = path, line, column
        self._bare = message

    @classmethod
    def from_xml(cls, exc: Exception, path: object) -> InputError:
        """lxml's syntax error, with its place in front as everywhere else (libxml2's own
        message repeats it at the end: "… in tag p line 2347, line 2347, column 525")."""
        position = getattr(exc, "position", None)
        line, column = position if position else (None, None)
        message = getattr(exc, "msg", None) or str(exc)
        if not line:  # iterparse, not resolving entities, may say only "no element found":
            # the parser's own log has the error and its place ("Entity 'mdash' not defined")
            # (the log may hold earlier files' errors too: the last of this file's is it)
            logged = [
                e
                for e in getattr(exc, "error_log", ())
                if e.level_name in _FATAL and e.filename == str(path)
            ]
            if logged:
                line, column, message = logged[-1].line, logged[-1].column, logged[-1].message
        message = _XML_POSITION.sub("", message).strip()
        if message.startswith("Excessive depth"):  # libxml2 names its own option
            return cls(TOO_DEEP_FOR_LIBXML2, str(path), line, column)
        return cls(f"not well-formed XML: {message}", str(path), line, column)

    def in_file(self, path: object) -> InputError:
        """The same error, naming the file it was found in (raised without it by code that
        reads an element and does not know the file)."""
        return type(self)(self._bare, str(path), self.line, self.column)

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None, int | None]]:
        # crosses process boundaries (parallel ingest) with its file and place intact
        return (type(self), (self._bare, self.path, self.line, self.column))


_XML_POSITION = re.compile(r",? line \d+, column \d+$")
_FATAL = ("FATAL", "ERROR")
TOO_DEEP_FOR_LIBXML2 = "markup nested more than 2,048 levels deep: too deep to read"


class QueryError(DespatchError):
    """A malformed search query or filter."""

    status = 400
    kind = "query"


class NotFoundError(DespatchError):
    status = 404
    kind = "not-found"


class StoreError(DespatchError):
    """The store cannot be opened, is of a newer schema, or a write failed."""

    status = 500
    kind = "store"

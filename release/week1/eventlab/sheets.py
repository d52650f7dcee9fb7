"""A local stand-in for Google Sheets, shaped like the ``gspread`` client.

Lesson 6 writes webhook events into a spreadsheet: the first side effect of
the course that outlives the Python process.  Real Google Sheets needs an
account, a key and the network, so the lessons use this mock instead.  Code
written against it reads like code written against ``gspread``::

    client = connect()                       # like gspread.service_account()
    spreadsheet = client.open("Shop event log")
    worksheet = spreadsheet.sheet1
    worksheet.append_row(["evt_0001", "order.created"])
    worksheet.get_all_values()

Where the data lives
    Everything is kept in one folder, ``./mock_sheets`` by default (the
    working folder of the notebook; the ``EVENTLAB_SHEETS_DIR`` environment
    variable or ``connect(path=...)`` choose another one).  The folder holds
    ``spreadsheets.json``, readable with any editor, and a ``.lock`` file.
    Every call reads the file again, so a new client, a restarted kernel or
    another process sees the rows already written.

Why rows are never lost or half-written
    Each write takes an exclusive lock on ``.lock`` (``fcntl.flock``), reads
    the file, changes it, writes the new content to a temporary file in the
    same folder and moves it over the old one with ``os.replace``.  Readers
    therefore see the old content or the new one, never a mix; a process
    killed mid-write leaves the previous content intact; and two processes
    appending at the same time both get their rows in.

Failures on demand
    ``client.fail_next_writes(n, code=429)`` makes the next ``n`` writes, from
    any client on the same folder, raise :class:`APIError` with that code,
    without writing anything.  429 is what Google answers when a quota is
    exceeded (60 writes per minute per user); the mock enforces no quota by
    itself.

Where the mock differs from gspread (on purpose)
    - Cell values keep their Python/JSON type: ``append_row(["a", 4599])``
      gives back ``["a", 4599]``.  gspread's ``get_all_values()`` returns
      every cell as a string (``"4599"``), and ``get_all_records()`` turns
      numeric-looking strings back into numbers.
    - ``None`` is stored as ``None`` and shown as ``None``, so that a missing
      value is visible.  Real Sheets would leave the cell empty and give
      back ``""``.
    - ``value_input_option`` is accepted and ignored: values are stored as
      given (gspread with ``"USER_ENTERED"`` lets Sheets parse ``"4599"`` as
      a number, ``"=1+1"`` as a formula, and so on).
    - Values other than ``str``, ``int``, ``float``, ``bool`` and ``None``
      raise ``TypeError``, as gspread fails to send them as JSON.
    - Like gspread, ``create(title)`` makes a new spreadsheet even when one
      with that title exists, and ``open(title)`` returns the first match.
"""

from __future__ import annotations

import contextlib
import glob
import html
import json
import math
import os
import shutil
import tempfile
import uuid
import weakref
from typing import Any, Callable, Iterator, Sequence

try:  # Linux and macOS
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

__all__ = [
    "APIError",
    "Client",
    "GSpreadException",
    "Spreadsheet",
    "SpreadsheetNotFound",
    "Worksheet",
    "WorksheetNotFound",
    "connect",
]

DEFAULT_FOLDER = "mock_sheets"
STORE_FILE = "spreadsheets.json"
LOCK_FILE = ".lock"
_TEMP_PREFIX = ".spreadsheets-"
_TEMP_SUFFIX = ".tmp"
_FORMAT = 1

_DEFAULT_MESSAGES = {
    400: "Invalid request",
    403: "The caller does not have permission",
    404: "Requested entity was not found",
    429: "Quota exceeded: too many write requests per minute for this user",
    500: "Internal error encountered",
    503: "The service is currently unavailable",
}


# --------------------------------------------------------------------------
# Errors, named like gspread.exceptions
# --------------------------------------------------------------------------


class GSpreadException(Exception):
    """Base class of the errors raised by the mock (as in gspread)."""


class SpreadsheetNotFound(GSpreadException):
    """No spreadsheet has the title (or key) that was asked for."""


class WorksheetNotFound(GSpreadException):
    """The spreadsheet has no worksheet with that title or index."""


class APIError(GSpreadException):
    """The service answered with an error status.

    ``code`` is the HTTP status: 429 when a quota is exceeded, 404 when the
    spreadsheet was deleted meanwhile, 400 for a malformed request.
    """

    def __init__(self, code: int, message: str | None = None) -> None:
        self.code = int(code)
        self.message = message or _DEFAULT_MESSAGES.get(self.code, "Request failed")
        super().__init__(f"APIError: [{self.code}]: {self.message}")


# --------------------------------------------------------------------------
# The store: one JSON file, locked writes, atomic replacement
# --------------------------------------------------------------------------


def _empty_store() -> dict:
    return {
        "format": _FORMAT,
        "failures": {"remaining": 0, "code": 429, "message": None},
        "spreadsheets": [],
    }


def _dump(data: dict) -> str:
    """JSON text with one spreadsheet row per line, so the file reads like a table."""
    lines = ["{"]
    lines.append(f' "format": {json.dumps(data["format"])},')
    lines.append(f' "failures": {json.dumps(data["failures"])},')
    lines.append(' "spreadsheets": [')
    for s_index, spreadsheet in enumerate(data["spreadsheets"]):
        head = {k: v for k, v in spreadsheet.items() if k != "worksheets"}
        lines.append(f'  {json.dumps(head)[:-1]}, "worksheets": [')
        worksheets = spreadsheet["worksheets"]
        for w_index, worksheet in enumerate(worksheets):
            w_head = {k: v for k, v in worksheet.items() if k != "rows"}
            lines.append(f'   {json.dumps(w_head)[:-1]}, "rows": [')
            rows = worksheet["rows"]
            for r_index, row in enumerate(rows):
                comma = "," if r_index < len(rows) - 1 else ""
                lines.append(f"    {json.dumps(row, ensure_ascii=False)}{comma}")
            lines.append("   ]}" + ("," if w_index < len(worksheets) - 1 else ""))
        lines.append("  ]}" + ("," if s_index < len(data["spreadsheets"]) - 1 else ""))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


class _Store:
    """The folder behind a client: reads are lock-free, writes are serialized."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.file = os.path.join(folder, STORE_FILE)
        self.lock_file = os.path.join(folder, LOCK_FILE)

    def read(self) -> dict:
        try:
            with open(self.file, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            return _empty_store()
        try:
            data = json.loads(text)
        except ValueError as error:
            raise GSpreadException(
                f"{self.file} is not valid JSON ({error}); "
                "delete the folder to start with no spreadsheets"
            ) from None
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise GSpreadException(f"{self.file} was not written by eventlab.sheets")
        return data

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        os.makedirs(self.folder, exist_ok=True)
        with open(self.lock_file, "a+b") as lock:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            else:  # pragma: no cover - Windows: lock the first byte
                lock.seek(0)
                msvcrt.locking(lock.fileno(), msvcrt.LK_LOCK, 1)
            try:
                # Holding the lock, no other writer is mid-write: a temporary
                # file still here belongs to a process that died while writing.
                for stale in glob.glob(
                    os.path.join(glob.escape(self.folder), _TEMP_PREFIX + "*" + _TEMP_SUFFIX)
                ):
                    with contextlib.suppress(OSError):
                        os.unlink(stale)
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
                else:  # pragma: no cover
                    lock.seek(0)
                    msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)

    def _write(self, data: dict) -> None:
        fd, temp = tempfile.mkstemp(dir=self.folder, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(_dump(data))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def change(self, apply: Callable[[dict], Any], *, counts_as_write: bool = True) -> Any:
        """Read, ``apply`` a change, write back: all under the exclusive lock.

        An injected failure is used up (and that is saved) before ``apply``
        runs, so a failing write changes nothing else.
        """
        with self._locked():
            data = self.read()
            failures = data["failures"]
            if counts_as_write and failures["remaining"] > 0:
                failures["remaining"] -= 1
                self._write(data)
                raise APIError(failures["code"], failures["message"])
            result = apply(data)
            self._write(data)
            return result


# --------------------------------------------------------------------------
# Client, Spreadsheet, Worksheet
# --------------------------------------------------------------------------


def connect(path: str | os.PathLike | None = None, *, temporary: bool = False) -> "Client":
    """Return a client for the spreadsheets kept in the folder ``path``.

    ``path`` defaults to ``$EVENTLAB_SHEETS_DIR`` or ``./mock_sheets``; the
    folder is created on the first write.  With ``temporary=True`` the client
    works in a fresh temporary folder that is deleted once the client (and
    every spreadsheet and worksheet taken from it) is gone: handy for tests.

    >>> client = connect(temporary=True)
    >>> client.openall()
    []
    """
    if temporary:
        if path is not None:
            raise ValueError("give either a path or temporary=True, not both")
        folder = tempfile.mkdtemp(prefix="eventlab-sheets-")
        client = Client(folder)
        weakref.finalize(client, shutil.rmtree, folder, True)
        return client
    if path is None:
        path = os.environ.get("EVENTLAB_SHEETS_DIR") or DEFAULT_FOLDER
    return Client(os.path.abspath(os.fspath(path)))


def _find_spreadsheet(data: dict, spreadsheet_id: str) -> dict:
    for spreadsheet in data["spreadsheets"]:
        if spreadsheet["id"] == spreadsheet_id:
            return spreadsheet
    raise APIError(404, f"Requested entity was not found: spreadsheet {spreadsheet_id}")


def _find_worksheet(data: dict, spreadsheet_id: str, worksheet_id: int) -> dict:
    for worksheet in _find_spreadsheet(data, spreadsheet_id)["worksheets"]:
        if worksheet["id"] == worksheet_id:
            return worksheet
    raise APIError(404, f"Requested entity was not found: worksheet {worksheet_id}")


class Client:
    """Finds, creates and deletes spreadsheets (``gspread.Client``)."""

    def __init__(self, folder: str) -> None:
        self._store = _Store(folder)

    @property
    def path(self) -> str:
        """The folder where this client keeps its spreadsheets."""
        return self._store.folder

    def __repr__(self) -> str:
        return f"<Client path={self.path!r}>"

    def _wrap(self, record: dict) -> "Spreadsheet":
        return Spreadsheet(self, record["id"], record["title"])

    def openall(self, title: str | None = None) -> list["Spreadsheet"]:
        """Every spreadsheet, oldest first; only those titled ``title`` if given."""
        return [
            self._wrap(record)
            for record in self._store.read()["spreadsheets"]
            if title is None or record["title"] == title
        ]

    def open(self, title: str) -> "Spreadsheet":
        """The first spreadsheet titled exactly ``title``.

        Raises :class:`SpreadsheetNotFound` when there is none.
        """
        for record in self._store.read()["spreadsheets"]:
            if record["title"] == title:
                return self._wrap(record)
        raise SpreadsheetNotFound(f"no spreadsheet titled {title!r} in {self.path}")

    def open_by_key(self, key: str) -> "Spreadsheet":
        """The spreadsheet whose id is ``key``; :class:`SpreadsheetNotFound` if none."""
        for record in self._store.read()["spreadsheets"]:
            if record["id"] == key:
                return self._wrap(record)
        raise SpreadsheetNotFound(f"no spreadsheet with id {key!r} in {self.path}")

    def create(self, title: str) -> "Spreadsheet":
        """A new spreadsheet with one empty worksheet, ``Sheet1``.

        As with gspread, calling it twice makes two spreadsheets with the same
        title: look for an existing one first.
        """
        if not isinstance(title, str) or not title:
            raise APIError(400, "a spreadsheet needs a non-empty title")
        record = {
            "id": "mock_" + uuid.uuid4().hex[:16],
            "title": title,
            "worksheets": [{"id": 0, "title": "Sheet1", "rows": []}],
        }

        def add(data: dict) -> None:
            data["spreadsheets"].append(record)

        self._store.change(add)
        return self._wrap(record)

    def del_spreadsheet(self, file_id: str) -> None:
        """Delete the spreadsheet whose id is ``file_id`` (``spreadsheet.id``)."""

        def remove(data: dict) -> None:
            spreadsheet = _find_spreadsheet(data, file_id)
            data["spreadsheets"].remove(spreadsheet)

        self._store.change(remove)

    def fail_next_writes(self, n: int, code: int = 429, message: str | None = None) -> None:
        """Make the next ``n`` writes raise ``APIError(code)`` and change nothing.

        The setting is kept in the store, so it applies to every client and
        process using this folder.  ``fail_next_writes(0)`` cancels it.
        """
        if n < 0:
            raise ValueError(f"n must be 0 or more, got {n}")

        def arm(data: dict) -> None:
            data["failures"] = {"remaining": int(n), "code": int(code), "message": message}

        self._store.change(arm, counts_as_write=False)


class Spreadsheet:
    """A spreadsheet: a title and a list of worksheets (``gspread.Spreadsheet``)."""

    def __init__(self, client: Client, spreadsheet_id: str, title: str) -> None:
        self.client = client
        self.id = spreadsheet_id
        self.title = title

    def __repr__(self) -> str:
        return f"<Spreadsheet {self.title!r} id:{self.id}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Spreadsheet) and (other.client.path, other.id) == (
            self.client.path,
            self.id,
        )

    def __hash__(self) -> int:
        return hash((self.client.path, self.id))

    def _record(self) -> dict:
        return _find_spreadsheet(self.client._store.read(), self.id)

    def worksheets(self) -> list["Worksheet"]:
        """The worksheets, in tab order."""
        return [Worksheet(self, w["id"], w["title"]) for w in self._record()["worksheets"]]

    def get_worksheet(self, index: int) -> "Worksheet":
        """The worksheet at ``index`` (0 is the first tab)."""
        worksheets = self.worksheets()
        if not 0 <= index < len(worksheets):
            raise WorksheetNotFound(f"{self.title!r} has no worksheet at index {index}")
        return worksheets[index]

    @property
    def sheet1(self) -> "Worksheet":
        """The first worksheet, whatever its title."""
        return self.get_worksheet(0)

    def worksheet(self, title: str) -> "Worksheet":
        """The worksheet titled ``title``; :class:`WorksheetNotFound` if none."""
        for worksheet in self.worksheets():
            if worksheet.title == title:
                return worksheet
        raise WorksheetNotFound(f"{self.title!r} has no worksheet titled {title!r}")

    def add_worksheet(self, title: str, rows: int = 1000, cols: int = 26) -> "Worksheet":
        """A new, empty worksheet at the end (``rows`` and ``cols`` are ignored)."""

        def add(data: dict) -> int:
            record = _find_spreadsheet(data, self.id)
            if any(w["title"] == title for w in record["worksheets"]):
                raise APIError(400, f"A sheet with the name {title!r} already exists")
            new_id = max((w["id"] for w in record["worksheets"]), default=-1) + 1
            record["worksheets"].append({"id": new_id, "title": title, "rows": []})
            return new_id

        return Worksheet(self, self.client._store.change(add), title)

    def del_worksheet(self, worksheet: "Worksheet") -> None:
        """Delete a worksheet of this spreadsheet."""

        def remove(data: dict) -> None:
            record = _find_spreadsheet(data, self.id)
            record["worksheets"].remove(_find_worksheet(data, self.id, worksheet.id))

        self.client._store.change(remove)


def _check_row(values: Sequence[Any]) -> list:
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Sequence):
        raise TypeError(
            f"append_row takes a list of cell values, got {type(values).__name__}: {values!r}"
        )
    row = list(values)
    for column, value in enumerate(row, start=1):
        if value is not None and not isinstance(value, (str, int, float)):
            raise TypeError(
                f"cell values must be str, int, float, bool or None; "
                f"column {column} is {type(value).__name__}: {value!r}"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"column {column} is {value!r}, which JSON cannot carry")
    return row


class Worksheet:
    """One tab of a spreadsheet: rows of cells (``gspread.Worksheet``).

    Rows are numbered from 1, as in a spreadsheet: ``row_values(1)`` is the
    first row, usually the header.
    """

    def __init__(self, spreadsheet: Spreadsheet, worksheet_id: int, title: str) -> None:
        self.spreadsheet = spreadsheet
        self.id = worksheet_id
        self.title = title

    def __repr__(self) -> str:
        return f"<Worksheet {self.title!r} id:{self.id}>"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Worksheet)
            and other.spreadsheet == self.spreadsheet
            and other.id == self.id
        )

    def __hash__(self) -> int:
        return hash((self.spreadsheet, self.id))

    @property
    def _store(self) -> _Store:
        return self.spreadsheet.client._store

    def _rows(self) -> list[list]:
        return _find_worksheet(self._store.read(), self.spreadsheet.id, self.id)["rows"]

    # -- reading ------------------------------------------------------------

    def get_all_values(self) -> list[list]:
        """Every row, as lists of cell values (types kept, see the module notes)."""
        return [list(row) for row in self._rows()]

    def get_all_records(self) -> list[dict]:
        """The rows after the first, as dicts keyed by the first row.

        Short rows are padded with ``""``, as gspread does.  An empty
        worksheet, or one with only a header, gives ``[]``.
        """
        rows = self._rows()
        if not rows:
            return []
        header = rows[0]
        if len(set(header)) != len(header):
            raise GSpreadException(f"the header row of {self.title!r} is not unique: {header}")
        return [
            {key: (row[i] if i < len(row) else "") for i, key in enumerate(header)}
            for row in rows[1:]
        ]

    def row_values(self, row: int) -> list:
        """The values of row ``row``, counting from 1; ``[]`` past the last row."""
        if isinstance(row, bool) or not isinstance(row, int) or row < 1:
            raise APIError(400, f"Unable to parse range: row {row!r} (rows are numbered from 1)")
        rows = self._rows()
        return list(rows[row - 1]) if row <= len(rows) else []

    def col_values(self, col: int) -> list:
        """The values of column ``col``, counting from 1 (column A)."""
        if isinstance(col, bool) or not isinstance(col, int) or col < 1:
            raise APIError(400, f"Unable to parse range: column {col!r} (columns are numbered from 1)")
        return [row[col - 1] if col <= len(row) else "" for row in self._rows()]

    # -- writing ------------------------------------------------------------

    def append_row(self, values: Sequence[Any], value_input_option: str = "RAW", **_: Any) -> dict:
        """Add ``values`` as a new row after the last one.

        Raises :class:`APIError` when the service refuses the write (an
        injected failure, or the spreadsheet was deleted): nothing is written
        then.  Returns a short summary like the API's answer.
        """
        if value_input_option not in ("RAW", "USER_ENTERED"):
            raise APIError(400, f"Invalid value_input_option: {value_input_option!r}")
        row = _check_row(values)

        def append(data: dict) -> int:
            rows = _find_worksheet(data, self.spreadsheet.id, self.id)["rows"]
            rows.append(row)
            return len(rows)

        number = self._store.change(append)
        return {
            "spreadsheetId": self.spreadsheet.id,
            "updates": {"updatedRange": f"{self.title}!{number}:{number}", "updatedRows": 1},
        }

    def clear(self) -> None:
        """Delete every row."""

        def empty(data: dict) -> None:
            _find_worksheet(data, self.spreadsheet.id, self.id)["rows"] = []

        self._store.change(empty)

    # -- looking at it ------------------------------------------------------

    _SHOWN_ROWS = 50

    def _numbered_rows(self) -> tuple[list[tuple[int, list]], int]:
        """(row number, values) pairs to show: the header and the last rows."""
        rows = self._rows()
        numbered = list(enumerate(rows, start=1))
        if len(numbered) <= self._SHOWN_ROWS + 1:
            return numbered, 0
        hidden = len(numbered) - self._SHOWN_ROWS - 1
        return numbered[:1] + numbered[-self._SHOWN_ROWS:], hidden

    def _caption(self) -> str:
        count = len(self._rows())
        noun = "row" if count == 1 else "rows"
        return f"{self.spreadsheet.title} / {self.title}: {count} {noun}"

    def _repr_html_(self) -> str:
        shown, hidden = self._numbered_rows()
        caption = html.escape(self._caption())
        if not shown:
            return f"<p><b>{caption}</b> (the worksheet is empty)</p>"
        width = max(len(values) for _, values in shown)

        def cell(value: Any, tag: str) -> str:
            if value is None:
                return f"<{tag}><i>None</i></{tag}>"
            # JupyterLab right-aligns every table cell: numbers stay right, text reads from the left.
            align = "right" if isinstance(value, (int, float)) else "left"
            align = f' style="text-align:{align}"'
            return f"<{tag}{align}>{html.escape(str(value))}</{tag}>"

        def line(number: int, values: list, tag: str) -> str:
            cells = [cell(v, tag) for v in values] + [f"<{tag}></{tag}>"] * (width - len(values))
            return f'<tr><th style="color:#555">{number}</th>{"".join(cells)}</tr>'

        first_number, header = shown[0]
        body = []
        for position, (number, values) in enumerate(shown[1:]):
            if hidden and position == 0:
                body.append(
                    f'<tr><td colspan="{width + 1}"><i>... {hidden} rows not shown ...</i></td></tr>'
                )
            body.append(line(number, values, "td"))
        return (
            f'<table><caption style="text-align:left"><b>{caption}</b></caption>'
            f"<thead>{line(first_number, header, 'th')}</thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    def render_text(self) -> str:
        """The worksheet as an aligned text table, row numbers on the left."""
        shown, hidden = self._numbered_rows()
        if not shown:
            return self._caption() + " (the worksheet is empty)"
        width = max(len(values) for _, values in shown)
        table = [
            [str(number)] + [str(v) for v in values]
            + [""] * (width - len(values))
            for number, values in shown
        ]
        sizes = [max(len(r[i]) for r in table) for i in range(width + 1)]
        lines = [self._caption()]
        for index, row in enumerate(table):
            if hidden and index == 1:
                lines.append(f"... {hidden} rows not shown ...")
            lines.append("  ".join(text.ljust(size) for text, size in zip(row, sizes)).rstrip())
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self) if cycle else self.render_text())

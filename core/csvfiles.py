"""Reading CSV files as they come: liberal in what is accepted, explicit about what was found.

``inspect`` reads the file once in binary chunks (memory does not grow with the file): its
SHA-256, its encoding (UTF-8, with or without BOM; otherwise Latin-1, said so, never guessed
silently) and its delimiter (semicolon or comma, from the header line). ``read_rows`` then
streams the rows with their line numbers and header names normalised (case and spaces do not
matter: ``Erkende opleiding code`` is ``ERKENDEOPLEIDINGCODE``). Lines starting with ``#``
before the header are comments (a demo file says there that it is a synthetic example).
"""

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

CHUNK = 1 << 20


class NotCsv(ValueError):
    pass


@dataclass(frozen=True)
class CsvInfo:
    sha256: str
    size: int
    encoding: str  # "utf-8-sig" or "latin-1"
    delimiter: str
    header: list[str]  # as found
    columns: list[str]  # normalised, in order
    comments: tuple = ()  # lines starting with '#' before the header (e.g. "synthetic")


def normalise(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name or "").upper()


def inspect(stream) -> CsvInfo:
    """Hash and sniff a binary stream (it is read to the end, then rewound)."""
    stream.seek(0)
    digest, size = hashlib.sha256(), 0
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    utf8, head = True, b""
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if len(head) < 65536:
            head += chunk[: 65536 - len(head)]
        if b"\x00" in chunk:
            raise NotCsv(_("The file is not a CSV file (it contains binary data)."))
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    stream.seek(0)
    if size == 0:
        raise NotCsv(_("The file is empty."))
    encoding = "utf-8-sig" if utf8 else "latin-1"
    lines = head.decode(encoding, errors="replace").splitlines() if head.strip() else [""]
    comments = []
    while len(lines) > 1 and lines[0].startswith("#"):
        comments.append(lines.pop(0).lstrip("# ").strip())
    first = lines[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    if len(header) < 2:
        raise NotCsv(_("The file is not a CSV file with columns separated by ';' or ','."))
    return CsvInfo(
        sha256=digest.hexdigest(),
        size=size,
        encoding=encoding,
        delimiter=delimiter,
        header=[h.strip() for h in header],
        columns=[normalise(h) for h in header],
        comments=tuple(comments),
    )


def is_synthetic(info: CsvInfo) -> bool:
    """A file whose header comments call it synthetic (demo and test files)."""
    return any("synthet" in comment.lower() for comment in info.comments)


def read_rows(stream, info: CsvInfo):
    """(line number, {normalised column: stripped value}) for every data row, streamed."""
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=info.encoding, newline="")
    try:
        for _comment in info.comments:
            text.readline()
        reader = csv.reader(text, delimiter=info.delimiter)
        next(reader, None)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            yield (
                reader.line_num + len(info.comments),
                {
                    column: (row[i].strip() if i < len(row) else "")
                    for i, column in enumerate(info.columns)
                },
            )
    finally:
        text.detach()


@dataclass(frozen=True)
class LineError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("line %(line)s") % {"line": self.line}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What an import did: rows read and stored, every bad line (skipped or refusing the
    file), and notes (the encoding found, a file loaded before, a dataset replaced)."""

    rows_read: int = 0
    stored: int = 0
    errors: list = None
    notes: list = None
    dataset: object = None
    signals: dict = None  # what the alert function did after the import

    def __post_init__(self):
        self.errors = self.errors or []
        self.notes = self.notes or []

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(LineError(line, column, message))


class ImportFailed(Exception):
    """The file is refused as a whole; nothing was written. ``report.errors`` says why."""

    def __init__(self, report: ImportReport):
        super().__init__("; ".join(str(e) for e in report.errors[:5]))
        self.report = report

"""The open-data files: each dataset as CSV (UTF-8, comma), XLSX (a sheet of records and one
with the columns and the licence) and JSON (the licence, the columns and the records),
streamed as the rows come. Dates are YYYY-MM-DD, decimals with a point, booleans
true/false: machine-readable, whatever the interface's language."""

import csv
import datetime
import decimal
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

from .opendata import LICENCE, Dataset

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def cell(value):
    """A value as the files write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | decimal.Decimal):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


class _Echo:
    def write(self, value):
        return value


def _csv(dataset: Dataset):
    writer = csv.writer(_Echo())
    yield writer.writerow(dataset.keys)
    for row in dataset.rows():
        yield writer.writerow([cell(row[key]) for key in dataset.keys])


def _head(dataset: Dataset) -> dict:
    """The file's description, in the language of the request (the stream runs later)."""
    return {"dataset": dataset.name, "title": str(dataset.title), "licence": LICENCE,
            "columns": [{"name": c.key, "type": c.kind, "description": str(c.description)}
                        for c in dataset.columns]}  # fmt: skip


def _json(dataset: Dataset, head: dict):
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    for n, row in enumerate(dataset.rows()):
        record = {key: row[key] for key in dataset.keys}
        yield ("," if n else "") + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "]}"


def _xlsx(dataset: Dataset) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(dataset.name)
    sheet.append(dataset.keys)
    for row in dataset.rows():
        sheet.append([_xlsx_value(row[key]) for key in dataset.keys])
    about = book.create_sheet("kolommen")
    about.append(["kolom", "type", "omschrijving"])
    for column in dataset.columns:
        about.append([column.key, column.kind, str(column.description)])
    about.append([])
    about.append(["licentie", LICENCE])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def response(dataset: Dataset, fmt: str):
    if fmt == "xlsx":
        answer = HttpResponse(_xlsx(dataset), content_type=FORMATS[fmt])
    else:
        stream = _csv(dataset) if fmt == "csv" else _json(dataset, _head(dataset))
        answer = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    answer["Content-Disposition"] = f'attachment; filename="kansrijk-{dataset.name}.{fmt}"'
    return answer

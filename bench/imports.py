"""The enrolment import's throughput, in its own process (for its peak memory): a DUO file of
``BENCH_IMPORT_LINES`` lines (ten counts each: five years, two genders) for the data set's
institutions and crebos, made while it is read, loaded by ``import_enrolments`` in a
transaction that is rolled back (the data set stays as seeded). The floor: the same lines
parsed by the csv module and written by PostgreSQL COPY into a table of the same columns
and indexes (LIKE atlas_enrolment INCLUDING ALL) - what ingesting the rows must cost."""

import csv
import io
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from atlas.models import Gender, Qualification  # noqa: E402
from atlas.services import import_enrolments  # noqa: E402
from bench.output import emit, peak_rss_mb  # noqa: E402
from regions.models import Organisation, User  # noqa: E402

LINES = int(os.environ.get("BENCH_IMPORT_LINES", "20000"))
YEARS = range(2005, 2010)  # before every seeded year: the file adds, it replaces nothing
GENDERS = ("MAN", "VROUW")
LEERWEGEN = ("BOLVT", "BBL")
GENDER_CODES = {"MAN": Gender.MAN.value, "VROUW": Gender.WOMAN.value}


class GeneratedFile(io.RawIOBase):
    """The file, made line by line as it is read (never held in memory); it rewinds to
    the start (the import looks at the first bytes for the encoding, then starts over)."""

    def __init__(self, make_lines):
        self.make_lines = make_lines
        self.seek(0)

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        if whence == io.SEEK_CUR and offset == 0:
            return self.offset
        if (offset, whence) != (0, io.SEEK_SET):
            raise io.UnsupportedOperation("only a rewind")
        self.lines, self.pending, self.offset = iter(self.make_lines()), b"", 0
        return 0

    def tell(self):
        return self.offset

    def readinto(self, buffer):
        while len(self.pending) < len(buffer):
            line = next(self.lines, None)
            if line is None:
                break
            self.pending += line
        size = min(len(buffer), len(self.pending))
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        self.offset += size
        return size


def file_lines(institutions, crebos):
    yield (
        "INSTELLINGSCODE;LEERWEG;ERKENDE OPLEIDING CODE;"
        + ";".join(f"{g}{y}" for y in YEARS for g in GENDERS)
        + "\n"
    ).encode()
    pairs = len(institutions) * len(LEERWEGEN)
    for n in range(LINES):
        institution = institutions[(n % pairs) // len(LEERWEGEN)]
        leerweg, crebo = LEERWEGEN[n % len(LEERWEGEN)], crebos[(n // pairs) % len(crebos)]
        counts = ";".join(str(10 + (n + k) % 90) for k in range(len(YEARS) * len(GENDERS)))
        yield f"{institution};{leerweg};{crebo};{counts}\n".encode()


def floor(institutions, crebos, ids) -> tuple[float, int]:
    """Seconds to parse the same lines and COPY their rows into a table like the product's."""
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_enrolment (LIKE atlas_enrolment INCLUDING ALL) ON COMMIT DROP"
        )
        start = time.perf_counter()
        lines = GeneratedFile(lambda: file_lines(institutions, crebos))
        stream = io.TextIOWrapper(io.BufferedReader(lines, 1 << 16), encoding="utf-8")
        reader = csv.reader(stream, delimiter=";")
        header = next(reader)
        columns = [(int(c[-4:]), GENDER_CODES[c[:-4]]) for c in header[3:]]
        with cursor.cursor.copy(
            "COPY bench_enrolment (dataset_id, institution_id, qualification_id, leerweg, year,"
            " gender, low, high, suppressed) FROM STDIN"
        ) as copy:
            for code, leerweg, crebo, *counts in reader:
                institution, qualification = ids["institutions"][code], ids["crebos"][crebo]
                for (year, gender), text in zip(columns, counts, strict=True):
                    value = int(text)
                    copy.write_row((ids["dataset"], institution, qualification, leerweg,
                                    year, gender, value, value, False))  # fmt: skip
                    rows += 1
        seconds = time.perf_counter() - start
    return seconds, rows


def main():
    institutions = sorted(
        Organisation.objects.exclude(institution_code="").values_list("institution_code", flat=True)
    )[:40]
    crebos = sorted(Qualification.objects.values_list("crebo", flat=True))
    actor = User.objects.filter(is_staff=True).order_by("pk").first() or User.objects.first()
    with transaction.atomic():
        start = time.perf_counter()
        report = import_enrolments(
            actor=actor,
            stream=io.BufferedReader(
                GeneratedFile(lambda: file_lines(institutions, crebos)), 1 << 16
            ),
            filename="bench.csv",
        )
        seconds = time.perf_counter() - start
        dataset = report.dataset.pk
        transaction.set_rollback(True)
    assert not report.errors, report.errors[:5]
    ids = {
        "dataset": dataset,
        "institutions": dict(
            Organisation.objects.exclude(institution_code="").values_list("institution_code", "pk")
        ),
        "crebos": dict(Qualification.objects.values_list("crebo", "pk")),
    }
    # the rolled-back dataset's id is free again for the floor's rows (no foreign key there)
    floor_seconds, floor_rows = floor(institutions, crebos, ids)
    result = {
        "lines": LINES,
        "rows": report.stored,
        "seconds": seconds,
        "rows_per_second": report.stored / seconds,
        "floor_rows": floor_rows,
        "floor_seconds": floor_seconds,
        "floor_rows_per_second": floor_rows / floor_seconds,
        "peak_rss_mb": peak_rss_mb(),
    }
    result["share_of_floor"] = result["rows_per_second"] / result["floor_rows_per_second"]
    emit(
        result,
        f"enrolment import: {LINES} lines, {report.stored} rows in {seconds:.1f} s = "
        f"{result['rows_per_second']:.0f} rows/s; floor (csv + COPY) "
        f"{result['floor_rows_per_second']:.0f} rows/s",
    )


if __name__ == "__main__":
    main()

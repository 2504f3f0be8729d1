"""An enrolment file and an indicator file stream: the import's memory does not grow with
the file. The file is
generated while it is read (never held in memory by the test either); a file four times
as long must not take more memory than the short one (plus a fixed margin): what the import
keeps per line (a growing map of the keys seen, say) fails this."""

import io
import tracemalloc
from pathlib import Path

import pytest

from atlas.models import Enrolment, IndicatorValue, Qualification
from atlas.services import import_enrolments, import_indicators
from regions.models import OrganisationKind, Sectorkamer

pytestmark = pytest.mark.django_db

INSTITUTIONS = [f"{i:02d}ZZ" for i in range(10)]
LEERWEGEN = ("BOLVT", "BBL")
YEARS = range(2010, 2015)  # long past: the alert function has nothing to add for these
HEADER = (
    "INSTELLINGSCODE;LEERWEG;ERKENDE OPLEIDING CODE;"
    + ";".join(f"{g}{y}" for y in YEARS for g in ("MAN", "VROUW"))
    + "\n"
).encode()


def enrolment_line(n: int) -> bytes:
    crebo = 30000 + n // (len(INSTITUTIONS) * len(LEERWEGEN))
    rest = n % (len(INSTITUTIONS) * len(LEERWEGEN))
    institution, leerweg = INSTITUTIONS[rest // 2], LEERWEGEN[rest % 2]
    counts = ";".join(str(10 + (n + k) % 90) for k in range(2 * len(YEARS)))
    return f"{institution};{leerweg};{crebo};{counts}\n".encode()


REGIONS = [  # the 35 arbeidsmarktregio codes
    line.split(",")[0]
    for line in (
        Path(__file__).resolve().parents[2] / "regions" / "data" / "arbeidsmarktregios.csv"
    )
    .read_text(encoding="utf-8")
    .splitlines()[1:]
    if line.strip()
]
INDICATOR_HEADER = b"INDICATOR;NIVEAU;CREBO;REGIO;JAAR;WAARDE\n"


def indicator_line(n: int) -> bytes:
    crebo, rest = 30000 + n // (len(REGIONS) * 2), n % (len(REGIONS) * 2)
    region, year = REGIONS[rest // 2], 2013 + rest % 2
    return f"stage_overschot;crebo_regio;{crebo};{region};{year};{n % 40}\n".encode()


class GeneratedCsv(io.RawIOBase):
    """A file of a header and ``lines`` data lines, made as it is read; seekable to the
    start."""

    def __init__(self, lines: int, header=HEADER, line=enrolment_line):
        self.lines, self.line, self.pending, self.offset = lines, -1, b"", 0
        self.header, self.make = header, line

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        if (offset, whence) not in ((0, io.SEEK_SET), (0, io.SEEK_CUR)):
            raise io.UnsupportedOperation("only a rewind")
        if whence == io.SEEK_SET:
            self.line, self.pending, self.offset = -1, b"", 0
        return self.offset

    def tell(self):
        return self.offset

    def _next(self) -> bytes:
        self.line += 1
        if self.line == 0:
            return self.header
        n = self.line - 1
        return b"" if n >= self.lines else self.make(n)

    def readinto(self, buffer):
        while len(self.pending) < len(buffer):
            more = self._next()
            if not more:
                break
            self.pending += more
        size = min(len(buffer), len(self.pending))
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        self.offset += size
        return size


@pytest.fixture
def catalogue(reference, make_org, staff):
    kamer = Sectorkamer.objects.get(code="01")
    crebos = 40000 // (len(INSTITUTIONS) * len(LEERWEGEN)) + 1
    Qualification.objects.bulk_create(
        Qualification(crebo=str(30000 + i), name=f"Opleiding {i}", level=2, sectorkamer=kamer)
        for i in range(crebos)
    )
    for code in INSTITUTIONS:
        make_org(f"School {code}", kind=OrganisationKind.MBO_INSTITUTION, code=code)
    return staff


def peak_while_importing(actor, lines, load=import_enrolments, **layout) -> int:
    stream = io.BufferedReader(GeneratedCsv(lines, **layout), buffer_size=1 << 16)
    tracemalloc.start()
    try:
        report = load(actor=actor, stream=stream, filename=f"{lines}.csv")
        return tracemalloc.get_traced_memory()[1], report
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(catalogue):
    short, report = peak_while_importing(catalogue, 10000)
    assert report.stored == 10000 * 2 * len(YEARS)
    Enrolment.objects.all().delete()
    long, report = peak_while_importing(catalogue, 40000)
    assert report.stored == 40000 * 2 * len(YEARS) and not report.errors
    # 400,000 rows against 100,000: the same batches, not four times the memory
    assert long < short * 1.25 + 2_000_000, (short, long)


def test_memory_does_not_grow_with_an_indicator_file(catalogue):
    # an indicator no signal rule reads: the alert function after the import has nothing
    # to load, so what is measured is the import
    layout = {"load": import_indicators, "header": INDICATOR_HEADER, "line": indicator_line}
    short, report = peak_while_importing(catalogue, 10000, **layout)
    assert report.stored == 10000
    IndicatorValue.objects.all().delete()
    long, report = peak_while_importing(catalogue, 40000, **layout)
    assert report.stored == 40000 and not report.errors
    assert long < short * 1.25 + 2_000_000, (short, long)

"""Loading the Bosatlas's data: every write here, atomic, with its provenance."""

import datetime
import re

from django.db import transaction
from django.utils.translation import gettext as _

from core.csvfiles import ImportFailed, ImportReport, NotCsv, inspect, normalise, read_rows
from core.services import require_perm
from regions.models import Organisation

from .models import (
    SUPPRESSED_HIGH,
    SUPPRESSED_LOW,
    Dataset,
    Enrolment,
    Gender,
    Leerweg,
    Qualification,
    Source,
)

BATCH = 5000

# The DUO file's columns (normalised: case, spaces and underscores do not matter) and the
# other names they go by in older files.
INSTITUTION = ("INSTELLINGSCODE", "BRIN", "BRINNUMMER", "INSTELLING")
CREBO = ("ERKENDEOPLEIDINGCODE", "ERKENDEOPLEIDINGSCODE", "KWALIFICATIECODE", "OPLEIDINGCODE",
         "CREBO", "CREBOCODE")  # fmt: skip
LEERWEG = ("LEERWEG",)
SUPPRESSION_FLAG = ("INDICATIEAVG",)
YEAR = ("JAAR", "STUDIEJAAR", "PEILJAAR")
COUNT = ("AANTAL", "AANTALDEELNEMERS", "DEELNEMERS", "AANTALSTUDENTEN")
GENDER = ("GESLACHT",)
WIDE = re.compile(r"^(MAN|VROUW|AANTAL|TOTAAL)?(\d{4})$")
GENDERS = {"MAN": Gender.MAN, "M": Gender.MAN, "VROUW": Gender.WOMAN, "V": Gender.WOMAN,
           "": Gender.ALL, "TOTAAL": Gender.ALL, "AANTAL": Gender.ALL}  # fmt: skip
CREBO_FORMAT = re.compile(r"^\d{5}$")
INSTITUTION_FORMAT = re.compile(r"^[0-9A-Z]{4}$")


def _find(columns, names):
    return next((c for c in names if c in columns), None)


def _layout(info, report):
    """Which column holds what; refuses the file, saying what was expected and found."""
    columns = set(info.columns)
    found = {
        "institution": _find(columns, INSTITUTION),
        "crebo": _find(columns, CREBO),
        "leerweg": _find(columns, LEERWEG),
        "flag": _find(columns, SUPPRESSION_FLAG),
    }
    wide = [(c, WIDE.match(c)) for c in info.columns if WIDE.match(c)]
    long = {"year": _find(columns, YEAR), "count": _find(columns, COUNT),
            "gender": _find(columns, GENDER)}  # fmt: skip
    missing = [names[0] for key, names in
               (("institution", INSTITUTION), ("crebo", CREBO), ("leerweg", LEERWEG))
               if not found[key]]  # fmt: skip
    if not wide and not (long["year"] and long["count"]):
        missing.append(_("year columns (MAN2021, VROUW2021 or 2021) or JAAR and AANTAL"))
    if missing:
        report.error(
            1,
            "",
            _("Unknown layout: expected %(expected)s; found %(found)s.")
            % {"expected": ", ".join(missing), "found": ", ".join(info.header)},
        )
        raise ImportFailed(report)
    found["wide"] = [(c, GENDERS[m.group(1) or ""], int(m.group(2))) for c, m in wide]
    found.update(long)
    for column, _gender, year in found["wide"]:
        if not 2000 <= year <= 2100:
            report.error(1, column, _("The year %(year)s is outside 2000-2100.") % {"year": year})
    if report.errors:
        raise ImportFailed(report)
    return found


def _count(text, flagged):
    """(low, high, suppressed) from a cell; None when empty; ValueError when it is no count."""
    if text == "":
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(_("'%(value)s' is not a number.") % {"value": text})
    value = int(text)
    if value == -1 or (flagged and 0 < value < 5):
        return SUPPRESSED_LOW, SUPPRESSED_HIGH, True
    if value < 0:
        raise ValueError(_("A count cannot be negative (%(value)s).") % {"value": value})
    return value, value, False


def _cells(row, layout, line, report):
    """The (year, gender, column, text) cells of one row, per layout."""
    if layout["wide"]:
        return [(year, gender, column, row[column]) for column, gender, year in layout["wide"]]
    year_text = row[layout["year"]]
    if not re.fullmatch(r"\d{4}", year_text) or not 2000 <= int(year_text) <= 2100:
        report.error(line, layout["year"], _("The year must be 2000-2100, not '%(value)s'.")
                     % {"value": year_text})  # fmt: skip
        return []
    gender_text = normalise(row[layout["gender"]]) if layout["gender"] else ""
    if gender_text not in GENDERS:
        report.error(line, layout["gender"], _("Unknown gender '%(value)s'.")
                     % {"value": row[layout["gender"]]})  # fmt: skip
        return []
    return [(int(year_text), GENDERS[gender_text], layout["count"], row[layout["count"]])]


@transaction.atomic
def import_enrolments(
    *,
    actor,
    stream,
    filename: str = "",
    skip_invalid: bool = False,
    reference_date: datetime.date | None = None,
    title: str = "",
) -> ImportReport:
    """Load a DUO "students per institution and qualification" file as one dataset.

    Every bad line is reported with its line number and column; the file is refused as a
    whole (nothing written) unless ``skip_invalid``, and then every skipped line is listed.
    The same file again changes nothing; a newer delivery for the same year replaces the
    values of the older dataset, which stays listed as replaced."""
    if actor is not None:
        require_perm(actor, "atlas.add_dataset")
    report = ImportReport()
    try:
        info = inspect(stream)
    except NotCsv as exc:
        report.error(1, "", str(exc))
        raise ImportFailed(report) from None
    if info.encoding == "latin-1":
        report.notes.append(_("The file is not UTF-8; it was read as Latin-1 (ISO-8859-1)."))
    known = Dataset.objects.filter(sha256=info.sha256).first()
    if known is not None:
        report.dataset = known
        report.notes.append(_("This file was loaded before (%(title)s); nothing changed.")
                            % {"title": known})  # fmt: skip
        return report
    layout = _layout(info, report)

    dataset = Dataset.objects.create(
        source=Source.DUO_ENROLMENTS, title=title or filename or _("DUO enrolments"),
        year=2000, reference_date=datetime.date(2000, 10, 1), sha256=info.sha256,
        filename=filename[:255], encoding=info.encoding, loaded_by=actor,
    )  # fmt: skip
    crebos = dict(Qualification.objects.values_list("crebo", "pk"))
    institutions = dict(
        Organisation.objects.exclude(institution_code="").values_list("institution_code", "pk")
    )
    leerwegen = set(Leerweg.values)
    seen = {}  # key -> (low, high): the same key twice must agree
    batch, years, skipped_lines = [], set(), set()
    for line, row in read_rows(stream, info):
        report.rows_read += 1
        errors_before = len(report.errors)
        code = row[layout["institution"]].upper()
        crebo = row[layout["crebo"]]
        leerweg = normalise(row[layout["leerweg"]])
        if not INSTITUTION_FORMAT.match(code):
            report.error(line, layout["institution"],
                         _("An institution code has 4 characters, not '%(value)s'.")
                         % {"value": code})  # fmt: skip
        elif code not in institutions:
            report.error(line, layout["institution"],
                         _("Unknown institution code %(value)s.") % {"value": code})  # fmt: skip
        if not CREBO_FORMAT.match(crebo):
            report.error(line, layout["crebo"], _("A crebo code has 5 digits, not '%(value)s'.")
                         % {"value": crebo})  # fmt: skip
        elif crebo not in crebos:
            report.error(line, layout["crebo"],
                         _("Unknown crebo code %(value)s.") % {"value": crebo})  # fmt: skip
        if leerweg not in leerwegen:
            report.error(line, layout["leerweg"],
                         _("Unknown leerweg '%(value)s' (BBL, BOLVT, BOLDT or EX).")
                         % {"value": row[layout["leerweg"]]})  # fmt: skip
        flagged = layout["flag"] is not None and row[layout["flag"]].upper() == "J"
        values = []
        for year, gender, column, text in _cells(row, layout, line, report):
            try:
                counted = _count(text, flagged)
            except ValueError as exc:
                report.error(line, column, str(exc))
                continue
            if counted is not None:
                values.append((year, gender, column, counted))
        if len(report.errors) > errors_before:
            skipped_lines.add(line)
            continue
        for year, gender, column, (low, high, suppressed) in values:
            key = (code, crebo, leerweg, year, gender)
            if key in seen:
                if seen[key] != (low, high):
                    report.error(line, column, _("The same institution, crebo, leerweg, year "
                                                 "and gender appear earlier with another "
                                                 "count."))  # fmt: skip
                    skipped_lines.add(line)
                continue
            seen[key] = (low, high)
            years.add(year)
            batch.append(Enrolment(
                dataset=dataset, institution_id=institutions[code],
                qualification_id=crebos[crebo], leerweg=leerweg, year=year, gender=gender,
                low=low, high=high, suppressed=suppressed,
            ))  # fmt: skip
        if len(batch) >= BATCH:
            Enrolment.objects.bulk_create(batch)
            report.stored += len(batch)
            batch = []
    if report.errors and not skip_invalid:
        raise ImportFailed(report)
    Enrolment.objects.bulk_create(batch)
    report.stored += len(batch)
    if not years:
        report.error(1, "", _("The file holds no counts."))
        raise ImportFailed(report)
    dataset.year = max(years)
    dataset.reference_date = reference_date or datetime.date(dataset.year, 10, 1)
    dataset.rows_read, dataset.rows_stored = report.rows_read, report.stored
    dataset.rows_skipped = len(skipped_lines)
    dataset.save()
    _replace_older(dataset, report)
    report.dataset = dataset
    return report


def _replace_older(dataset, report) -> None:
    """An older delivery of the same source and year gives way: its values go, it stays
    listed as replaced by this one."""
    older = Dataset.objects.filter(
        source=dataset.source, year=dataset.year, replaced_by__isnull=True
    ).exclude(pk=dataset.pk)
    for old in older.select_for_update():
        old.enrolments.all().delete()
        old.replaced_by = dataset
        old.save(update_fields=["replaced_by"])
        report.notes.append(_("It replaces %(title)s, loaded %(when)s.")
                            % {"title": old, "when": old.loaded_at.date().isoformat()})  # fmt: skip

"""Loading the Bosatlas's data: every write here, atomic, with its provenance."""

import csv
import datetime
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csvfiles import (
    ImportFailed,
    ImportReport,
    NotCsv,
    inspect,
    is_synthetic,
    normalise,
    read_rows,
)
from core.services import require_perm
from core.timeutils import cycle_year_for, local_today
from core.workflow import StateConflict
from notifications.models import NotificationKind
from notifications.services import notify
from regions.models import Arbeidsmarktregio, Organisation, Role, Sectorkamer
from regions.selectors import users_with_role

from .models import (
    LEVEL_KEYS,
    SUPPRESSED_HIGH,
    SUPPRESSED_LOW,
    AtlasPublication,
    Dataset,
    Enrolment,
    Gender,
    Indicator,
    IndicatorValue,
    Leerweg,
    Level,
    Qualification,
    RuleKind,
    Signal,
    SignalRule,
    SignalState,
    Source,
)
from .selectors import indicator_values, latest_indicator_year, plain, student_totals
from .totals import clear_enrolment_totals, store_enrolment_totals

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
    report, info = _open(actor, stream)
    if report.dataset is not None:
        return report
    layout = _layout(info, report)

    dataset = Dataset.objects.create(
        source=Source.DUO_ENROLMENTS, title=title or filename or _("DUO enrolments"),
        year=2000, reference_date=datetime.date(2000, 10, 1), sha256=info.sha256,
        filename=filename[:255], encoding=info.encoding, loaded_by=actor,
        synthetic=is_synthetic(info),
    )  # fmt: skip
    crebos = dict(Qualification.objects.values_list("crebo", "pk"))
    institutions = dict(
        Organisation.objects.exclude(institution_code="").values_list("institution_code", "pk")
    )
    leerwegen = set(Leerweg.values)
    batch, years, skipped_lines = [], set(), set()
    store = {"key": _ENROLMENT_KEY, "fields": _ENROLMENT_FIELDS,
             "message": _("The same institution, crebo, leerweg, year and gender appear earlier "
                          "with another count.")}  # fmt: skip
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
            years.add(year)
            batch.append((line, column, (
                institutions[code], crebos[crebo], leerweg, year, gender, low, high, suppressed,
            )))  # fmt: skip
        if len(batch) >= BATCH_ROWS:
            _store(report, Enrolment, dataset, batch, skipped_lines, **store)
            batch = []
    _store(report, Enrolment, dataset, batch, skipped_lines, **store)
    year = max(years) if years else None
    return _finish(
        report, dataset, skip_invalid=skip_invalid, skipped=skipped_lines,
        year=year, reference_date=reference_date or (year and datetime.date(year, 10, 1)),
        empty=_("The file holds no counts."),
    )  # fmt: skip


BATCH_ROWS = 2000  # rows per INSERT: at most 20,000 parameters, within every backend's limit
_ENROLMENT_KEY = ("institution_id", "qualification_id", "leerweg", "year", "gender")
_ENROLMENT_FIELDS = (*_ENROLMENT_KEY, "low", "high", "suppressed")
_VALUE_KEY = ("indicator_id", "level", "sectorkamer_id", "region_id", "qualification_id",
              "institution_id", "occupation_group", "year")  # fmt: skip
_VALUE_FIELDS = (*_VALUE_KEY, "value")


def _store(report, model, dataset, batch, skipped_lines, *, key, fields, message) -> None:
    """Write a batch of (line, column, row) rows (``row`` in the order of ``fields``, its
    first ``len(key)`` values the key) through the dataset's unique key: a key stored before
    (earlier in the file) is not written again, and when its other values differ that is
    an error on this line and column. The database remembers the file, not this process:
    memory holds one batch, whatever the file's size."""
    if not batch:
        return
    size = len(key)
    table = connection.ops.quote_name(model._meta.db_table)
    row_marks = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    params = [value for _line, _column, row in batch for value in (dataset.pk, *row)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (dataset_id, {', '.join(fields)}) "
            f"VALUES {', '.join([row_marks] * len(batch))} "
            f"ON CONFLICT DO NOTHING RETURNING {', '.join(key)}",
            params,
        )
        written = {tuple(found) for found in cursor.fetchall()}
    report.stored += len(written)
    repeated = []  # rows whose key was already stored: earlier in this batch or before
    for line, column, row in batch:
        if row[:size] in written:
            written.discard(row[:size])  # the first of the batch with this key is written
        else:
            repeated.append((line, column, row))
    stored = {}
    for start in range(0, len(repeated), 500):
        keys = Q()
        for _line, _column, row in repeated[start : start + 500]:
            keys |= Q(**{(f"{name}__isnull" if value is None else name): value is None or value
                         for name, value in zip(key, row[:size], strict=True)})  # fmt: skip
        for found in model.objects.filter(keys, dataset=dataset).values_list(*fields):
            stored[tuple(found[:size])] = tuple(found[size:])
    for line, column, row in repeated:
        if stored.get(row[:size]) != row[size:]:
            report.error(line, column, message)
            skipped_lines.add(line)


def _open(actor, stream):
    """Check the right, read the file's fingerprint; ``report.dataset`` is set when this
    very file was loaded before (then nothing is to be done)."""
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
    return report, info


def _finish(report, dataset, *, skip_invalid, skipped, year, reference_date, empty):
    """Refuse the file (the transaction undoes every batch) or complete its dataset, let it
    replace an older delivery and run the alert function for the coming cycle."""
    if report.errors and not skip_invalid:
        raise ImportFailed(report)
    if year is None:
        report.error(1, "", empty)
        raise ImportFailed(report)
    dataset.year, dataset.reference_date = year, reference_date
    dataset.rows_read, dataset.rows_stored = report.rows_read, report.stored
    dataset.rows_skipped = len(skipped)
    dataset.save()
    _replace_older(dataset, report)
    if dataset.source == Source.DUO_ENROLMENTS:
        store_enrolment_totals(dataset=dataset)
    report.dataset = dataset
    report.signals = compute_signals(year=cycle_year_for(local_today()))
    return report


def _replace_older(dataset, report) -> None:
    """An older delivery of the same source and year gives way: its values go, it stays
    listed as replaced by this one."""
    older = Dataset.objects.filter(
        source=dataset.source, year=dataset.year, replaced_by__isnull=True
    ).exclude(pk=dataset.pk)
    for old in older.select_for_update():
        old.enrolments.all().delete()
        clear_enrolment_totals(dataset=old)
        old.values.all().delete()
        old.replaced_by = dataset
        old.save(update_fields=["replaced_by"])
        report.notes.append(_("It replaces %(title)s, loaded %(when)s.")
                            % {"title": old, "when": old.loaded_at.date().isoformat()})  # fmt: skip


# -- the indicator catalogue and indicator files ---------------------------------------------

CATALOGUE = Path(__file__).with_name("data") / "indicators.csv"


def load_indicator_catalogue() -> dict:
    """Create or update the catalogue's indicators from atlas/data/indicators.csv."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with CATALOGUE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            values = {
                "name": row["name"], "definition": row["definition"], "unit": row["unit"],
                "direction": row["direction"], "source": row["source"], "levels": row["levels"],
                "minimum": Decimal(row["minimum"]) if row["minimum"] else None,
                "maximum": Decimal(row["maximum"]) if row["maximum"] else None,
            }  # fmt: skip
            indicator = Indicator.objects.filter(code=row["code"]).first()
            if indicator is None:
                Indicator.objects.create(code=row["code"], **values)
                counts["created"] += 1
            elif any(getattr(indicator, k) != v for k, v in values.items()):
                Indicator.objects.filter(pk=indicator.pk).update(**values)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts


INDICATOR_COLUMNS = {
    "indicator": ("INDICATOR", "INDICATORCODE", "CODE"),
    "level": ("NIVEAU", "LEVEL", "SCHAAL"),
    "sectorkamer": ("SECTORKAMER", "SECTORKAMERCODE"),
    "region": ("REGIO", "ARBEIDSMARKTREGIO", "AMR"),
    "qualification": ("CREBO", "CREBOCODE", "ERKENDEOPLEIDINGCODE", "KWALIFICATIECODE"),
    "institution": ("INSTELLINGSCODE", "INSTELLING", "BRIN"),
    "occupation_group": ("BEROEPSGROEP",),
    "year": ("JAAR", "PEILJAAR"),
    "value": ("WAARDE", "VALUE"),
    "unit": ("EENHEID", "UNIT"),
    "source": ("BRON", "SOURCE"),
}
REQUIRED_INDICATOR_COLUMNS = ("indicator", "level", "year", "value")
LEVEL_NAMES = {normalise(name): level for level, names in {
    Level.NATIONAL: ("national", "landelijk", "nationaal"),
    Level.SECTORKAMER: ("sectorkamer",),
    Level.REGION: ("arbeidsmarktregio", "regio"),
    Level.CREBO: ("crebo", "kwalificatie", "opleiding"),
    Level.CREBO_REGION: ("crebo_region", "crebo_regio", "crebo x regio"),
    Level.INSTITUTION_CREBO: ("institution_crebo", "instelling_crebo", "instelling x crebo"),
}.items() for name in names}  # fmt: skip


def _indicator_lookups():
    kamers = {}
    for kamer in Sectorkamer.objects.all():
        kamers[kamer.code] = kamers[kamer.abbreviation.upper()] = kamer.pk
    return {
        "sectorkamer": kamers,
        "region": dict(Arbeidsmarktregio.objects.values_list("code", "pk")),
        "qualification": dict(Qualification.objects.values_list("crebo", "pk")),
        "institution": dict(
            Organisation.objects.exclude(institution_code="").values_list("institution_code", "pk")
        ),
    }


def _decimal(text):
    try:
        return Decimal(text.replace(",", ".")) if re.fullmatch(r"-?\d+([.,]\d+)?", text) else None
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


@transaction.atomic
def import_indicators(
    *, actor, stream, filename: str = "", skip_invalid: bool = False, title: str = ""
) -> ImportReport:
    """Load an indicator file (the documented layout, one source per file) as one dataset.

    Every bad line is reported with its line number and column; nothing is written unless
    ``skip_invalid``. The same file again changes nothing; a newer delivery of the same
    source and year replaces the older one's values."""
    report, info = _open(actor, stream)
    if report.dataset is not None:
        return report
    columns = set(info.columns)
    found = {key: _find(columns, names) for key, names in INDICATOR_COLUMNS.items()}
    missing = [INDICATOR_COLUMNS[key][0] for key in REQUIRED_INDICATOR_COLUMNS if not found[key]]
    if missing:
        expected = {"expected": ", ".join(missing), "found": ", ".join(info.header)}
        report.error(1, "", _("Unknown layout: expected %(expected)s; found %(found)s.") % expected)
        raise ImportFailed(report)

    catalogue = {i.code: i for i in Indicator.objects.all()}
    lookups = _indicator_lookups()
    dataset = Dataset.objects.create(
        source=Source.SBB, title=title or filename or _("Indicators"), year=2000,
        reference_date=datetime.date(2000, 1, 1), sha256=info.sha256, filename=filename[:255],
        encoding=info.encoding, loaded_by=actor,
        synthetic=is_synthetic(info),
    )  # fmt: skip
    source, batch, years, skipped = None, [], set(), set()
    store = {"key": _VALUE_KEY, "fields": _VALUE_FIELDS,
             "message": _("The same indicator, subject and year appear earlier with another "
                          "value.")}  # fmt: skip
    for line, row in read_rows(stream, info):
        report.rows_read += 1
        before = len(report.errors)

        def fail(key, message, line=line):
            report.error(line, found[key] or INDICATOR_COLUMNS[key][0], message)

        indicator = catalogue.get(row[found["indicator"]].strip().lower())
        if indicator is None:
            fail("indicator", _("Indicator '%(value)s' is not in the catalogue.")
                 % {"value": row[found["indicator"]]})  # fmt: skip
        elif source is None:
            source = indicator.source
        elif indicator.source != source:
            message = _(
                "One file is one delivery of one source: %(code)s comes from "
                "%(other)s, the file's earlier lines from %(source)s."
            )
            fail("indicator", message % {"code": indicator.code, "other": indicator.source,
                                         "source": source})  # fmt: skip
        level = LEVEL_NAMES.get(normalise(row[found["level"]]))
        if level is None:
            fail("level", _("Unknown level '%(value)s'.") % {"value": row[found["level"]]})
        elif indicator is not None and level not in indicator.level_list:
            fail("level", _("%(code)s is not given per %(level)s.")
                 % {"code": indicator.code, "level": Level(level).label})  # fmt: skip
        keys = {}
        for key in ("sectorkamer", "region", "qualification", "institution"):
            text = row[found[key]].strip().upper() if found[key] else ""
            needed = level is not None and key in LEVEL_KEYS[level]
            if needed and not text:
                fail(key, _("This level needs a value here."))
            elif text and not needed and level is not None:
                fail(key, _("This level has no %(key)s; leave it empty.")
                     % {"key": INDICATOR_COLUMNS[key][0]})  # fmt: skip
            elif text:
                keys[key] = lookups[key].get(text)
                if keys[key] is None:
                    fail(key, _("Unknown code %(value)s.") % {"value": text})
        year_text = row[found["year"]]
        if not re.fullmatch(r"\d{4}", year_text) or not 2000 <= int(year_text) <= 2100:
            fail("year", _("The year must be 2000-2100, not '%(value)s'.") % {"value": year_text})
        value = _decimal(row[found["value"]])
        if value is None:
            fail("value", _("'%(value)s' is not a number.") % {"value": row[found["value"]]})
        elif indicator is not None and (
            (indicator.minimum is not None and value < indicator.minimum)
            or (indicator.maximum is not None and value > indicator.maximum)
        ):
            bounds = {
                "value": value,
                "code": indicator.code,
                "low": "…"
                if indicator.minimum is None
                else format(indicator.minimum.normalize(), "f"),
                "high": "…"
                if indicator.maximum is None
                else format(indicator.maximum.normalize(), "f"),
            }
            fail("value", _("%(value)s is outside the range of %(code)s (%(low)s to %(high)s).")
                 % bounds)  # fmt: skip
        unit = row[found["unit"]].strip() if found["unit"] else ""
        if indicator is not None and unit and unit != indicator.unit:
            fail("unit", _("%(code)s is in %(unit)s, not %(value)s.")
                 % {"code": indicator.code, "unit": indicator.unit, "value": unit})  # fmt: skip
        if len(report.errors) > before:
            skipped.add(line)
            continue
        group = row[found["occupation_group"]].strip() if found["occupation_group"] else ""
        years.add(int(year_text))
        batch.append((line, found["value"], (
            indicator.pk, level, keys.get("sectorkamer"), keys.get("region"),
            keys.get("qualification"), keys.get("institution"), group, int(year_text), value,
        )))  # fmt: skip
        if len(batch) >= BATCH_ROWS:
            _store(report, IndicatorValue, dataset, batch, skipped, **store)
            batch = []
    _store(report, IndicatorValue, dataset, batch, skipped, **store)
    dataset.source = source or dataset.source
    year = max(years) if years else None
    return _finish(
        report, dataset, skip_invalid=skip_invalid, skipped=skipped,
        year=year, reference_date=year and datetime.date(year, 1, 1),
        empty=_("The file holds no values."),
    )  # fmt: skip


# -- the alert function ----------------------------------------------------------------------

DEFAULT_RULES = [
    {"code": "few-students", "name": "Minder dan 50 studenten bij een instelling",
     "kind": RuleKind.SMALL_NUMBERS, "indicator": None, "threshold": 50, "weight": 2,
     "interpretation": "Een opleiding met minder dan 50 studenten bij een instelling vraagt om "
     "een gesprek over doelmatigheid en kwaliteit; drie jaar op rij weegt zwaarder."},
    {"code": "work-within-a-year", "name": "Minder dan 70% binnen een jaar aan het werk",
     "kind": RuleKind.INDICATOR_BELOW, "indicator": "werk_12u_1j", "threshold": 70,
     "min_students": 20, "weight": 3,
     "interpretation": "Signaleringswaarde macrodoelmatigheid: minder dan 70% van de "
     "gediplomeerden heeft binnen ongeveer een jaar werk van 12 uur of meer. Een reden voor "
     "onderzoek, geen oordeel."},
    {"code": "below-level", "name": "Meer dan 50% werkt onder niveau",
     "kind": RuleKind.INDICATOR_ABOVE, "indicator": "onder_niveau", "threshold": 50,
     "min_students": 20, "weight": 3,
     "interpretation": "Signaleringswaarde macrodoelmatigheid: meer dan de helft van de "
     "werkende gediplomeerden werkt onder het niveau van de opleiding. Een reden voor "
     "onderzoek, geen oordeel."},
    {"code": "profit-warning", "name": "Winstwaarschuwing: groei bij lage kans op werk",
     "kind": RuleKind.PROFIT_WARNING, "indicator": "kans_op_werk", "threshold": 60,
     "min_students": 20, "weight": 3,
     "interpretation": "De instroom groeit of blijft gelijk terwijl de kans op werk laag is: "
     "studenten kiezen een opleiding met weinig perspectief."},
    {"code": "internship-shortage", "name": "Tekort aan stageplaatsen of leerbanen",
     "kind": RuleKind.INDICATOR_ABOVE, "indicator": "stage_tekort", "threshold": 0,
     "weight": 2,
     "interpretation": "Er zijn studenten zonder erkende stageplaats of leerbaan in de regio."},
    {"code": "shortage-decline", "name": "Krapte in de regio bij dalende instroom",
     "kind": RuleKind.SHORTAGE_DECLINE, "indicator": "spanningsindicator", "threshold": "1.5",
     "min_students": 20, "weight": 3,
     "interpretation": "De UWV-spanningsindicator is 1,5 of meer (krap) terwijl het aantal "
     "studenten in de regio daalt: de arbeidsmarkt vraagt meer vakmensen dan er opgeleid "
     "worden."},
]  # fmt: skip


def ensure_default_rules() -> int:
    """Create the default rules that are missing (an administrator's edits are kept)."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    created = 0
    for spec in DEFAULT_RULES:
        spec = dict(spec)
        code = spec.pop("code")
        indicator = spec.pop("indicator")
        spec["indicator"] = indicators.get(indicator) if indicator else None
        _rule, made = SignalRule.objects.get_or_create(code=code, defaults=spec)
        created += made
    return created


def _subject(qualification=None, institution=None, region=None, sectorkamer=None) -> str:
    parts = [("q", qualification), ("i", institution), ("r", region), ("s", sectorkamer)]
    return "|".join(f"{tag}:{value}" for tag, value in parts if value)


def _few_students(rule, year, totals):
    """Institution x qualification with certainly fewer students than the threshold (a range
    that reaches it is not certain: a suppressed cell never passes for a count)."""
    qualifications = dict(Qualification.objects.values_list("pk", "sectorkamer_id"))
    years = [totals(year=year - 1 - back, by=("institution", "qualification"))
             for back in range(3)]  # fmt: skip
    for (institution, qualification), total in years[0].items():
        if total.high >= rule.threshold:
            continue
        running = 1
        for earlier in years[1:]:
            before = earlier.get((institution, qualification))
            if before is None or before.high >= rule.threshold:
                break
            running += 1
        yield {
            "subject": _subject(qualification=qualification, institution=institution),
            "sectorkamer_id": qualifications[qualification], "qualification_id": qualification,
            "institution_id": institution, "value": str(total), "weight": rule.weight * running,
            "details": {"students": str(total), "years_running": running, "year": year - 1},
            "small_numbers": True,
        }  # fmt: skip


def _indicator_threshold(rule, year, totals):
    """Values of the rule's indicator past its signalling value (strictly: at the value
    itself nothing is raised), for the latest year up to Y-1."""
    data_year = latest_indicator_year(rule.indicator, up_to=year - 1)
    if data_year is None:
        return
    students = totals(year=year - 1, by=("qualification",))
    below = rule.kind == RuleKind.INDICATOR_BELOW
    for item in indicator_values(rule.indicator, year=data_year):
        if item.qualification is None:
            continue
        if (item.value >= rule.threshold) if below else (item.value <= rule.threshold):
            continue
        total = students.get((item.qualification_id,))
        yield {
            "subject": _subject(item.qualification_id, item.institution_id, item.region_id),
            "sectorkamer_id": item.qualification.sectorkamer_id,
            "qualification_id": item.qualification_id, "institution_id": item.institution_id,
            "region_id": item.region_id,
            "value": f"{plain(item.value)} {rule.indicator.unit}".strip(),
            "weight": rule.weight,
            "details": {"indicator": rule.indicator.code, "value": str(item.value),
                        "year": data_year, "students": str(total) if total else None},
            "small_numbers": total is None or total.high < rule.min_students,
        }  # fmt: skip


def _profit_warning(rule, year, totals):
    """Qualifications whose national enrolment certainly did not fall (this year's lower
    bound at least last year's upper bound) while kans op werk is below the threshold."""
    data_year = latest_indicator_year(rule.indicator, up_to=year - 1)
    if data_year is None:
        return
    now = totals(year=year - 1, by=("qualification",))
    before = totals(year=year - 2, by=("qualification",))
    for item in indicator_values(rule.indicator, year=data_year).filter(level=Level.CREBO):
        current, previous = now.get((item.qualification_id,)), before.get((item.qualification_id,))
        if item.value >= rule.threshold or current is None or previous is None:
            continue
        if current.low < previous.high:
            continue
        yield {
            "subject": _subject(item.qualification_id),
            "sectorkamer_id": item.qualification.sectorkamer_id,
            "qualification_id": item.qualification_id, "weight": rule.weight,
            "value": f"{plain(item.value)} {rule.indicator.unit}",
            "details": {"kans_op_werk": str(item.value), "students": str(current),
                        "students_before": str(previous), "year": data_year},
            "small_numbers": current.high < rule.min_students,
        }  # fmt: skip


def _shortage_decline(rule, year, totals):
    """Qualification x region where the spanningsindicator is at least the threshold (1.5:
    krap) while enrolment at the region's institutions certainly fell (this year's upper
    bound below last year's lower bound). An institution in several regions counts in each."""
    data_year = latest_indicator_year(rule.indicator, up_to=year - 1)
    if data_year is None:
        return
    by = ("qualification", "institution__regions")
    now, before = totals(year=year - 1, by=by), totals(year=year - 2, by=by)
    values = indicator_values(rule.indicator, year=data_year).filter(level=Level.CREBO_REGION)
    for item in values:
        key = (item.qualification_id, item.region_id)
        current, previous = now.get(key), before.get(key)
        if item.value < rule.threshold or current is None or previous is None:
            continue
        if current.high >= previous.low:
            continue
        yield {
            "subject": _subject(item.qualification_id, region=item.region_id),
            "sectorkamer_id": item.qualification.sectorkamer_id,
            "qualification_id": item.qualification_id, "region_id": item.region_id,
            "weight": rule.weight, "value": plain(item.value),
            "details": {"spanningsindicator": str(item.value), "students": str(current),
                        "students_before": str(previous), "year": data_year},
            "small_numbers": previous.high < rule.min_students,
        }  # fmt: skip


RULE_KINDS = {
    RuleKind.SMALL_NUMBERS: _few_students,
    RuleKind.INDICATOR_BELOW: _indicator_threshold,
    RuleKind.INDICATOR_ABOVE: _indicator_threshold,
    RuleKind.PROFIT_WARNING: _profit_warning,
    RuleKind.SHORTAGE_DECLINE: _shortage_decline,
}


@transaction.atomic
def compute_signals(*, year: int) -> dict:
    """Raise, update and close the signals of cycle year ``year`` (idempotent: one signal
    per rule and subject; one that no longer holds is closed, not deleted)."""
    found, cache = {}, {}

    def totals(*, year, by):  # the rules share their enrolment totals: one query each
        if (year, by) not in cache:
            cache[(year, by)] = student_totals(year=year, by=by)
        return cache[(year, by)]

    for rule in SignalRule.objects.filter(active=True).select_related("indicator"):
        for candidate in RULE_KINDS[rule.kind](rule, year, totals):
            found[(rule.pk, candidate["subject"])] = candidate
    existing = {(s.rule_id, s.subject): s for s in Signal.objects.filter(year=year)}
    counts = {"raised": 0, "updated": 0, "closed": 0, "unchanged": 0}
    fields = ("sectorkamer_id", "qualification_id", "institution_id", "region_id", "value",
              "details", "weight", "small_numbers")  # fmt: skip
    new, changed = [], []
    for (rule_id, subject), candidate in found.items():
        signal = existing.get((rule_id, subject))
        if signal is None:
            new.append(Signal(rule_id=rule_id, year=year, **candidate))
            continue
        values = {f: candidate.get(f) for f in fields}
        if signal.state == SignalState.OPEN and all(
            getattr(signal, f) == v for f, v in values.items()
        ):
            counts["unchanged"] += 1
            continue
        for f, v in values.items():
            setattr(signal, f, v)
        signal.state, signal.closed_at = SignalState.OPEN, None
        changed.append(signal)
    Signal.objects.bulk_create(new)
    Signal.objects.bulk_update(changed, [*fields, "state", "closed_at"])
    gone = [s.pk for key, s in existing.items() if key not in found and s.state == "open"]
    Signal.objects.filter(pk__in=gone).update(state=SignalState.CLOSED, closed_at=timezone.now())
    counts.update(raised=len(new), updated=len(changed), closed=len(gone))
    return counts


# -- publication ----------------------------------------------------------------------------


@transaction.atomic
def publish_atlas(*, actor, sectorkamer: Sectorkamer, year: int) -> AtlasPublication:
    """SBB publishes the sectorkamer's atlas for cycle ``year`` (once): its secretaries and
    members are told it is ready for the atlas conversation (in this transaction)."""
    require_perm(actor, "atlas.add_atlaspublication", sectorkamer)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a cycle year from 2000 to 2100.")})
    locked = Sectorkamer.objects.select_for_update().get(pk=sectorkamer.pk)
    if AtlasPublication.objects.filter(sectorkamer=locked, year=year).exists():
        raise StateConflict(
            _("The atlas %(s)s %(year)s has already been published.")
            % {"s": sectorkamer.abbreviation, "year": year},
            current_state="published", allowed=[],
        )  # fmt: skip
    publication = AtlasPublication.objects.create(sectorkamer=locked, year=year, published_by=actor)
    people = users_with_role(Role.SECTORKAMER_SECRETARY, sectorkamer_id=sectorkamer.pk)
    people += users_with_role(Role.SECTORKAMER_MEMBER, sectorkamer_id=sectorkamer.pk)
    notify(
        recipients=[u for u in people if u.pk != actor.pk],
        kind=NotificationKind.AGENDA,
        key=f"event:atlas:{sectorkamer.pk}:{year}:published",
        title=_("The atlas %(s)s %(year)s is ready for the atlas conversation")
        % {"s": sectorkamer.abbreviation, "year": year},
        body=_("SBB has published the Bosatlas of %(name)s for the %(year)s cycle: its "
               "signals point at the biggest challenges for the sectoragenda.")
        % {"name": sectorkamer.name, "year": year},
        url=reverse("atlas:sectorkamer", args=[sectorkamer.code, year]),
    )  # fmt: skip
    return publication

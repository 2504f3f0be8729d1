"""Open data: the public register's content as datasets, each with a documented column list,
read by the downloads (CSV, XLSX, JSON) and the public API alike (the same queryset and the
same record per item), so they return the same records. Every query goes through the
register's selectors (``public.py`` decides what is public); rows are streamed in chunks,
never all in memory."""

import dataclasses
from collections.abc import Callable, Iterator

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agendas.models import Priority
from agreements.models import AgreementParty, ProgressReport
from atlas.models import Qualification
from regions.models import Arbeidsmarktregio

from . import public, selectors

LICENCE = "CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/deed.nl)"
LICENCE_TEXT = _(
    "Published by SBB under CC0 1.0: free to reuse, without conditions. The data are the "
    "ratified sector agendas and the agreements in force or finished; no personal data."
)
CHUNK = 1000


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    kind: str  # "integer", "text", "decimal", "date", "boolean"
    description: str


@dataclasses.dataclass(frozen=True)
class Dataset:
    name: str  # the file's name and the API's path
    title: str
    columns: tuple[Column, ...]
    queryset: Callable  # () -> the records' queryset, in their order
    record: Callable[[object], dict]  # one item of the queryset -> the record
    key: str = "id"  # what identifies a record (the API's detail)

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    def rows(self) -> Iterator[dict]:
        """Every record, streamed in chunks."""
        for item in self.queryset().iterator(chunk_size=CHUNK):
            yield self.record(item)


def _sectorkamer_code():
    return F("sectorkamer__code")  # the agenda it serves, stored on the agreement


def agreements():
    return (
        selectors.agreements()
        .annotate(sectorkamer_code=_sectorkamer_code(), owner_name=F("owner__name"),
                  table_name=F("regional_table__name"))  # fmt: skip
        .order_by("pk")
        .values(
            "id", "sectorkamer_code", "state", "level", "category", "title", "description",
            "indicator", "unit", "baseline_value", "baseline_date", "target_value", "direction",
            "rationale", "start_date", "deadline", "cadence", "owner_name", "table_name",
            "parent_id", "latest_value", "latest_status", "latest_period_end",
        )
    )  # fmt: skip


RENAMED = {"sectorkamer_code": "sectorkamer", "owner_name": "owner",
           "table_name": "regional_table", "organisation_name": "organisation"}  # fmt: skip


def renamed(row: dict) -> dict:
    return {RENAMED.get(key, key): value for key, value in row.items()}


def priorities():
    """The priorities of the ratified agendas, with what their rows show."""
    return (
        Priority.objects.filter(revision__in=selectors.revisions().values("pk"))
        .select_related("revision__agenda__sectorkamer")
        .only(
            *public.PRIORITY_FIELDS,
            "revision__year",
            "revision__ratified_at",
            "revision__state",
            "revision__agenda__sectorkamer__code",
            "revision__agenda__sectorkamer__name",
        )  # fmt: skip
        .prefetch_related(
            Prefetch(
                "qualifications", queryset=Qualification.objects.only(*public.QUALIFICATION_FIELDS)
            ),
            Prefetch("regions", queryset=Arbeidsmarktregio.objects.only(*public.REGION_FIELDS)),
        )  # fmt: skip
        .order_by("revision__agenda__sectorkamer__code", "revision__year", "order", "pk")
    )


def priority_record(priority) -> dict:
    revision = priority.revision
    return {
        "priority_id": priority.pk,
        "sectorkamer": revision.agenda.sectorkamer.code,
        "sectorkamer_name": revision.agenda.sectorkamer.name,
        "year": revision.year,
        "ratified_on": timezone.localdate(revision.ratified_at),
        "order": priority.order,
        "kind": priority.kind,
        "title": priority.title,
        "description": priority.description,
        "evidence": priority.evidence,
        "national": priority.national,
        "sectoral": priority.sectoral,
        "regional": priority.regional,
        "qualifications": "; ".join(f"{q.crebo} {q.name}" for q in priority.qualifications.all()),
        "regions": "; ".join(r.name for r in priority.regions.all()),
    }


def parties():
    return (
        AgreementParty.objects.filter(agreement__in=selectors.agreements().values("pk"))
        .annotate(organisation_name=F("organisation__name"))
        .order_by("agreement_id", "role", "organisation__name")
        .values("agreement_id", "organisation_name", "role")
    )


def reports():
    return (
        ProgressReport.objects.filter(agreement__in=selectors.agreements().values("pk"))
        .order_by("agreement_id", "period_end", "pk")
        .values(*public.REPORT_FIELDS)
    )


def practices():
    return selectors.practices().order_by("pk")


def practice_record(practice) -> dict:
    return {
        "id": practice.pk,
        "sectorkamer": practice.sectorkamer.code,
        "kind": practice.kind,
        "category": practice.category,
        "title": practice.title,
        "what_was_done": practice.what_was_done,
        "result": practice.result,
        "lessons": practice.lessons,
        "regions": "; ".join(r.name for r in practice.regions.all()),
        "contact_organisation": practice.contact_organisation.name,
        "agreement_id": practice.public_agreement,
        "published_on": timezone.localdate(practice.reviewed_at) if practice.reviewed_at else None,
    }


def _c(key, kind, description):
    return Column(key, kind, description)


DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset("agendas", _("Ratified sector agendas, one row per priority"), (
            _c("priority_id", "integer", _("The priority's number")),
            _c("sectorkamer", "text", _("The sectorkamer's code (01-08)")),
            _c("sectorkamer_name", "text", _("The sectorkamer's name")),
            _c("year", "integer", _("The agenda's cycle year")),
            _c("ratified_on", "date", _("Ratified by the SBB board on (YYYY-MM-DD)")),
            _c("order", "integer", _("The priority's place on the agenda")),
            _c("kind", "text", _("challenge or opportunity")),
            _c("title", "text", _("The priority")),
            _c("description", "text", _("What it is about")),
            _c("evidence", "text", _("The facts behind it")),
            _c("national", "boolean", _("At national level")),
            _c("sectoral", "boolean", _("At sector level")),
            _c("regional", "boolean", _("At regional level")),
            _c("qualifications", "text", _("The qualifications concerned: crebo and name, ';'")),
            _c("regions", "text", _("The arbeidsmarktregio's concerned, ';'")),
        ), priorities, priority_record, key="priority_id"),
        Dataset("agreements", _("Agreements in force or finished"), (
            _c("id", "integer", _("The agreement's number (its page: /openbaar/afspraken/<id>/)")),
            _c("sectorkamer", "text", _("The sectorkamer whose agenda it serves (code)")),
            _c("state", "text", _("active, achieved or not_achieved")),
            _c("level", "text", _("national, sectoral or regional")),
            _c("category", "text", _("The kind of agreement")),
            _c("title", "text", _("The agreement")),
            _c("description", "text", _("What, who, where")),
            _c("indicator", "text", _("What is measured")),
            _c("unit", "text", _("The unit of the values")),
            _c("baseline_value", "decimal", _("The value at the start")),
            _c("baseline_date", "date", _("Measured on")),
            _c("target_value", "decimal", _("The value agreed")),
            _c("direction", "text", _("increase or decrease")),
            _c("rationale", "text", _("Means and capacity")),
            _c("start_date", "date", _("Starts on")),
            _c("deadline", "date", _("To be reached by")),
            _c("cadence", "integer", _("Months between progress reports")),
            _c("owner", "text", _("The organisation that leads it")),
            _c("regional_table", "text", _("The regional table, for a regional commitment")),
            _c("parent_id", "integer", _("The sector agreement a commitment works out")),
            _c("latest_value", "decimal", _("The latest reported value")),
            _c("latest_status", "text", _("on_track, at_risk or off_track")),
            _c("latest_period_end", "date", _("The end of the latest reported period")),
        ), agreements, renamed),
        Dataset("parties", _("The parties to the agreements"), (
            _c("agreement_id", "integer", _("The agreement (see agreements)")),
            _c("organisation", "text", _("The organisation")),
            _c("role", "text", _("responsible, contributing or informed")),
        ), parties, renamed, key="agreement_id"),
        Dataset("reports", _("Progress reports: reported values and status"), (
            _c("agreement_id", "integer", _("The agreement (see agreements)")),
            _c("period_start", "date", _("Period from")),
            _c("period_end", "date", _("Period until")),
            _c("value", "decimal", _("The measured value, in the agreement's unit")),
            _c("status", "text", _("on_track, at_risk or off_track")),
        ), reports, dict, key="agreement_id"),
        Dataset("practices", _("Shared practice: good practice and lessons"), (
            _c("id", "integer", _("The practice's number (its page: /openbaar/praktijken/<id>/)")),
            _c("sectorkamer", "text", _("The sectorkamer (code)")),
            _c("kind", "text", _("good (good practice) or bad (a lesson from what did not work)")),
            _c("category", "text", _("The kind of agreement it is about")),
            _c("title", "text", _("The practice")),
            _c("what_was_done", "text", _("What was done")),
            _c("result", "text", _("What it brought")),
            _c("lessons", "text", _("Lessons for others")),
            _c("regions", "text", _("The arbeidsmarktregio's concerned, ';'")),
            _c("contact_organisation", "text", _("The organisation to contact about it")),
            _c("agreement_id", "integer", _("The public agreement it is about (see agreements)")),
            _c("published_on", "date", _("Published on (YYYY-MM-DD)")),
        ), practices, practice_record),
    )
}  # fmt: skip

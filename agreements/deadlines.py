"""The deadlines agreements registers with notifications (see notifications/registry.py)."""

import datetime
import functools
import itertools
from collections import defaultdict

from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from notifications.models import DeadlineKind
from notifications.registry import Deadline, deadline_source

from .models import (
    OPEN_STATES,
    Agreement,
    AgreementParty,
    AgreementState,
    Milestone,
    StartStopNotice,
)

CHUNK = 2000  # rows read at a time (a server-side cursor on PostgreSQL): memory stays bounded


def _in_chunks(rows):
    """``rows`` (a queryset's values) read CHUNK at a time, each chunk with the responsible
    parties of its agreements ({agreement id: [organisation ids]}, one query per chunk)."""
    rows = iter(rows.iterator(chunk_size=CHUNK))
    while chunk := list(itertools.islice(rows, CHUNK)):
        responsible = defaultdict(list)
        for agreement, organisation in AgreementParty.objects.filter(
            agreement_id__in=[row["pk"] for row in chunk], role="responsible"
        ).values_list("agreement_id", "organisation_id"):
            responsible[agreement].append(organisation)
        for row in chunk:
            yield row, responsible[row["pk"]]


@functools.lru_cache(maxsize=16)
def _url_template(name: str, prefix: str, urlconf) -> str:
    return reverse(name, args=[987654321], urlconf=urlconf).replace("987654321", "{}")


def _url(name: str, pk) -> str:
    """``reverse(name, args=[pk])`` without resolving the pattern for every row."""
    return _url_template(name, get_script_prefix(), get_urlconf()).format(pk)


def _detail_url(pk) -> str:
    return _url("agreements:detail", pk)


def _agreement_deadline(kind, prefix, agreement, day, title, people, responsible, **others):
    """One agreement's deadline on its field ``day``, for its owner and its responsible
    parties (and ``others``: role -> users)."""
    return Deadline(
        kind,
        f"{prefix}:{agreement['pk']}",
        agreement[day],
        title % {"title": agreement["title"]},
        _detail_url(agreement["pk"]),
        {"owner": people.of([agreement["owner_id"]]), "parties": people.of(responsible), **others},
    )


@deadline_source
def agreement_deadlines(start, end, people):
    """Agreements: their deadline while open."""
    agreements = Agreement.objects.filter(
        deadline__range=(start, end), state__in=OPEN_STATES
    ).values("pk", "title", "deadline", "owner_id", "regional_table_id", "sectorkamer_id")
    for agreement, responsible in _in_chunks(agreements):
        yield _agreement_deadline(
            DeadlineKind.AGREEMENT, "agreement", agreement, "deadline",
            _("Agreement '%(title)s' is due"), people, responsible,
            secretary=people.secretaries[agreement["sectorkamer_id"]],
            coordinator=people.coordinators[agreement["regional_table_id"]],
        )  # fmt: skip


@deadline_source
def milestone_deadlines(start, end, people):
    milestones = Milestone.objects.filter(
        due_date__range=(start, end),
        done_date__isnull=True,
        agreement__state=AgreementState.ACTIVE,
    ).values("pk", "title", "due_date", "agreement_id", "agreement__title", "agreement__owner_id")
    for milestone in milestones.iterator(chunk_size=CHUNK):
        yield Deadline(
            DeadlineKind.MILESTONE,
            f"milestone:{milestone['pk']}",
            milestone["due_date"],
            _("Milestone '%(title)s' of '%(agreement)s'")
            % {"title": milestone["title"], "agreement": milestone["agreement__title"]},
            _detail_url(milestone["agreement_id"]),
            {"owner": people.of([milestone["agreement__owner_id"]])},
        )


@deadline_source
def progress_report_deadlines(start, end, people):
    reporting = Agreement.objects.filter(
        state=AgreementState.ACTIVE, next_report_due__range=(start, end)
    ).values("pk", "title", "next_report_due", "owner_id")
    for agreement, responsible in _in_chunks(reporting):
        yield _agreement_deadline(
            DeadlineKind.PROGRESS_REPORT, "report", agreement, "next_report_due",
            _("A progress report on '%(title)s' is due"), people, responsible,
        )  # fmt: skip


@deadline_source
def notice_deadlines(start, end, people):
    """Start/stop notices: the cycle's 1 February for every school, and each draft's own."""
    for year in range(start.year, end.year + 2):
        due = datetime.date(year, 1, 31)
        if not start <= due <= end:
            continue
        yield Deadline(
            DeadlineKind.NOTICE_CYCLE,
            f"notices:{year}",
            due,
            _("Start/stop notices for the study years ahead are due by 31 January %(year)s")
            % {"year": year},
            reverse("agreements:notice_list"),
            {"schools": people.schools},
        )
        drafts = (
            StartStopNotice.objects.filter(state="draft")
            .filter(Q(leerweg="BOL", study_year=year + 1) | Q(leerweg="BBL", study_year=year))
            .values("pk", "qualification__name", "institution_id")
        )
        for notice in drafts.iterator(chunk_size=CHUNK):
            yield Deadline(
                DeadlineKind.NOTICE_DRAFT,
                f"notice:{notice['pk']}",
                due,
                _("Draft notice for %(name)s is not submitted yet")
                % {"name": notice["qualification__name"]},
                _url("agreements:notice_detail", notice["pk"]),
                {"schools": people.of([notice["institution_id"]])},
            )

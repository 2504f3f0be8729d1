"""The deadlines agreements registers with notifications (see notifications/registry.py)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import DeadlineKind
from notifications.registry import Deadline, deadline_source

from .models import OPEN_STATES, Agreement, AgreementState, Milestone, StartStopNotice

CHUNK = 2000  # rows read at a time (a server-side cursor on PostgreSQL): memory stays bounded


def _responsible(agreement) -> list:
    return [p.organisation_id for p in agreement.parties.all() if p.role == "responsible"]


@deadline_source
def agreement_deadlines(start, end, people):
    """Agreements: their deadline while open."""
    agreements = (
        Agreement.objects.filter(deadline__range=(start, end), state__in=OPEN_STATES)
        .select_related(
            "priority__revision__agenda", "parent__priority__revision__agenda", "regional_table"
        )
        .prefetch_related("parties")
        .iterator(chunk_size=CHUNK)
    )
    for agreement in agreements:
        yield Deadline(
            DeadlineKind.AGREEMENT,
            f"agreement:{agreement.pk}",
            agreement.deadline,
            _("Agreement '%(title)s' is due") % {"title": agreement.title},
            reverse("agreements:detail", args=[agreement.pk]),
            {
                "owner": people.of([agreement.owner_id]),
                "parties": people.of(_responsible(agreement)),
                "secretary": people.secretaries[agreement.sectorkamer_id],
                "coordinator": people.coordinators[agreement.regional_table_id],
            },
        )


@deadline_source
def milestone_deadlines(start, end, people):
    for milestone in (
        Milestone.objects.filter(
            due_date__range=(start, end),
            done_date__isnull=True,
            agreement__state=AgreementState.ACTIVE,
        )
        .select_related("agreement")
        .iterator(chunk_size=CHUNK)
    ):
        yield Deadline(
            DeadlineKind.MILESTONE,
            f"milestone:{milestone.pk}",
            milestone.due_date,
            _("Milestone '%(title)s' of '%(agreement)s'")
            % {"title": milestone.title, "agreement": milestone.agreement.title},
            reverse("agreements:detail", args=[milestone.agreement_id]),
            {"owner": people.of([milestone.agreement.owner_id])},
        )


@deadline_source
def progress_report_deadlines(start, end, people):
    reporting = Agreement.objects.filter(
        state=AgreementState.ACTIVE, next_report_due__range=(start, end)
    ).prefetch_related("parties")
    for agreement in reporting.iterator(chunk_size=CHUNK):
        yield Deadline(
            DeadlineKind.PROGRESS_REPORT,
            f"report:{agreement.pk}",
            agreement.next_report_due,
            _("A progress report on '%(title)s' is due") % {"title": agreement.title},
            reverse("agreements:detail", args=[agreement.pk]),
            {
                "owner": people.of([agreement.owner_id]),
                "parties": people.of(_responsible(agreement)),
            },
        )


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
            .select_related("qualification")
        )
        for notice in drafts.iterator(chunk_size=CHUNK):
            yield Deadline(
                DeadlineKind.NOTICE_DRAFT,
                f"notice:{notice.pk}",
                due,
                _("Draft notice for %(name)s is not submitted yet")
                % {"name": notice.qualification.name},
                reverse("agreements:notice_detail", args=[notice.pk]),
                {"schools": people.of([notice.institution_id])},
            )

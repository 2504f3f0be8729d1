"""The deadlines agendas registers with notifications (see notifications/registry.py)."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import CycleMilestone, DeadlineKind, MilestoneKind
from notifications.registry import Deadline, deadline_source

from .models import OPEN_TOPIC_STATES, AgendaRevision, AgendaTopic, RevisionState
from .selectors import top_signals


@deadline_source
def revision_deadlines(start, end, people):
    """Agenda revisions: due by the end of 31 January of their year."""
    years = range(start.year, end.year + 2)
    for revision in AgendaRevision.objects.filter(
        year__in=[y for y in years if start <= datetime.date(y, 1, 31) <= end],
        state__in=[RevisionState.DRAFT, RevisionState.SUBMITTED, RevisionState.ADOPTED],
    ).select_related("agenda__sectorkamer"):
        yield Deadline(
            DeadlineKind.AGENDA_REVISION,
            f"revision:{revision.pk}",
            datetime.date(revision.year, 1, 31),
            _("Agenda %(s)s %(year)s must be ratified before 1 February")
            % {"s": revision.agenda.sectorkamer.abbreviation, "year": revision.year},
            reverse("agendas:revision_detail", args=[revision.pk]),
            {
                "secretary": people.secretaries[revision.agenda.sectorkamer_id],
                "board": people.board,
            },
        )


def _meetings(start, end) -> dict:
    """The sectorkamer meeting of each cycle year that falls in the window: year -> day."""
    return dict(
        CycleMilestone.objects.filter(
            kind=MilestoneKind.MEETING, starts_on__gte=start, starts_on__lte=end
        ).values_list("year", "starts_on")
    )


@deadline_source
def open_signal_deadlines(start, end, people):
    """The atlas's top signals a revision has neither addressed nor set aside, due at the
    sectorkamer meeting of its cycle (the meeting milestone): for the secretary and the
    members, while the revision is not yet adopted. Two queries for any number."""
    meetings = _meetings(start, end)
    if not meetings:
        return
    still_open = (
        top_signals(sectorkamer_id=OuterRef("agenda__sectorkamer_id"), year=OuterRef("year"))
        .exclude(responses__revision=OuterRef("pk"))
        .order_by().values("year").annotate(n=Count("pk")).values("n")
    )  # fmt: skip
    revisions = (
        AgendaRevision.objects.filter(
            year__in=meetings, state__in=[RevisionState.DRAFT, RevisionState.SUBMITTED]
        )
        .select_related("agenda__sectorkamer")
        .annotate(open_signals=Subquery(still_open, output_field=IntegerField()))
        .filter(open_signals__gt=0)
    )
    for revision in revisions:
        kamer = revision.agenda.sectorkamer
        yield Deadline(
            DeadlineKind.ATLAS_SIGNALS,
            f"signals:{revision.pk}",
            meetings[revision.year],
            ngettext(
                "%(n)s top signal of the atlas %(s)s %(year)s is still open for the meeting",
                "%(n)s top signals of the atlas %(s)s %(year)s are still open for the meeting",
                revision.open_signals,
            )
            % {"n": revision.open_signals, "s": kamer.abbreviation, "year": revision.year},
            reverse("atlas:sectorkamer", args=[kamer.code, revision.year]),
            {"secretary": people.secretaries[kamer.pk], "members": people.members[kamer.pk]},
        )


@deadline_source
def undecided_topic_deadlines(start, end, people):
    """Agenda topics still undecided, per sectorkamer and cycle year, due at that cycle's
    sectorkamer meeting (the meeting milestone): for the secretary. Two queries."""
    meetings = _meetings(start, end)
    if not meetings:
        return
    groups = (
        AgendaTopic.objects.filter(year__in=meetings, state__in=OPEN_TOPIC_STATES)
        .values("sectorkamer_id", "sectorkamer__code", "sectorkamer__abbreviation", "year")
        .annotate(n=Count("pk"))
        .order_by("year", "sectorkamer__code")
    )
    for group in groups:
        kamer_id, year = group["sectorkamer_id"], group["year"]
        yield Deadline(
            DeadlineKind.AGENDA_TOPICS,
            f"topics:{kamer_id}:{year}",
            meetings[year],
            ngettext(
                "%(n)s agenda topic for %(s)s %(year)s is still to decide before the meeting",
                "%(n)s agenda topics for %(s)s %(year)s are still to decide before the meeting",
                group["n"],
            )
            % {"n": group["n"], "s": group["sectorkamer__abbreviation"], "year": year},
            reverse("agendas:topic_list", args=[group["sectorkamer__code"]]) + f"?year={year}",
            {"secretary": people.secretaries[kamer_id]},
        )

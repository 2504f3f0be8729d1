"""What agendas puts on people's attention lists (see notifications/registry.py): the
secretary's next step on this cycle's revision and its open atlas signals, the board's
revisions to ratify and the sectorkamers running late."""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.timeutils import cycle_year_for
from notifications.models import CycleMilestone, MilestoneKind
from notifications.registry import ATTENTION_LIMIT, AttentionItem, attention_source
from regions.models import Role, Sectorkamer

from .models import OPEN_TOPIC_STATES, AgendaRevision, AgendaTopic, RevisionState
from .selectors import ratification_queue, with_signal_coverage

# The secretary's next step, per state of this cycle's revision: (title, action).
NEXT_STEP = {
    RevisionState.DRAFT: (
        gettext_lazy("Agenda %(s)s %(year)s is a draft: submit it to the sectorkamer"),
        gettext_lazy("Open the draft"),
    ),
    RevisionState.SUBMITTED: (
        gettext_lazy("Agenda %(s)s %(year)s is submitted: record its adoption"),
        gettext_lazy("Record adoption"),
    ),
    RevisionState.ADOPTED: (
        gettext_lazy("Agenda %(s)s %(year)s is adopted and waits for the SBB board"),
        gettext_lazy("Follow the ratification"),
    ),
}
# A sectorkamer is late when its revision is not adopted this close to 1 February.
LATE_WITHIN_DAYS = 31


def _due(year: int) -> datetime.date:
    """The last Amsterdam day to ratify the revision of cycle ``year``."""
    return datetime.date(year, 1, 31)


def _cycle_revisions(sectorkamer_ids, year):
    return {
        r.agenda.sectorkamer_id: r
        for r in AgendaRevision.objects.filter(
            agenda__sectorkamer_id__in=sectorkamer_ids, year=year
        ).select_related("agenda__sectorkamer")
    }


@attention_source
def revision_steps(user, roles, today):
    """Secretary: this cycle's revision of each of their sectorkamers, with its next step
    (or a revision still to start), due 31 January; and its open top signals of the atlas
    (secretary and members) while it is not adopted. Three queries."""
    kamers = roles.secretary_of | roles.member_of
    if not kamers:
        return
    year = cycle_year_for(today)
    revisions = _cycle_revisions(kamers, year)
    for kamer in Sectorkamer.objects.filter(pk__in=roles.secretary_of).order_by("code"):
        revision = revisions.get(kamer.pk)
        names = {"s": kamer.abbreviation, "year": year}
        if revision is None:
            yield AttentionItem(
                "revision_start", f"sectorkamer:{kamer.pk}:{year}",
                _("The agenda revision %(s)s %(year)s is not started yet") % names,
                _("Start the revision"),
                reverse("agendas:sectorkamer_detail", args=[kamer.code]), _due(year),
            )  # fmt: skip
        elif revision.state in NEXT_STEP:
            title, action = NEXT_STEP[revision.state]
            yield AttentionItem(
                f"revision_{revision.state}", f"revision:{revision.pk}", title % names,
                str(action), reverse("agendas:revision_detail", args=[revision.pk]), _due(year),
            )  # fmt: skip
    open_revisions = [
        r for r in revisions.values() if r.state in (RevisionState.DRAFT, RevisionState.SUBMITTED)
    ]
    for revision in with_signal_coverage(open_revisions):
        still_open = revision.coverage[2]
        if still_open:
            kamer = revision.agenda.sectorkamer
            yield AttentionItem(
                "atlas_signals", f"signals:{revision.pk}",
                ngettext(
                    "%(n)s top signal of the atlas %(s)s %(year)s is not answered in the agenda",
                    "%(n)s top signals of the atlas %(s)s %(year)s are not answered in the agenda",
                    still_open,
                ) % {"n": still_open, "s": kamer.abbreviation, "year": revision.year},
                _("Answer the signals"),
                reverse("atlas:sectorkamer", args=[kamer.code, revision.year]), _due(year),
            )  # fmt: skip


@attention_source
def board_ratification(user, roles, today):
    """Board: revisions awaiting ratification; and sectorkamers whose revision is late (not
    yet adopted within a month of 1 February) or overdue (1 February passed unratified).
    Three queries."""
    if not roles.has(Role.BOARD_MEMBER):
        return
    for revision in ratification_queue()[:ATTENTION_LIMIT]:
        yield AttentionItem(
            "ratify", f"revision:{revision.pk}",
            _("Agenda %(s)s %(year)s awaits your ratification")
            % {"s": revision.agenda.sectorkamer.abbreviation, "year": revision.year},
            _("Ratify or return"),
            reverse("agendas:revision_detail", args=[revision.pk]), _due(revision.year),
        )  # fmt: skip
    year = cycle_year_for(today)
    overdue = (
        AgendaRevision.objects.filter(
            year=year - 1,
            state__in=[RevisionState.DRAFT, RevisionState.SUBMITTED],
        )
        .select_related("agenda__sectorkamer")
        .order_by("agenda__sectorkamer__code")
    )
    for revision in overdue[:ATTENTION_LIMIT]:
        yield AttentionItem(
            "sectorkamer_overdue", f"revision:{revision.pk}",
            _("Agenda %(s)s %(year)s missed 1 February: it is still '%(state)s'")
            % {"s": revision.agenda.sectorkamer.abbreviation, "year": revision.year,
               "state": revision.get_state_display()},
            _("Open the revision"),
            reverse("agendas:revision_detail", args=[revision.pk]), _due(revision.year),
        )  # fmt: skip
    if (_due(year) - today).days > LATE_WITHIN_DAYS:
        return
    revisions = _cycle_revisions(Sectorkamer.objects.values("pk"), year)
    for kamer in Sectorkamer.objects.order_by("code"):
        revision = revisions.get(kamer.pk)
        if revision is not None and revision.state not in (
            RevisionState.DRAFT,
            RevisionState.SUBMITTED,
        ):
            continue
        state = revision.get_state_display() if revision else _("not started")
        yield AttentionItem(
            "sectorkamer_late", f"sectorkamer:{kamer.pk}:{year}",
            _("Agenda %(s)s %(year)s is late: it is '%(state)s'")
            % {"s": kamer.abbreviation, "year": year, "state": state},
            _("See the sectorkamer"),
            reverse("agendas:sectorkamer_detail", args=[kamer.code]), _due(year),
        )  # fmt: skip


@attention_source
def topics_to_decide(user, roles, today):
    """Secretary: agenda topics of their sectorkamers still to decide, per cycle year, due at
    that cycle's sectorkamer meeting. One query, two when there are any."""
    if not roles.secretary_of:
        return
    groups = list(
        AgendaTopic.objects.filter(
            sectorkamer_id__in=roles.secretary_of, state__in=OPEN_TOPIC_STATES
        )
        .values("sectorkamer__code", "sectorkamer__abbreviation", "year")
        .annotate(n=Count("pk"))
        .order_by("year", "sectorkamer__code")[:ATTENTION_LIMIT]
    )  # fmt: skip
    if not groups:
        return
    meetings = dict(
        CycleMilestone.objects.filter(
            kind=MilestoneKind.MEETING, year__in={g["year"] for g in groups}
        ).values_list("year", "starts_on")
    )
    for group in groups:
        code, year = group["sectorkamer__code"], group["year"]
        yield AttentionItem(
            "agenda_topics", f"topics:{code}:{year}",
            ngettext(
                "%(n)s agenda topic for %(s)s %(year)s waits for your decision",
                "%(n)s agenda topics for %(s)s %(year)s wait for your decision",
                group["n"],
            ) % {"n": group["n"], "s": group["sectorkamer__abbreviation"], "year": year},
            _("Decide on the topics"),
            reverse("agendas:topic_list", args=[code]) + f"?year={year}",
            meetings.get(year, datetime.date(year, 1, 15)),
        )  # fmt: skip

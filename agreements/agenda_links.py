"""What agreements registers with agendas (from ``AgreementsConfig.ready()``): the agreements
under a revision's priorities with their roll-up, for the agenda's page, and the open
agreements that hold an agenda's last year."""

import datetime
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, When, Window
from django.db.models.functions import RowNumber
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import OPEN_STATES, Agreement, AgreementState
from .selectors import AGREEMENTS_SHOWN, average_of_sums


def agreements_by_lineage(revision) -> dict:
    """The first AGREEMENTS_SHOWN agreements (by deadline) of each priority of ``revision``,
    keyed by the priority's lineage; each row carries its lineage's count and the sums of
    its roll-up (window aggregates over all of them): one query, one page per priority.

    A yearly revision copies its priorities; the still-open agreements made under an earlier
    copy of the same priority stay linked to it."""
    lineages = [p.lineage for p in revision.priorities.all()]
    live = Q(progress__isnull=False) & ~Q(
        state__in=[AgreementState.DRAFT, AgreementState.CANCELLED]
    )
    per_lineage = {"partition_by": [F("priority__lineage")]}
    sums = DecimalField(max_digits=20, decimal_places=3)

    def over_live(value):
        return Window(Sum(Case(When(live, then=value), output_field=sums)), **per_lineage)

    agreements = (
        Agreement.objects.filter(
            priority__lineage__in=lineages, priority__revision__agenda_id=revision.agenda_id
        )
        .filter(Q(priority__revision=revision) | Q(state__in=OPEN_STATES))
        .annotate(
            rank=Window(RowNumber(), order_by=[F("deadline").asc(), F("pk").asc()],
                        **per_lineage),
            lineage_count=Window(Count("pk"), **per_lineage),
            weighted=over_live(F("progress") * F("weight")),
            weights=over_live(F("weight")),
            total=over_live(F("progress")),
            counted=Window(Count(Case(When(live, then=F("pk")))), **per_lineage),
        )
        .filter(rank__lte=AGREEMENTS_SHOWN)
        .select_related("priority")
        .only("title", "state", "deadline", "weight", "progress", "priority__lineage")
        .order_by("deadline", "pk")
    )  # fmt: skip
    found = {}
    for agreement in agreements:
        found.setdefault(agreement.priority.lineage, []).append(agreement)
    return found


def lineage_rollup(agreements) -> Decimal | None:
    """The roll-up of a priority, from the sums on the rows of :func:`agreements_by_lineage`:
    the (weighted) average progress of its live agreements, all of them, not only those shown."""
    if not agreements:
        return None
    first = agreements[0]
    return average_of_sums(first.weighted, first.weights, first.total, first.counted)


def annotate_agenda_priorities(revision, priorities) -> None:
    """Each priority of ``revision`` gets its agreements (kept across yearly revisions through
    its lineage), their roll-up and how many more there are: for the agenda's page."""
    agreements = agreements_by_lineage(revision)
    for priority in priorities:
        found = agreements.get(priority.lineage, [])
        priority.rollup = lineage_rollup(found)  # over all of them
        priority.agreement_list = found
        total = found[0].lineage_count if found else 0
        priority.more_agreements = max(0, total - AGREEMENTS_SHOWN)


PERIOD_CHECK_NAMED = 5  # agreements named in the refusal; the rest are counted


def agreements_running_past(agenda, last_year: int) -> list[str]:
    """Open agreements under ``agenda`` (directly, or regional commitments working one out)
    whose deadline lies after ``last_year``: an agenda may not end before them."""
    past = Agreement.objects.filter(
        Q(priority__revision__agenda=agenda) | Q(parent__priority__revision__agenda=agenda),
        state__in=OPEN_STATES,
        deadline__gt=datetime.date(last_year, 12, 31),
    ).order_by("deadline", "pk")
    rows = list(past.values_list("title", "deadline")[: PERIOD_CHECK_NAMED + 1])
    named = [
        _("'%(title)s' (deadline %(deadline)s)")
        % {"title": title, "deadline": formats.date_format(deadline, "SHORT_DATE_FORMAT")}
        for title, deadline in rows[:PERIOD_CHECK_NAMED]
    ]
    if len(rows) > PERIOD_CHECK_NAMED:
        more = past.count() - PERIOD_CHECK_NAMED
        named.append(ngettext("and %(n)s more agreement", "and %(n)s more agreements", more)
                     % {"n": more})  # fmt: skip
    return named

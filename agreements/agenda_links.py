"""What agreements registers with agendas (from ``AgreementsConfig.ready()``): the agreements
under a revision's priorities with their roll-up, for the agenda's page, and the open
agreements that hold an agenda's last year."""

import datetime

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import OPEN_STATES, Agreement
from .selectors import AGREEMENTS_SHOWN, agreements_by_lineage, lineage_rollup


def annotate_agenda_priorities(revision, priorities) -> None:
    """Each priority of ``revision`` gets its agreements (kept across yearly revisions through
    its lineage), their roll-up and how many more there are: for the agenda's page."""
    agreements = agreements_by_lineage(revision)
    for priority in priorities:
        found = agreements.get(priority.lineage, [])
        priority.rollup = lineage_rollup(found)  # over all of them
        priority.agreement_list = found[:AGREEMENTS_SHOWN]
        priority.more_agreements = max(0, len(found) - AGREEMENTS_SHOWN)


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

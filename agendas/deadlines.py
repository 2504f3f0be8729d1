"""The deadlines agendas registers with notifications (see notifications/registry.py)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import DeadlineKind
from notifications.registry import Deadline, deadline_source

from .models import AgendaRevision, RevisionState


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

"""The deadlines arbitration registers with notifications (see notifications/registry.py).
Their titles never carry a dossier's content: its reference and the step only."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import DeadlineKind
from notifications.registry import Deadline, deadline_source

from .models import ProceduralDeadline


@deadline_source
def procedural_deadlines(start, end, people):
    """Every open procedural deadline, to whom the step belongs."""
    procedural = (
        ProceduralDeadline.objects.filter(due__range=(start, end), met_at__isnull=True)
        .select_related("dossier")
        .prefetch_related("dossier__parties", "dossier__panel__arbiter")
    )
    for deadline in procedural.iterator(chunk_size=2000):  # memory bounded: read in chunks
        dossier = deadline.dossier
        sides = defaultdict(list)
        for party in dossier.parties.all():
            sides[party.side].append(party.organisation_id)
        panel = {m.arbiter.user_id for m in dossier.panel.all() if m.replaced_at is None}
        concerned = {
            "admissibility": people.secretariat,
            "challenge": people.of(sides["claimant"] + sides["respondent"]) | people.secretariat,
            "defence": people.of(sides["respondent"]),
            "hearing": people.secretariat | panel,
            "award": panel,
        }[deadline.kind]
        yield Deadline(
            DeadlineKind.ARBITRATION,
            f"arbitration:{deadline.pk}",
            deadline.due,
            _("%(reference)s: %(step)s due")
            % {"reference": dossier.reference, "step": deadline.get_kind_display()},
            reverse("arbitration:dossier_detail", args=[dossier.pk]),
            {"participants": concerned, "secretariat": people.secretariat},
            at=dossier.hearing_at if deadline.kind == "hearing" else None,
        )

"""What arbitration puts on people's attention lists (see notifications/registry.py). Like
its deadlines, the items never carry a dossier's content: its reference and the step only."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.registry import ATTENTION_LIMIT, AttentionItem, attention_source
from regions.models import Role

from .models import (
    FINAL_STATES,
    Challenge,
    ChallengeDecision,
    DeadlineKind,
    DossierState,
    PanelMember,
    ProceduralDeadline,
)

# The secretariat sees procedural deadlines from this many days ahead (and every overdue one).
SECRETARIAT_WITHIN_DAYS = 7


def _dossier(dossier, anchor=""):
    return reverse("arbitration:dossier_detail", args=[dossier.pk]) + anchor


@attention_source
def secretariat_desk(user, roles, today):
    """The arbitration secretariat: admissibility decisions waiting, other procedural deadlines
    overdue or due within the week, and challenges of arbiters to decide. Three queries."""
    if not roles.has(Role.ARBITRATION_SECRETARIAT):
        return
    open_deadlines = ProceduralDeadline.objects.filter(met_at__isnull=True).select_related(
        "dossier"
    )
    waiting = open_deadlines.filter(
        kind=DeadlineKind.ADMISSIBILITY, dossier__state=DossierState.FILED
    ).order_by("due", "pk")
    for deadline in waiting[:ATTENTION_LIMIT]:
        yield AttentionItem(
            "admissibility", f"dossier:{deadline.dossier_id}",
            _("%(reference)s: decide on admissibility") % {"reference": deadline.dossier},
            _("Decide on admissibility"), _dossier(deadline.dossier), deadline.due,
        )  # fmt: skip
    soon = (
        open_deadlines.exclude(kind=DeadlineKind.ADMISSIBILITY)
        .exclude(dossier__state__in=FINAL_STATES)
        .filter(due__lte=today + datetime.timedelta(days=SECRETARIAT_WITHIN_DAYS))
        .order_by("due", "pk")
    )
    for deadline in soon[:ATTENTION_LIMIT]:
        yield AttentionItem(
            "procedural", f"deadline:{deadline.pk}",
            _("%(reference)s: %(step)s due")
            % {"reference": deadline.dossier, "step": deadline.get_kind_display()},
            _("Open the dossier"), _dossier(deadline.dossier), deadline.due,
        )  # fmt: skip
    challenges = (
        Challenge.objects.filter(decision=ChallengeDecision.PENDING)
        .select_related("panel_member__dossier")
        .order_by("filed_at", "pk")
    )
    for challenge in challenges[:ATTENTION_LIMIT]:
        dossier = challenge.panel_member.dossier
        yield AttentionItem(
            "challenge", f"challenge:{challenge.pk}",
            _("%(reference)s: a challenge of an arbiter waits for a decision")
            % {"reference": dossier},
            _("Decide on the challenge"), _dossier(dossier, "#panel-heading"),
        )  # fmt: skip


@attention_source
def arbiter_seats(user, roles, today):
    """An arbiter: each running dossier on which they sit, with its next step: the
    independence declaration still to sign, or the nearest open deadline. One query."""
    if not roles.has(Role.ARBITER):
        return
    seats = (
        PanelMember.objects.filter(arbiter__user=user, replaced_at__isnull=True)
        .exclude(dossier__state__in=FINAL_STATES)
        .select_related("dossier")
        .prefetch_related("dossier__deadlines")
        .order_by("dossier__filed_at", "pk")
    )
    for seat in seats[:ATTENTION_LIMIT]:
        dossier = seat.dossier
        names = {"reference": dossier}
        if seat.declaration_signed_at is None:
            yield AttentionItem(
                "declaration", f"seat:{seat.pk}",
                _("%(reference)s: sign your declaration of independence") % names,
                _("Sign the declaration"), _dossier(dossier, "#panel-heading"),
            )  # fmt: skip
            continue
        upcoming = sorted(
            (d for d in dossier.deadlines.all() if d.met_at is None), key=lambda d: d.due
        )
        if upcoming:
            step = upcoming[0]
            yield AttentionItem(
                "dossier_step", f"deadline:{step.pk}",
                _("%(reference)s: %(step)s due") % {**names, "step": step.get_kind_display()},
                _("Open the dossier"), _dossier(dossier), step.due,
            )  # fmt: skip

"""What shared practice puts on people's attention lists."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.registry import ATTENTION_LIMIT, AttentionItem, attention_source

from .models import Practice, PracticeState


@attention_source
def practices_to_review(user, roles, today):
    """Secretary: shared practice of their sectorkamers waiting for review, oldest first.
    One query for a secretary, none for anyone else."""
    if not roles.secretary_of:
        return
    waiting = (
        Practice.objects.filter(
            sectorkamer_id__in=roles.secretary_of, state=PracticeState.SUBMITTED
        )
        .only("pk", "title", "state")  # the state: the concurrency mixin reads it on load
        .order_by("submitted_at", "pk")[:ATTENTION_LIMIT]
    )
    for practice in waiting:
        yield AttentionItem(
            "practice_review", f"practice:{practice.pk}",
            _("Shared practice '%(title)s' waits for your review") % {"title": practice.title},
            _("Publish or return"),
            reverse("practices:detail", args=[practice.pk]),
        )  # fmt: skip

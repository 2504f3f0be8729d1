"""Every write of shared practice: sharing it, publishing it, returning it."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from core.services import require_perm, validated_save
from core.workflow import run_transition
from regions.models import User

from .models import Practice


def _practice_event(practice, event: str, actor, recipients) -> None:
    from notifications.models import NotificationKind
    from notifications.services import notify_event

    labels = {
        "submitted": _("submitted for review"),
        "published": _("published"),
        "returned": _("returned"),
    }
    notify_event(
        actor=actor, recipients=recipients, subject=f"practice:{practice.pk}", event=event,
        kind=NotificationKind.AGREEMENT,
        title=_("Practice '%(title)s': %(event)s")
        % {"title": practice.title, "event": labels[event]},
        body=practice.return_reason,
        url=reverse("practices:detail", args=[practice.pk]),
    )  # fmt: skip


@transaction.atomic
def submit_practice(
    *,
    actor: User,
    kind: str,
    category: str,
    title: str,
    what_was_done: str,
    result: str,
    lessons: str,
    agreement: Agreement | None = None,
    priority=None,
    regions: Iterable = (),
    contact_organisation=None,
) -> Practice:
    """Share what was learned, good or bad, on an agreement or an agenda priority; the
    sectorkamer's secretaries review it before anyone else sees it."""
    from regions.models import Role
    from regions.selectors import users_with_role

    subject = agreement if agreement is not None else priority
    if subject is None:
        raise ValidationError(
            {"agreement": _("Say which agreement or agenda priority the practice is about.")}
        )
    require_perm(actor, "practices.submit_practice", subject)
    sectorkamer_id = (
        agreement.sectorkamer_id if agreement is not None
        else priority.revision.agenda.sectorkamer_id
    )  # fmt: skip
    if sectorkamer_id is None:
        raise ValidationError(
            {"agreement": _("This regional commitment serves no sectorkamer: share the practice "
                            "on the sector agreement it works out.")}
        )  # fmt: skip
    contact_organisation = contact_organisation or actor.organisation
    if contact_organisation is None:
        raise ValidationError(
            {"contact_organisation": _("Name the organisation others can contact about it.")}
        )
    practice = Practice(
        sectorkamer_id=sectorkamer_id, agreement=agreement,
        priority=priority if agreement is None else agreement.priority, kind=kind,
        category=category, title=title, what_was_done=what_was_done, result=result,
        lessons=lessons, contact_organisation=contact_organisation, submitted_by=actor,
    )  # fmt: skip
    practice._history_user = actor
    validated_save(practice)
    practice.regions.set(list(regions))
    _practice_event(
        practice, "submitted", actor,
        users_with_role(Role.SECTORKAMER_SECRETARY, sectorkamer_id=sectorkamer_id),
    )  # fmt: skip
    return practice


@transaction.atomic
def publish_practice(*, actor: User, practice: Practice, comment: str = "") -> Practice:
    """The secretary publishes the practice: every user, and the public register, see it."""
    run_transition(practice, "publish", actor=actor, comment=comment, at=timezone.now())
    _practice_event(practice, "published", actor, [practice.submitted_by])
    return practice


@transaction.atomic
def return_practice(*, actor: User, practice: Practice, comment: str) -> Practice:
    """The secretary returns the practice with the reason (what to change before sharing
    it again); it stays visible to the sectorkamer and the submitter only."""
    run_transition(practice, "return", actor=actor, comment=comment, at=timezone.now())
    _practice_event(practice, "returned", actor, [practice.submitted_by])
    return practice

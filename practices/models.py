"""Shared practice: what parties learned carrying out an agreement or working on an agenda
priority, good or bad, reviewed by the sectorkamer's secretary and then published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, Category
from core.workflow import logged_transition


class PracticeKind(models.TextChoices):
    GOOD = "good", _("good practice")
    BAD = "bad", _("lesson from what did not work")


class PracticeState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted for review")
    PUBLISHED = "published", _("published")
    RETURNED = "returned", _("returned")


class Practice(ConcurrentTransitionMixin, models.Model):
    """What a party learned carrying out an agreement or working on a priority, good or bad,
    shared with the others: reviewed by the sectorkamer's secretary, then published (also on
    the public register) or returned with the reason."""

    STATE_FIELD = "state"

    sectorkamer = models.ForeignKey(
        "regions.Sectorkamer", verbose_name=_("sectorkamer"), on_delete=models.PROTECT,
        related_name="practices",
    )  # fmt: skip
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="practices",
    )  # fmt: skip
    priority = models.ForeignKey(
        "agendas.Priority", verbose_name=_("priority"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="practices",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=PracticeKind.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("title"), max_length=255)
    what_was_done = models.TextField(_("what was done"))
    result = models.TextField(_("result"))
    lessons = models.TextField(_("lessons for others"))
    regions = models.ManyToManyField(
        "regions.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio's"), blank=True,
        related_name="practices",
    )  # fmt: skip
    contact_organisation = models.ForeignKey(
        "regions.Organisation", verbose_name=_("contact organisation"), on_delete=models.PROTECT,
        related_name="practices",
    )  # fmt: skip
    state = FSMField(
        _("state"), max_length=12, choices=PracticeState.choices,
        default=PracticeState.SUBMITTED, protected=True,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    history = HistoricalRecords(excluded_fields=["submitted_at"], m2m_fields=[regions])

    class Meta:
        ordering = ["-reviewed_at", "-submitted_at", "-pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False) | Q(priority__isnull=False),
                name="practice_about_an_agreement_or_a_priority",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="returned_practice_has_a_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "sectorkamer", "category"]),
            models.Index(fields=["sectorkamer", "state", "submitted_at"]),
        ]

    def __str__(self):
        return self.title

    @logged_transition(
        source=PracticeState.SUBMITTED,
        target=PracticeState.PUBLISHED,
        permission="practices.review_practice",
    )
    def publish(self, by=None, description=None, *, at=None):
        self.reviewed_at = at

    @logged_transition(
        source=PracticeState.SUBMITTED,
        target=PracticeState.RETURNED,
        permission="practices.review_practice",
    )
    def return_to_submitter(self, by=None, description=None, *, at=None):
        self.reviewed_at, self.return_reason = at, description or ""

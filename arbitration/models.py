"""Arbitration: agreements to arbitrate, the arbiter roster, dossiers with their state machine,
panels, challenges, procedural deadlines, confidential documents and awards."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField
from simple_history.models import HistoricalRecords

from core.files import private_storage
from core.timeutils import local_today
from core.workflow import logged_transition


def document_path(instance, filename):
    return f"arbitration/{instance.dossier_id}/{uuid.uuid4().hex}"


def agreement_document_path(instance, filename):
    return f"arbitration/agreements/{uuid.uuid4().hex}"


class ArbitrationAgreement(models.Model):
    """An organisation's agreement to arbitrate (overeenkomst van arbitrage): it accepts the
    appointment and rulings of arbiters in advance, for a sectorkamer or named agreements."""

    organisation = models.ForeignKey(
        "regions.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="arbitration_agreements",
    )  # fmt: skip
    signed_on = models.DateField(_("signed on"))
    signatory = models.CharField(_("signatory"), max_length=200)
    document = models.FileField(
        _("signed document"), storage=private_storage, upload_to=agreement_document_path,
        blank=True,
    )  # fmt: skip
    sectorkamer = models.ForeignKey(
        "regions.Sectorkamer", verbose_name=_("all agreements of sectorkamer"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )  # fmt: skip
    agreements = models.ManyToManyField(
        "agreements.Agreement", verbose_name=_("named agreements"), blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "-signed_on"]
        verbose_name = _("arbitration agreement")
        verbose_name_plural = _("arbitration agreements")

    def __str__(self):
        return f"{self.organisation} ({self.signed_on})"


class ArbiterProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
        related_name="arbiter_profile",
    )  # fmt: skip
    expertise = models.ManyToManyField(
        "regions.Sectorkamer", verbose_name=_("expertise (sectorkamers)"), blank=True,
        related_name="+",
    )  # fmt: skip
    themes = models.CharField(_("themes"), max_length=255, blank=True)
    available = models.BooleanField(_("available"), default=True)

    class Meta:
        ordering = ["user__last_name", "user__username"]
        verbose_name = _("arbiter")
        verbose_name_plural = _("arbiters")

    def __str__(self):
        return str(self.user)


class Affiliation(models.Model):
    arbiter = models.ForeignKey(
        ArbiterProfile, on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        "regions.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self):
        return f"{self.arbiter} @ {self.organisation}"


class ProceduralRuleSet(models.Model):
    """The procedural terms in calendar days, versioned: a dossier keeps the version in force
    when it was filed. Edited by the secretariat in the administration."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    valid_from = models.DateField(_("valid from"))
    admissibility_days = models.PositiveIntegerField(
        _("admissibility decision (days after filing)"), default=14
    )
    challenge_days = models.PositiveIntegerField(
        _("challenge period (days after the panel is proposed)"), default=28
    )
    defence_days = models.PositiveIntegerField(
        _("defence (days after the panel is constituted)"), default=42
    )
    hearing_days = models.PositiveIntegerField(_("hearing (days after the defence)"), default=56)
    award_days = models.PositiveIntegerField(_("award (days after the hearing)"), default=42)
    affiliation_years = models.PositiveIntegerField(
        _("years an affiliation with a party disqualifies an arbiter"), default=3
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("procedural rule set")
        verbose_name_plural = _("procedural rule sets")

    def __str__(self):
        return f"v{self.version} ({self.valid_from})"

    @classmethod
    def current(cls, day=None):
        day = day or local_today()
        rules = cls.objects.filter(valid_from__lte=day).order_by("-valid_from", "-version").first()
        return rules or cls(version=0, valid_from=day)  # the defaults, unsaved


class DossierSequence(models.Model):
    """The last reference number handed out per year (locked while numbering)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class DossierState(models.TextChoices):
    DRAFT = "draft", _("draft")
    FILED = "filed", _("filed")
    ADMITTED = "admitted", _("admitted")
    INADMISSIBLE = "inadmissible", _("inadmissible")
    PANEL_PROPOSED = "panel_proposed", _("panel proposed")
    PANEL_CONSTITUTED = "panel_constituted", _("panel constituted")
    DEFENCE_SUBMITTED = "defence_submitted", _("defence submitted")
    HEARING_SCHEDULED = "hearing_scheduled", _("hearing scheduled")
    HEARING_HELD = "hearing_held", _("hearing held")
    AWARD_ISSUED = "award_issued", _("award issued")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SETTLED = "settled", _("settled")


BEFORE_AWARD = [
    DossierState.FILED, DossierState.ADMITTED, DossierState.PANEL_PROPOSED,
    DossierState.PANEL_CONSTITUTED, DossierState.DEFENCE_SUBMITTED,
    DossierState.HEARING_SCHEDULED, DossierState.HEARING_HELD,
]  # fmt: skip
FINAL_STATES = [DossierState.INADMISSIBLE, DossierState.CLOSED, DossierState.WITHDRAWN,
                DossierState.SETTLED]  # fmt: skip


class DisputeKind(models.TextChoices):
    CONTENT = "content", _("the content of the agreement")
    PERFORMANCE = "performance", _("performance of the agreement (nakoming)")


class Dossier(ConcurrentTransitionMixin, models.Model):
    STATE_FIELD = "state"

    reference = models.CharField(_("reference"), max_length=13, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind of dispute"), max_length=12, choices=DisputeKind.choices)
    claim = models.TextField(_("claim"))
    ruling_requested = models.TextField(_("ruling requested"), blank=True)
    agreements = models.ManyToManyField(
        "agreements.Agreement", verbose_name=_("agreements in dispute"), blank=True,
        related_name="dossiers",
    )  # fmt: skip
    notice_conflict = models.ForeignKey(
        "agreements.NoticeConflict", verbose_name=_("escalated notice conflict"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="dossiers",
    )  # fmt: skip
    rule_set = models.ForeignKey(
        ProceduralRuleSet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = FSMField(_("state"), max_length=20, choices=DossierState.choices,
                     default=DossierState.DRAFT, protected=True)  # fmt: skip
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    hearing_at = models.DateTimeField(_("hearing at"), null=True, blank=True)
    hearing_place = models.CharField(_("hearing place"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes of the hearing"), blank=True)
    settlement_terms = models.TextField(_("settlement terms"), blank=True)
    panel_notes = models.TextField(_("internal notes of the panel"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by the retention run when a closed dossier's contents were removed.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "panel_notes", "anonymised_at"])

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [models.Index(fields=["state", "filed_at"])]

    def __str__(self):
        return self.reference or str(_("draft dossier %(id)s") % {"id": self.pk})

    def get_absolute_url(self):
        return reverse("arbitration:dossier_detail", args=[self.pk])

    # -- transitions; guards with data are checked by the services ---------------------

    @logged_transition(
        source=DossierState.DRAFT, target=DossierState.FILED, permission="arbitration.file_dossier"
    )
    def file(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.FILED,
        target=DossierState.ADMITTED,
        permission="arbitration.decide_admissibility",
    )
    def admit(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.FILED,
        target=DossierState.INADMISSIBLE,
        permission="arbitration.decide_admissibility",
    )
    def reject(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.ADMITTED,
        target=DossierState.PANEL_PROPOSED,
        permission="arbitration.manage_panel",
    )
    def propose_panel(self, by=None, description=None):
        pass

    def constitution_problems(self) -> list[str]:
        """Why the proposed panel cannot be constituted yet (empty when it can): every
        arbiter signed the independence declaration, the challenge period is over (Amsterdam
        date) and no challenge is still to be decided."""
        from core.timeutils import local_today

        problems = []
        members = [m for m in self.panel.all() if m.replaced_at is None]
        if any(m.declaration_signed_at is None for m in members):
            problems.append(_("Every arbiter must first sign the independence declaration."))
        # A list annotates both (selectors.dossier_queryset), so its rows ask no query each.
        if hasattr(self, "challenge_due"):
            due = self.challenge_due
        else:
            deadline = self.deadlines.filter(kind=DeadlineKind.CHALLENGE).first()
            due = deadline and deadline.due
        if due is not None and local_today() <= due:
            problems.append(_("The challenge period runs until %(day)s.") % {"day": due})
        if hasattr(self, "challenge_pending"):
            pending = self.challenge_pending
        else:
            pending = Challenge.objects.filter(
                panel_member__dossier=self, decision=ChallengeDecision.PENDING
            ).exists()
        if pending:
            problems.append(_("A challenge is still to be decided."))
        return problems

    def panel_ready(self) -> bool:
        return not self.constitution_problems()

    @logged_transition(
        source=DossierState.PANEL_PROPOSED,
        target=DossierState.PANEL_CONSTITUTED,
        permission="arbitration.manage_panel",
        conditions=[panel_ready],
    )
    def constitute(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.PANEL_CONSTITUTED,
        target=DossierState.DEFENCE_SUBMITTED,
        permission="arbitration.submit_defence",
    )
    def submit_defence(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.DEFENCE_SUBMITTED,
        target=DossierState.HEARING_SCHEDULED,
        permission="arbitration.manage_hearing",
    )
    def schedule_hearing(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.HEARING_SCHEDULED,
        target=DossierState.HEARING_HELD,
        permission="arbitration.record_hearing",
    )
    def hold_hearing(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.HEARING_HELD,
        target=DossierState.AWARD_ISSUED,
        permission="arbitration.issue_award",
    )
    def issue_award(self, by=None, description=None):
        pass

    @logged_transition(
        source=DossierState.AWARD_ISSUED,
        target=DossierState.CLOSED,
        permission="arbitration.close_dossier",
    )
    def close(self, by=None, description=None):
        pass

    @logged_transition(
        source=BEFORE_AWARD,
        target=DossierState.WITHDRAWN,
        permission="arbitration.withdraw_dossier",
    )
    def withdraw(self, by=None, description=None):
        pass

    @logged_transition(
        source=BEFORE_AWARD, target=DossierState.SETTLED, permission="arbitration.settle_dossier"
    )
    def settle(self, by=None, description=None):
        pass


class Side(models.TextChoices):
    CLAIMANT = "claimant", _("claimant")
    RESPONDENT = "respondent", _("respondent")


class DossierParty(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "regions.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="dossier_parties",
    )  # fmt: skip
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)

    class Meta:
        ordering = ["side", "organisation__name"]
        verbose_name = _("dossier party")
        verbose_name_plural = _("dossier parties")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "organisation"], name="party_once_per_dossier"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_side_display()})"


class PanelMember(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="panel")
    arbiter = models.ForeignKey(ArbiterProfile, on_delete=models.PROTECT, related_name="seats")
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    declaration_signed_at = models.DateTimeField(_("independence declared at"), null=True,
                                                 blank=True)  # fmt: skip
    declaration = models.TextField(_("independence declaration"), blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposed_at", "pk"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "arbiter"], condition=Q(replaced_at__isnull=True),
                name="arbiter_once_on_a_panel",
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.arbiter} ({self.dossier})"

    @property
    def active(self) -> bool:
        return self.replaced_at is None


class ConflictDeclaration(models.Model):
    """An arbiter declares a conflict of interest for a dossier: never proposed for it."""

    arbiter = models.ForeignKey(ArbiterProfile, on_delete=models.CASCADE,
                                related_name="conflict_declarations")  # fmt: skip
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")

    def __str__(self):
        return f"{self.arbiter} / {self.dossier}"


class ChallengeDecision(models.TextChoices):
    PENDING = "pending", _("pending")
    SUSTAINED = "sustained", _("sustained")
    REJECTED = "rejected", _("rejected")


class Challenge(models.Model):
    """A party's challenge (wraking) of an arbiter, decided by the secretariat."""

    panel_member = models.ForeignKey(PanelMember, on_delete=models.PROTECT,
                                     related_name="challenges")  # fmt: skip
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("on behalf of"))  # fmt: skip
    reasons = models.TextField(_("reasons"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=10, choices=ChallengeDecision.choices,
                                default=ChallengeDecision.PENDING)  # fmt: skip
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return f"{self.panel_member} ({self.get_decision_display()})"


class DeadlineKind(models.TextChoices):
    ADMISSIBILITY = "admissibility", _("admissibility decision")
    CHALLENGE = "challenge", _("challenge period")
    DEFENCE = "defence", _("defence")
    HEARING = "hearing", _("hearing")
    AWARD = "award", _("award")


class ProceduralDeadline(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("deadline"), max_length=15, choices=DeadlineKind.choices)
    due = models.DateField(_("due"))
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the last extension"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("procedural deadline")
        verbose_name_plural = _("procedural deadlines")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind"], name="one_deadline_per_kind")
        ]
        indexes = [models.Index(fields=["met_at", "due"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None


class Visibility(models.TextChoices):
    ALL = "all", _("all participants")
    PANEL = "panel", _("panel and secretariat")
    SECRETARIAT = "secretariat", _("secretariat only")


class Document(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(
        _("version"), default=1, validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("title"), max_length=255)
    visibility = models.CharField(_("visible to"), max_length=12, choices=Visibility.choices)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="document_version_once")
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class ClaimDecision(models.TextChoices):
    GRANTED = "granted", _("granted")
    PARTLY = "partly", _("partly granted")
    REJECTED = "rejected", _("rejected")


class AgreementEffect(models.TextChoices):
    ACTIVE = "active", _("stays in force")
    CANCELLED = "cancelled", _("is cancelled")


class Award(models.Model):
    """The panel's award; immutable once issued (PostgreSQL refuses changes)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="award")
    decision = models.CharField(_("decision on the claim"), max_length=10,
                                choices=ClaimDecision.choices)  # fmt: skip
    reasoning = models.TextField(_("reasoning"))
    agreement_effect = models.CharField(_("effect on the agreements"), max_length=10,
                                        choices=AgreementEffect.choices)  # fmt: skip
    issued_on = models.DateField(_("issued on"))
    signed_by = models.ManyToManyField(ArbiterProfile, related_name="+",
                                       verbose_name=_("signed by"))  # fmt: skip

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return f"{self.dossier}: {self.get_decision_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("An issued award cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An issued award cannot be changed."))


class AccessKind(models.TextChoices):
    DOSSIER = "dossier", _("dossier")
    AWARD = "award", _("award")
    PANEL_NOTES = "panel_notes", _("panel notes")
    DOCUMENT = "document", _("document (description)")
    DOWNLOAD = "download", _("document (file)")
    LIST = "list", _("list")


class AccessChannel(models.TextChoices):
    PAGE = "page", _("page")
    API = "api", _("API")
    ADMIN = "admin", _("management")


class AccessLogEntry(models.Model):
    """Who opened which confidential arbitration content, when and from where: written in the
    request that showed it, never changed (a PostgreSQL trigger; removed only by the retention
    run). A list is one entry, not one per row. ``document`` keeps its id when the document is
    removed by retention (no database constraint); ``label`` says what it was."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("who"))  # fmt: skip
    roles = models.CharField(_("as"), max_length=60, blank=True)  # on the dossier, then
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    channel = models.CharField(_("through"), max_length=5, choices=AccessChannel.choices)
    kind = models.CharField(_("what"), max_length=12, choices=AccessKind.choices)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="access_log", verbose_name=_("dossier"))  # fmt: skip
    document = models.ForeignKey(
        Document, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
        related_name="+", verbose_name=_("document"),
    )  # fmt: skip
    label = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["dossier", "-at"], name="accesslog_dossier_at"),
            models.Index(fields=["at"], name="accesslog_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_kind_display()} {self.label}"

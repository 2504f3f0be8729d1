"""SMART agreements, their parties, milestones and progress; programme-offer rules; start/stop
notices of schools and the conflicts found between them."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import DEFERRED, F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField
from simple_history.models import HistoricalRecords

from agendas.models import Level
from core.timeutils import cycle_deadline, local_today
from core.workflow import logged_transition


class Category(models.TextChoices):
    PROGRAMME_OFFER = "programme_offer", _("programme offer")
    GUIDANCE = "guidance", _("information and career guidance (LOB)")
    JOB_GUARANTEE = "job_guarantee", _("job guarantee")
    INTERNSHIPS = "internships", _("internships and jobs")
    LIFELONG_LEARNING = "lifelong_learning", _("lifelong learning (LLO)")
    COOPERATION = "cooperation", _("cooperation and investment")
    OTHER = "other", _("other")


class Direction(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    REACH = "reach", _("reach")


class Cadence(models.IntegerChoices):
    MONTHLY = 1, _("monthly")
    QUARTERLY = 3, _("quarterly")
    HALF_YEARLY = 6, _("half-yearly")
    YEARLY = 12, _("yearly")


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    ACHIEVED = "achieved", _("achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")
    CANCELLED = "cancelled", _("cancelled")
    DISPUTED = "disputed", _("disputed")


OPEN_STATES = (AgreementState.DRAFT, AgreementState.PROPOSED, AgreementState.ACTIVE,
               AgreementState.DISPUTED)  # fmt: skip


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")


def progress_between(baseline, target, latest) -> Decimal | None:
    """How far ``latest`` is from ``baseline`` to ``target``, 0-100, to 0.1 (None without a
    value, a baseline or a target, or when baseline and target are the same)."""
    if latest is None or baseline is None or target is None or target == baseline:
        return None
    share = (Decimal(latest) - baseline) / (target - baseline) * 100
    return max(Decimal(0), min(Decimal(100), share)).quantize(Decimal("0.1"))


PROGRESS_FROM = ("baseline_value", "target_value", "latest_value")


class Agreement(ConcurrentTransitionMixin, models.Model):
    """A SMART agreement under an agenda priority (sector agreement) or a regional table
    (regional commitment, optionally working out a sector agreement)."""

    STATE_FIELD = "state"

    priority = models.ForeignKey(
        "agendas.Priority",
        verbose_name=_("priority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    regional_table = models.ForeignKey(
        "regions.RegionalTable",
        verbose_name=_("regional table"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("works out sector agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=255)
    # Specific
    description = models.TextField(_("what, who, where"), blank=True)
    # Measurable
    indicator = models.CharField(_("indicator"), max_length=255, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    # Realistic
    rationale = models.TextField(_("rationale (means, capacity)"), blank=True)
    # Time-bound
    start_date = models.DateField(_("start date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Lead
    owner = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("owner (lead)"),
        on_delete=models.PROTECT,
        related_name="owned_agreements",
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cadence = models.PositiveSmallIntegerField(
        _("reporting cadence"), choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    weight = models.DecimalField(
        _("weight in roll-ups"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=AgreementState.choices,
        default=AgreementState.DRAFT,
        protected=True,
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    # Kept by the services (activation, each report) so reminders can select it in the
    # database: the cadence after the last reported period, or after the start.
    next_report_due = models.DateField(_("next progress report due"), null=True, blank=True)
    # The latest progress report (by period), kept by services.report_progress so that the
    # board sorts and filters on it in the database; empty until the first report.
    latest_value = models.DecimalField(
        _("latest value"), max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    latest_status = models.CharField(  # noqa: DJ001 - NULL is "no report yet", as in SQL
        _("latest progress"), max_length=10, choices=ProgressStatus.choices, null=True,
        blank=True, editable=False,
    )  # fmt: skip
    latest_period_end = models.DateField(
        _("latest reported period until"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Derived and kept by save() (and by the regional table's sectorkamer changing), so that
    # lists filter on a column instead of three join paths: the sectorkamer whose agenda it
    # serves (its priority's, else the sector agreement's it works out, else its table's) and
    # its regional table's sectorkamer.
    sectorkamer = models.ForeignKey(
        "regions.Sectorkamer", verbose_name=_("sectorkamer"), on_delete=models.PROTECT,
        null=True, blank=True, editable=False, related_name="+", db_index=False,
    )  # fmt: skip
    table_sectorkamer = models.ForeignKey(
        "regions.Sectorkamer", verbose_name=_("sectorkamer of the regional table"),
        on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        db_index=False,
    )  # fmt: skip
    # progress_between(baseline, target, latest value), kept by save() and by the service
    # that stores the latest report, so that roll-ups are SQL aggregates
    progress = models.DecimalField(
        _("progress (%)"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=[
            "created_at", "next_report_due", "latest_value", "latest_status", "latest_period_end",
            "sectorkamer", "table_sectorkamer", "progress",
        ]
    )  # fmt: skip

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__isnull=False, regional_table__isnull=True)
                | Q(priority__isnull=True, regional_table__isnull=False),
                name="agreement_under_priority_or_table",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(start_date__isnull=True)
                | Q(deadline__gte=F("start_date")),
                name="agreement_deadline_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_report_due"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["category", "state"]),
            models.Index(fields=["owner", "state"]),
            models.Index(fields=["state", "latest_status"]),
            models.Index(fields=["deadline"]),  # the board's deadline window on its own
            models.Index(fields=["sectorkamer", "state"]),  # of_sectorkamers, twice
            models.Index(fields=["table_sectorkamer", "state"]),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._placed = self._placement()

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Derive the stored sectorkamers when the agreement is new or moved (one or two
        small queries then; none on any other save)."""
        if self._state.adding or self._placement() != self._placed:
            self.sectorkamer_id, self.table_sectorkamer_id = self.derive_sectorkamers()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "sectorkamer",
                    "table_sectorkamer",
                }
        update_fields = kwargs.get("update_fields")
        if all(field in self.__dict__ for field in PROGRESS_FROM) and (
            update_fields is None or set(update_fields) & set(PROGRESS_FROM)
        ):
            self.progress = progress_between(
                self.baseline_value, self.target_value, self.latest_value
            )
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "progress"}
        super().save(*args, **kwargs)
        self._placed = self._placement()

    def _placement(self) -> tuple:
        """Where the agreement hangs, as loaded (a deferred field is not loaded for it)."""
        fields = ("priority_id", "parent_id", "regional_table_id")
        return tuple(self.__dict__.get(field, DEFERRED) for field in fields)

    @property
    def is_regional(self) -> bool:
        return self.regional_table_id is not None

    def derive_sectorkamers(self) -> tuple:
        """(the sectorkamer whose agenda this agreement, or the one it works out, serves;
        its regional table's sectorkamer), from related objects already loaded if they are."""
        from agendas.models import Priority
        from regions.models import RegionalTable

        table = None
        if self.regional_table_id:
            if Agreement.regional_table.is_cached(self):
                table = self.regional_table.sectorkamer_id
            else:
                table = (
                    RegionalTable.objects.filter(pk=self.regional_table_id)
                    .values_list("sectorkamer_id", flat=True)
                    .first()
                )
        if self.priority_id:
            kamer = (
                Priority.objects.filter(pk=self.priority_id)
                .values_list("revision__agenda__sectorkamer_id", flat=True)
                .first()
            )
        elif self.parent_id:
            kamer = (
                self.parent.sectorkamer_id
                if Agreement.parent.is_cached(self)
                else Agreement.objects.filter(pk=self.parent_id)
                .values_list("sectorkamer_id", flat=True)
                .first()
            )
        else:
            kamer = table
        return kamer, table

    def is_overdue(self, today: datetime.date) -> bool:
        return self.state in OPEN_STATES and self.deadline is not None and self.deadline < today

    # -- transitions (guards with data are checked by the services) --------------------

    @logged_transition(
        source=AgreementState.DRAFT,
        target=AgreementState.PROPOSED,
        permission="agreements.propose_agreement",
    )
    def propose(self, by=None, description=None):
        pass

    @logged_transition(
        source=AgreementState.PROPOSED,
        target=AgreementState.ACTIVE,
        permission="agreements.accept_agreement",
    )
    def activate(self, by=None, description=None):
        pass

    @logged_transition(
        source=AgreementState.PROPOSED,
        target=AgreementState.DRAFT,
        permission="agreements.accept_agreement",
    )
    def decline(self, by=None, description=None):
        pass

    def deadline_reached(self) -> bool:
        """An agreement is evaluated (achieved or not) at or after its deadline (Amsterdam)."""
        return not self.deadline or local_today() >= self.deadline

    @logged_transition(
        source=AgreementState.ACTIVE,
        target=AgreementState.ACHIEVED,
        permission="agreements.evaluate_agreement",
        conditions=[deadline_reached],
    )
    def achieve(self, by=None, description=None):
        self.closing_note = description or ""

    @logged_transition(
        source=AgreementState.ACTIVE,
        target=AgreementState.NOT_ACHIEVED,
        permission="agreements.evaluate_agreement",
        conditions=[deadline_reached],
    )
    def fail(self, by=None, description=None):
        self.closing_note = description or ""

    @logged_transition(
        source=[AgreementState.DRAFT, AgreementState.PROPOSED, AgreementState.ACTIVE],
        target=AgreementState.CANCELLED,
        permission="agreements.manage_agreement",
    )
    def cancel(self, by=None, description=None):
        self.closing_note = description or ""

    # The arbitration app sets and clears a dispute (its services call these).
    @logged_transition(
        source=AgreementState.ACTIVE,
        target=AgreementState.DISPUTED,
        permission="agreements.dispute_agreement",
    )
    def dispute(self, by=None, description=None):
        pass

    @logged_transition(
        source=AgreementState.DISPUTED,
        target=AgreementState.ACTIVE,
        permission="agreements.dispute_agreement",
    )
    def end_dispute(self, by=None, description=None):
        pass


class PartyRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("responsible")
    CONTRIBUTING = "contributing", _("contributing")
    INFORMED = "informed", _("informed")


class Acceptance(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    acceptance = models.CharField(
        _("acceptance"), max_length=10, choices=Acceptance.choices, default=Acceptance.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                name="party_once_per_agreement",
                violation_error_message=_("This organisation is already a party."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class Milestone(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due date"))
    done_date = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class RuleKind(models.TextChoices):
    ALLOWED_REGIONS = "allowed_regions", _("only offered in these arbeidsmarktregio's")
    NO_NEW_STARTS = "no_new_starts", _("no new starts")
    PHASE_OUT = "phase_out", _("phased out by a date")
    INTAKE_CAP = "intake_cap", _("intake capped")


class ProgrammeOfferRule(models.Model):
    """What a programme-offer agreement says about where and whether qualifications run."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="offer_rules")
    kind = models.CharField(_("kind of rule"), max_length=20, choices=RuleKind.choices)
    qualifications = models.ManyToManyField(
        "atlas.Qualification", verbose_name=_("qualifications"), related_name="offer_rules"
    )
    regions = models.ManyToManyField(
        "regions.Arbeidsmarktregio",
        verbose_name=_("allowed arbeidsmarktregio's"),
        blank=True,
        related_name="offer_rules",
    )
    phase_out_by = models.DateField(_("phased out by"), null=True, blank=True)
    intake_cap = models.PositiveIntegerField(_("intake cap"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme-offer rule")
        verbose_name_plural = _("programme-offer rules")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.agreement})"

    def clean(self):
        if self.kind == RuleKind.PHASE_OUT and not self.phase_out_by:
            raise ValidationError({"phase_out_by": _("Give the date by which it is phased out.")})
        if self.kind == RuleKind.INTAKE_CAP and not self.intake_cap:
            raise ValidationError({"intake_cap": _("Give the maximum intake.")})


class ProgressReport(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="progress_reports"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=2)
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProgressStatus.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.PROTECT,
        related_name="progress_reports",
    )  # fmt: skip
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["period_end", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_in_order"
            )
        ]
        indexes = [models.Index(fields=["agreement", "period_end"])]

    def __str__(self):
        return f"{self.agreement} {self.period_end}"


class Leerweg(models.TextChoices):
    BOL = "BOL", _("BOL (school-based)")
    BBL = "BBL", _("BBL (work-based)")


class NoticeAction(models.TextChoices):
    START = "start", _("start")
    STOP = "stop", _("stop")


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


def legal_deadline(*, leerweg: str, study_year: int) -> datetime.datetime:
    """The start/stop deadline for a study year starting 1 August ``study_year``.

    BOL: 18 months before, so before 1 February of the year before; BBL: 6 months before,
    so before 1 February of that year (Regeling melding starten of stoppen 2018, art. 2).
    """
    return cycle_deadline(study_year - 1 if leerweg == Leerweg.BOL else study_year)


class StartStopNotice(models.Model):
    institution = models.ForeignKey(
        "regions.Organisation", verbose_name=_("institution"), on_delete=models.PROTECT,
        related_name="notices",
    )  # fmt: skip
    qualification = models.ForeignKey(
        "atlas.Qualification", verbose_name=_("qualification"), on_delete=models.PROTECT,
        related_name="notices",
    )  # fmt: skip
    action = models.CharField(_("start or stop"), max_length=5, choices=NoticeAction.choices)
    leerweg = models.CharField(_("leerweg"), max_length=3, choices=Leerweg.choices)
    municipality = models.CharField(_("municipality (location)"), max_length=100)
    region = models.ForeignKey(
        "regions.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT, related_name="notices",
    )  # fmt: skip
    study_year = models.PositiveSmallIntegerField(
        _("study year (starting 1 August)"), validators=[MinValueValidator(2000)]
    )
    state = models.CharField(
        _("state"), max_length=10, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )  # fmt: skip
    late_exception_reason = models.TextField(_("reason for the late exception"), blank=True)
    late_exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("exception recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-study_year", "pk"]
        verbose_name = _("start/stop notice")
        verbose_name_plural = _("start/stop notices")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "qualification", "leerweg", "municipality", "study_year"],
                name="one_notice_per_location_and_year",
                violation_error_message=_(
                    "There is already a notice for this qualification, leerweg, location "
                    "and study year."
                ),
            )
        ]
        indexes = [models.Index(fields=["state", "study_year"])]

    def __str__(self):
        return (
            f"{self.get_action_display()} {self.qualification} {self.leerweg} "
            f"{self.municipality} {self.study_year}"
        )

    @property
    def deadline(self) -> datetime.datetime:
        return legal_deadline(leerweg=self.leerweg, study_year=self.study_year)


class ConflictResolution(models.TextChoices):
    OPEN = "open", _("open")
    CONSISTENT = "consistent", _("consistent after all")
    ACCEPTED = "accepted", _("accepted with a reason")
    ESCALATED = "escalated", _("escalated to arbitration")


class NoticeConflict(models.Model):
    """A submitted notice that breaks a programme-offer rule of an active agreement."""

    notice = models.ForeignKey(StartStopNotice, on_delete=models.PROTECT, related_name="conflicts")
    rule = models.ForeignKey(ProgrammeOfferRule, on_delete=models.PROTECT, related_name="conflicts")
    message = models.TextField(_("what the conflict is"))
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=ConflictResolution.choices,
        default=ConflictResolution.OPEN,
    )  # fmt: skip
    reason = models.TextField(_("reason"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("resolved by"),
    )  # fmt: skip
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("notice conflict")
        verbose_name_plural = _("notice conflicts")
        constraints = [
            models.UniqueConstraint(fields=["notice", "rule"], name="one_conflict_per_rule")
        ]
        indexes = [models.Index(fields=["resolution"])]

    def __str__(self):
        return self.message


class TableInput(models.Model):
    """A regional table's additional input for the sectorkamer ("aanvullende input"): what
    the region sees, on a sector agreement or for the agenda. Written once, never edited."""

    regional_table = models.ForeignKey(
        "regions.RegionalTable", on_delete=models.PROTECT, related_name="inputs",
        verbose_name=_("regional table"),
    )  # fmt: skip
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="table_inputs",
        verbose_name=_("sector agreement"),
    )  # fmt: skip
    text = models.TextField(_("input"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("given by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("input of a regional table")
        verbose_name_plural = _("input of regional tables")
        indexes = [
            models.Index(fields=["regional_table", "created_at"]),
            models.Index(fields=["agreement", "created_at"]),
        ]

    def __str__(self):
        return self.text[:60]

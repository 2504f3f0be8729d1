"""The multi-year agendas with their yearly revisions (a django-fsm-2 state machine) and
priorities; the qualification catalogue they name is the atlas's."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField
from simple_history.models import HistoricalRecords

from atlas.models import Qualification
from core.files import private_storage
from core.timeutils import cycle_deadline, deadline_status
from core.workflow import logged_transition
from regions.models import Sectorkamer


class Agenda(models.Model):
    """A sectorkamer's multi-year agenda, revised every cycle year."""

    sectorkamer = models.ForeignKey(
        Sectorkamer, verbose_name=_("sectorkamer"), on_delete=models.PROTECT, related_name="agendas"
    )
    title = models.CharField(_("title"), max_length=255)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["sectorkamer__code", "-first_year"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="agenda_years_in_order"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.first_year}-{self.last_year})"

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError(
                {"last_year": _("The last year cannot be before the first year.")}
            )
        if self.sectorkamer_id and self.first_year and self.last_year:
            overlapping = (
                Agenda.objects.filter(
                    sectorkamer_id=self.sectorkamer_id,
                    first_year__lte=self.last_year,
                    last_year__gte=self.first_year,
                )
                .exclude(pk=self.pk)
                .first()
            )
            if overlapping:
                raise ValidationError(
                    {
                        "first_year": _(
                            "The years overlap with the agenda '%(title)s' of this sectorkamer."
                        )
                        % {"title": overlapping}
                    }
                )


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ADOPTED = "adopted", _("adopted")
    RATIFIED = "ratified", _("ratified")
    SUPERSEDED = "superseded", _("superseded")


FINAL_REVISION_STATES = (RevisionState.RATIFIED, RevisionState.SUPERSEDED)


class AgendaRevision(ConcurrentTransitionMixin, models.Model):
    """The agenda as set for one cycle year Y; due before 1 February Y (Amsterdam time).

    Its state changes only through the transitions below (the field is protected);
    every transition is logged by django-fsm-log with who, when, from, to and why.
    """

    STATE_FIELD = "state"

    agenda = models.ForeignKey(
        Agenda, verbose_name=_("agenda"), on_delete=models.PROTECT, related_name="revisions"
    )
    year = models.PositiveSmallIntegerField(
        _("cycle year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=RevisionState.choices,
        default=RevisionState.DRAFT,
        protected=True,
    )
    summary = models.TextField(_("summary"), blank=True)
    adoption_meeting_date = models.DateField(_("meeting date of adoption"), null=True, blank=True)
    education_side_agreed = models.BooleanField(_("education side agreed"), default=False)
    business_side_agreed = models.BooleanField(_("business side agreed"), default=False)
    ratified_at = models.DateTimeField(_("ratified at"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("agenda revision")
        verbose_name_plural = _("agenda revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "year"],
                name="one_revision_per_agenda_year",
                violation_error_message=_("This agenda already has a revision for this year."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["ratified", "superseded"]) | Q(ratified_at__isnull=False),
                name="ratified_revision_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "year"])]

    def __str__(self):
        return f"{self.agenda.sectorkamer.abbreviation} {self.year}"

    @property
    def sectorkamer(self):
        return self.agenda.sectorkamer

    @property
    def is_editable(self) -> bool:
        return self.state == RevisionState.DRAFT

    @property
    def deadline(self):
        return deadline_status(cycle_deadline(self.year), done_at=self.ratified_at)

    def clean(self):
        if (
            self.agenda_id
            and self.year
            and not (self.agenda.first_year <= self.year <= self.agenda.last_year)
        ):
            raise ValidationError(
                {
                    "year": _("The year must lie within the agenda's years %(first)s-%(last)s.")
                    % {"first": self.agenda.first_year, "last": self.agenda.last_year}
                }
            )

    # -- transitions ------------------------------------------------------------------
    # Guards that need data (priorities, both sides) are checked by the services, which
    # report them field by field; the permissions are the rules in agendas/rules.py.

    @logged_transition(
        source=RevisionState.DRAFT,
        target=RevisionState.SUBMITTED,
        permission="agendas.submit_revision",
    )
    def submit(self, by=None, description=None):
        pass

    @logged_transition(
        source=RevisionState.SUBMITTED,
        target=RevisionState.ADOPTED,
        permission="agendas.adopt_revision",
    )
    def adopt(self, by=None, description=None, *, meeting_date=None):
        self.adoption_meeting_date = meeting_date
        self.education_side_agreed = True
        self.business_side_agreed = True

    @logged_transition(
        source=RevisionState.ADOPTED,
        target=RevisionState.RATIFIED,
        permission="agendas.ratify_revision",
    )
    def ratify(self, by=None, description=None, *, at=None):
        self.ratified_at = at

    @logged_transition(
        source=[RevisionState.SUBMITTED, RevisionState.ADOPTED],
        target=RevisionState.DRAFT,
        permission="agendas.return_revision",
    )
    def return_to_draft(self, by=None, description=None):
        self.adoption_meeting_date = None
        self.education_side_agreed = False
        self.business_side_agreed = False

    @logged_transition(
        source=RevisionState.RATIFIED,
        target=RevisionState.SUPERSEDED,
        permission="agendas.ratify_revision",
    )
    def supersede(self, by=None, description=None):
        pass


class Level(models.TextChoices):
    NATIONAL = "national", _("national")
    SECTORAL = "sectoral", _("sectoral")
    REGIONAL = "regional", _("regional")


class PriorityKind(models.TextChoices):
    CHALLENGE = "challenge", _("challenge")
    OPPORTUNITY = "opportunity", _("opportunity")


class Priority(models.Model):
    """A challenge or opportunity on an agenda revision."""

    revision = models.ForeignKey(
        AgendaRevision,
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    # The same priority across yearly revisions shares its lineage (for diffs and links).
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PriorityKind.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("The facts this priority rests on.")
    )
    qualifications = models.ManyToManyField(
        Qualification, verbose_name=_("qualifications"), blank=True, related_name="priorities"
    )
    regions = models.ManyToManyField(
        "regions.Arbeidsmarktregio",
        verbose_name=_("arbeidsmarktregio's"),
        blank=True,
        related_name="priorities",
    )
    national = models.BooleanField(_("national level"), default=False)
    sectoral = models.BooleanField(_("sectoral level"), default=False)
    regional = models.BooleanField(_("regional level"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords(m2m_fields=[qualifications, regions])

    class Meta:
        ordering = ["revision", "order", "pk"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "lineage"], name="priority_lineage_once_per_revision"
            ),
            models.CheckConstraint(
                condition=Q(national=True) | Q(sectoral=True) | Q(regional=True),
                name="priority_has_a_level",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def levels(self) -> list[str]:
        return [level for level in Level.values if getattr(self, level)]

    def get_levels_display(self) -> list[str]:
        return [label for value, label in Level.choices if getattr(self, value)]

    def clean(self):
        if not (self.national or self.sectoral or self.regional):
            raise ValidationError(
                {"levels": _("Choose at least one level: national, sectoral or regional.")}
            )


# What a diff between two revisions compares per priority.
DIFF_FIELDS = ("kind", "title", "description", "evidence", "national", "sectoral", "regional")


class SignalResponse(models.Model):
    """What the sectorkamer did with a signal of the atlas in a revision: turned it into a
    priority (its evidence), or set it aside with the reason ("geen actie: ...")."""

    revision = models.ForeignKey(
        AgendaRevision, on_delete=models.CASCADE, related_name="signal_responses"
    )
    signal = models.ForeignKey("atlas.Signal", on_delete=models.PROTECT, related_name="responses")
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    reason = models.TextField(_("reason for no action"), blank=True)
    decided_by = models.ForeignKey(
        "regions.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response to a signal")
        verbose_name_plural = _("responses to signals")
        constraints = [
            models.UniqueConstraint(fields=["revision", "signal"], name="one_response_per_signal"),
            models.CheckConstraint(
                condition=Q(priority__isnull=False) | ~Q(reason=""),
                name="response_is_a_priority_or_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.signal_id} → {self.priority_id or self.reason[:30]}"

    @property
    def addressed(self) -> bool:
        return self.priority_id is not None


# -- agenda topics (agenderingsrecht) ---------------------------------------------------


class TopicState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UNDER_CONSIDERATION = "under_consideration", _("under consideration")
    TAKEN_UP = "taken_up", _("taken up")
    COMBINED = "combined", _("combined with another topic")
    NOT_TAKEN_UP = "not_taken_up", _("not taken up")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_TOPIC_STATES = (TopicState.SUBMITTED, TopicState.UNDER_CONSIDERATION)
# A topic can be combined into one that is still open or was taken up.
COMBINABLE_TOPIC_STATES = (*OPEN_TOPIC_STATES, TopicState.TAKEN_UP)


def topic_attachment_path(instance, filename):
    return f"agendas/topics/{uuid.uuid4().hex}"


class AgendaTopic(ConcurrentTransitionMixin, models.Model):
    """A topic a party puts on a sectorkamer's agenda for the revision of cycle ``year``
    (agenderingsrecht): submitted by an organisation (through its representative or a
    sectorkamer member) or a regional table (through its coordinator); the secretary takes
    it up as a priority, combines it with another topic or explains why not."""

    STATE_FIELD = "state"

    sectorkamer = models.ForeignKey(
        Sectorkamer, verbose_name=_("sectorkamer"), on_delete=models.PROTECT, related_name="topics"
    )
    year = models.PositiveSmallIntegerField(
        _("cycle year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=TopicState.choices,
        default=TopicState.SUBMITTED,
        protected=True,
    )
    title = models.CharField(_("title"), max_length=255)
    explanation = models.TextField(_("explanation"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("The facts that show why this matters.")
    )
    links = models.TextField(
        _("links"), blank=True, help_text=_("Web addresses of sources, one per line.")
    )
    qualifications = models.ManyToManyField(
        Qualification, verbose_name=_("qualifications"), blank=True, related_name="topics"
    )
    regions = models.ManyToManyField(
        "regions.Arbeidsmarktregio",
        verbose_name=_("arbeidsmarktregio's"),
        blank=True,
        related_name="topics",
    )
    attachment = models.FileField(
        _("attachment"),
        storage=private_storage,
        upload_to=topic_attachment_path,
        max_length=255,
        blank=True,
    )
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True)
    attachment_type = models.CharField(_("type"), max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    attachment_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("submitted by (organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_topics",
    )
    regional_table = models.ForeignKey(
        "regions.RegionalTable",
        verbose_name=_("submitted by (regional table)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_topics",
    )
    submitted_by = models.ForeignKey(
        "regions.User",
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="agenda_topics",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # The decision: the priority it became, the topic it was combined into, or the reason.
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("priority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
    )
    combined_with = models.ForeignKey(
        "self",
        verbose_name=_("combined with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="combined_topics",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=["submitted_at", "attachment"], m2m_fields=[qualifications, regions]
    )

    class Meta:
        ordering = ["-year", "sectorkamer__code", "-submitted_at", "-pk"]
        verbose_name = _("agenda topic")
        verbose_name_plural = _("agenda topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) ^ Q(regional_table__isnull=True),
                name="topic_from_an_organisation_or_a_table",
            ),
            models.CheckConstraint(
                condition=~Q(state="taken_up") | Q(priority__isnull=False),
                name="taken_up_topic_has_a_priority",
            ),
            models.CheckConstraint(
                condition=~Q(state="combined") | Q(combined_with__isnull=False),
                name="combined_topic_has_a_partner",
            ),
            models.CheckConstraint(
                condition=~Q(state="not_taken_up") | ~Q(decision_reason=""),
                name="declined_topic_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(combined_with=F("pk")), name="topic_not_combined_with_itself"
            ),
        ]
        indexes = [models.Index(fields=["sectorkamer", "year", "state"])]

    def __str__(self):
        return self.title

    @property
    def submitter_label(self) -> str:
        return str(self.regional_table or self.organisation)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_TOPIC_STATES

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def clean(self):
        bad = [line for line in self.link_list if not line.startswith(("https://", "http://"))]
        if bad:
            raise ValidationError(
                {"links": _("Not a web address (http:// or https://): %(line)s") % {"line": bad[0]}}
            )

    # -- transitions: who may is in agendas/rules.py, what they need in the services --

    @logged_transition(
        source=TopicState.SUBMITTED,
        target=TopicState.UNDER_CONSIDERATION,
        permission="agendas.decide_topic",
    )
    def consider(self, by=None, description=None):
        pass

    @logged_transition(
        source=list(OPEN_TOPIC_STATES),
        target=TopicState.TAKEN_UP,
        permission="agendas.decide_topic",
    )
    def take_up(self, by=None, description=None, *, priority=None, at=None):
        self.priority, self.decided_at = priority, at
        self.decision_reason = description or ""

    @logged_transition(
        source=list(OPEN_TOPIC_STATES),
        target=TopicState.COMBINED,
        permission="agendas.decide_topic",
    )
    def combine(self, by=None, description=None, *, with_topic=None, at=None):
        self.combined_with, self.decided_at = with_topic, at
        self.decision_reason = description or ""

    @logged_transition(
        source=list(OPEN_TOPIC_STATES),
        target=TopicState.NOT_TAKEN_UP,
        permission="agendas.decide_topic",
    )
    def decline(self, by=None, description=None, *, at=None):
        self.decision_reason, self.decided_at = description or "", at

    @logged_transition(
        source=list(OPEN_TOPIC_STATES),
        target=TopicState.WITHDRAWN,
        permission="agendas.withdraw_topic",
    )
    def withdraw(self, by=None, description=None, *, at=None):
        self.decided_at = at
        self.decision_reason = description or ""

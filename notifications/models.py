"""Notifications: the yearly cycle, reminder policies, in-app notifications (the outbox for
email), preferences, digests, delivery logs, calendar tokens, and the worker heartbeat."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by the periodic heartbeat task: proof that beat and a worker run."""

    hostname = models.CharField(_("worker"), max_length=255)
    beat_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class MilestoneKind(models.TextChoices):
    ATLAS = "atlas", _("atlas information ready")
    TOPICS = "topics", _("agenda topics close")
    MEETING = "meeting", _("sectorkamer meeting")
    RATIFIED = "ratified", _("agenda adopted and ratified")
    NOTICES = "notices", _("start/stop notices due")
    REGIONAL = "regional", _("regional conversations")
    REVIEW = "review", _("yearly progress review")


class CycleMilestone(models.Model):
    """A milestone of cycle year Y (created with defaults; SBB staff may move it)."""

    year = models.PositiveSmallIntegerField(_("cycle year"), db_index=True)
    kind = models.CharField(_("milestone"), max_length=10, choices=MilestoneKind.choices)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["year", "starts_on"]
        verbose_name = _("cycle milestone")
        verbose_name_plural = _("cycle milestones")
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="one_milestone_per_kind")
        ]

    def __str__(self):
        return f"{self.year}: {self.get_kind_display()}"


class DeadlineKind(models.TextChoices):
    AGENDA_REVISION = "agenda_revision", _("agenda revision before 1 February")
    AGREEMENT = "agreement", _("agreement deadline")
    MILESTONE = "milestone", _("agreement milestone")
    PROGRESS_REPORT = "progress_report", _("progress report due")
    NOTICE_CYCLE = "notice_cycle", _("start/stop notices before 1 February")
    NOTICE_DRAFT = "notice_draft", _("draft start/stop notice")
    ARBITRATION = "arbitration", _("arbitration deadline")
    ATLAS_SIGNALS = "atlas_signals", _("open top signals before the sectorkamer meeting")
    AGENDA_TOPICS = "agenda_topics", _("undecided agenda topics before the sectorkamer meeting")


class Recipient(models.TextChoices):
    OWNER = "owner", _("the owner's representatives")
    PARTIES = "parties", _("the responsible parties' representatives")
    SECRETARY = "secretary", _("the sectorkamer secretary")
    MEMBERS = "members", _("the sectorkamer members")
    COORDINATOR = "coordinator", _("the regional table coordinator")
    BOARD = "board", _("the SBB board")
    SCHOOLS = "schools", _("the schools' representatives")
    PARTICIPANTS = "participants", _("the dossier participants concerned")
    SECRETARIAT = "secretariat", _("the arbitration secretariat")


class ReminderOffset(models.Model):
    """When a kind of deadline is reminded of, and to whom: ``days`` before or after it."""

    kind = models.CharField(_("kind of deadline"), max_length=20, choices=DeadlineKind.choices)
    days = models.PositiveSmallIntegerField(_("days"), validators=[MaxValueValidator(365)])
    after = models.BooleanField(_("after the deadline (overdue)"), default=False)
    recipients = models.CharField(
        _("recipients"),
        max_length=200,
        help_text=_(
            "Comma-separated: owner, parties, secretary, members, coordinator, board, "
            "schools, participants, secretariat."
        ),
    )

    class Meta:
        ordering = ["kind", "after", "-days"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminder policy")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "days", "after"],
                name="offset_once",
                violation_error_message=_("This offset is already in the policy."),
            )
        ]

    def __str__(self):
        when = _("after") if self.after else _("before")
        return f"{self.get_kind_display()}: {self.days} {when}"

    @property
    def key(self) -> str:
        return f"{'+' if self.after else '-'}{self.days}"

    @property
    def recipient_list(self) -> list[str]:
        return [r.strip() for r in self.recipients.split(",") if r.strip()]

    def clean(self):
        unknown = set(self.recipient_list) - set(Recipient.values)
        if unknown or not self.recipient_list:
            raise ValidationError(
                {
                    "recipients": _("Choose recipients from: %(names)s.")
                    % {"names": ", ".join(Recipient.values)}
                }
            )


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("deadline reminders")
    AGENDA = "agenda", _("agenda events")
    AGREEMENT = "agreement", _("agreement events")
    NOTICE = "notice", _("start/stop notice events")
    ARBITRATION = "arbitration", _("arbitration deadlines and events")


MANDATORY_KINDS = (NotificationKind.ARBITRATION,)


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    DIGEST = "digest", _("waiting for the digest")
    IN_DIGEST = "in_digest", _("sent in a digest")
    OFF = "off", _("no email (preference)")
    NO_ADDRESS = "no_address", _("no email address")
    FAILED = "failed", _("failed")


class Notification(models.Model):
    """One notification for one person: shown in the app, mailed by its channel. Written in
    the transaction of what caused it, so it is never lost; ``key`` makes it exactly once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    late = models.BooleanField(_("sent late (caught up)"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("email"), max_length=12, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a worker last claimed the email (pending -> sending). The claim is a lease: a
    # 'sending' row whose lease is older than NOTIFICATION_SEND_LEASE_SECONDS belongs to a
    # worker that died, and may be claimed again.
    email_claimed_at = models.DateTimeField(_("claimed for sending at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # the notification centre: a person's newest first
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notification_centre_idx"
            ),
            models.Index(fields=["email_status", "created_at"]),
        ]

    def __str__(self):
        return self.title


class Channel(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    DAILY = "daily", _("daily digest")
    WEEKLY = "weekly", _("weekly digest")
    OFF = "off", _("off (in the app only)")


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    channel = models.CharField(_("email"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=MANDATORY_KINDS, channel="off"),
                name="mandatory_kinds_stay_on",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.channel}"

    def clean(self):
        if self.kind in MANDATORY_KINDS and self.channel == Channel.OFF:
            raise ValidationError(
                {
                    "channel": _(
                        "Arbitration deadlines and events are always sent; "
                        "they cannot be switched off."
                    )
                }
            )


class Digest(models.Model):
    """One digest per person and period, exactly once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    period = models.DateField(_("period starting"))
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel", "period"], name="digest_once")
        ]

    def __str__(self):
        return f"{self.user} {self.channel} {self.period}"


class DeliveryLog(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    outcome = models.CharField(_("outcome"), max_length=20)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import (
    CycleMilestone,
    DeliveryLog,
    Digest,
    Notification,
    ReminderOffset,
    WorkerHeartbeat,
)


@admin.register(ReminderOffset)
class ReminderOffsetAdmin(admin.ModelAdmin):
    """The reminder policy: per kind of deadline, when and to whom."""

    list_display = ["kind", "days", "after", "recipients"]
    list_filter = ["kind", "after"]
    search_fields = ["recipients"]


@admin.register(CycleMilestone)
class CycleMilestoneAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "starts_on", "ends_on"]
    list_filter = ["year", "kind"]
    search_fields = ["kind"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "kind", "email_status", "attempts", "created_at", "late"]
    list_filter = ["kind", "email_status", "late"]
    search_fields = ["title", "recipient__username", "key"]
    date_hierarchy = "created_at"


@admin.register(DeliveryLog)
class DeliveryLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "notification", "digest", "attempt", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["detail", "notification__title"]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["user", "channel", "period", "sent_at"]
    list_filter = ["channel"]
    search_fields = ["user__username"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["hostname", "beat_at"]
    list_filter = ["hostname"]
    search_fields = ["hostname"]
    date_hierarchy = "beat_at"

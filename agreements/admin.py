from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Agreement,
    AgreementParty,
    Milestone,
    NoticeConflict,
    ProgrammeOfferRule,
    ProgressReport,
    StartStopNotice,
    TableInput,
)


class PartyInline(ReadOnlyInline, admin.TabularInline):
    model = AgreementParty
    fields = ["organisation", "role", "acceptance", "decided_by", "decided_at", "decline_reason"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "category", "level", "state", "owner", "deadline"]
    list_filter = ["state", "category", "level", "regional_table"]
    search_fields = ["title", "description", "owner__name"]
    date_hierarchy = "deadline"
    inlines = [PartyInline]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["title", "agreement", "due_date", "done_date"]
    search_fields = ["title", "agreement__title"]
    list_filter = ["due_date"]


@admin.register(ProgrammeOfferRule)
class ProgrammeOfferRuleAdmin(ReadOnlyAdmin):
    list_display = ["kind", "agreement", "phase_out_by", "intake_cap"]
    list_filter = ["kind"]
    search_fields = ["agreement__title", "qualifications__name", "qualifications__crebo"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "period_end", "value", "status", "reporter"]
    list_filter = ["status"]
    search_fields = ["agreement__title", "narrative"]


@admin.register(StartStopNotice)
class StartStopNoticeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["institution", "qualification", "action", "leerweg", "municipality",
                    "study_year", "state"]  # fmt: skip
    list_filter = ["state", "action", "leerweg", "study_year", "region"]
    search_fields = ["institution__name", "qualification__name", "qualification__crebo",
                     "municipality"]  # fmt: skip


@admin.register(NoticeConflict)
class NoticeConflictAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["notice", "resolution", "created_at"]
    list_filter = ["resolution"]
    search_fields = ["message", "notice__institution__name"]


@admin.register(TableInput)
class TableInputAdmin(ReadOnlyAdmin):
    list_display = ["regional_table", "agreement", "created_at"]
    search_fields = ["text", "regional_table__name", "agreement__title"]
    list_filter = ["created_at"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from atlas.models import Qualification
from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Agenda, AgendaRevision, AgendaTopic, Priority


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyAdmin):
    list_display = ["crebo", "name", "level", "sectorkamer", "valid_from", "valid_until"]
    list_filter = ["level", "sectorkamer"]
    search_fields = ["crebo", "name"]


@admin.register(Agenda)
class AgendaAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "sectorkamer", "first_year", "last_year"]
    list_filter = ["sectorkamer"]
    search_fields = ["title"]


class PriorityInline(ReadOnlyInline, admin.StackedInline):
    model = Priority
    fields = ["order", "kind", "title", "description", "evidence", "national", "sectoral",
              "regional"]  # fmt: skip


@admin.register(AgendaRevision)
class AgendaRevisionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "year", "state", "ratified_at"]
    list_filter = ["state", "year", "agenda__sectorkamer"]
    search_fields = ["agenda__title", "agenda__sectorkamer__name"]
    inlines = [PriorityInline]
    readonly_fields = ["state"]


@admin.register(Priority)
class PriorityAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "revision", "kind", "order"]
    list_filter = ["kind", "revision__agenda__sectorkamer", "revision__year"]
    search_fields = ["title", "description"]


@admin.register(AgendaTopic)
class AgendaTopicAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "sectorkamer", "year", "state", "submitted_at"]
    list_filter = ["state", "year", "sectorkamer"]
    search_fields = ["title", "explanation"]
    readonly_fields = ["state"]
    exclude = ["attachment"]  # served only by the permission-checked download

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from .models import Practice


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "sectorkamer", "kind", "category", "state", "submitted_at"]
    list_filter = ["state", "kind", "category", "sectorkamer"]
    search_fields = ["title", "lessons"]
    readonly_fields = ["state"]

from django.contrib import admin

from .models import Sectorkamer


@admin.register(Sectorkamer)
class SectorkamerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "abbreviation"]
    search_fields = ["code", "name", "abbreviation"]

    def has_add_permission(self, request):
        return False  # reference data: loaded by load_reference

    def has_delete_permission(self, request, obj=None):
        return False

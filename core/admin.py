from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the pages and the API (services with their checks)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the pages and the API (services with their checks)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """Mixed into a Tabular/StackedInline: shows its ``fields`` read-only, adds and deletes
    nothing (the rows are written through the services)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

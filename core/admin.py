from django.contrib import admin

from .models import RetentionPeriod, RetentionRun


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


class RetentionPeriodAdmin(admin.ModelAdmin):
    """Beheer sets how long each kind of data is kept; a kind without a row keeps its
    default (the list below the form names every kind and its default)."""

    list_display = ["kind", "days", "note"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            from django import forms

            from .retention import kinds

            choices = [(k.name, f"{k.name}: {k.label} ({k.default_days})") for k in kinds()]
            return forms.ChoiceField(choices=choices, label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "days", "cutoff", "dry_run", "count"]
    list_filter = ["kind", "dry_run"]


admin.site.register(RetentionPeriod, RetentionPeriodAdmin)
admin.site.register(RetentionRun, RetentionRunAdmin)

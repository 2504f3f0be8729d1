from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AtlasPublication, Dataset, Indicator, SignalRule


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdmin):
    """Datasets are written by their imports only: provenance is never edited."""

    list_display = ["title", "source", "year", "reference_date", "loaded_at", "loaded_by",
                    "rows_stored", "replaced_by", "synthetic"]  # fmt: skip
    list_filter = ["source", "year", "synthetic"]
    search_fields = ["title", "sha256", "filename"]


@admin.register(AtlasPublication)
class AtlasPublicationAdmin(ReadOnlyAdmin):
    """Written by the publish action only (who and when is the record)."""

    list_display = ["sectorkamer", "year", "published_at", "published_by"]
    list_filter = ["year", "sectorkamer"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    """The catalogue comes from atlas/data/indicators.csv (load_reference)."""

    list_display = ["code", "name", "unit", "direction", "source"]
    list_filter = ["source", "direction"]
    search_fields = ["code", "name"]


@admin.register(SignalRule)
class SignalRuleAdmin(admin.ModelAdmin):
    """The alert function's rules are data an SBB administrator edits: the signalling value,
    the small-numbers limit, the weight, the interpretation, whether it is active. What a
    rule compares (its kind and indicator) is fixed: a new comparison is a new rule."""

    list_display = ["name", "kind", "indicator", "threshold", "min_students", "weight", "active"]
    list_filter = ["kind", "active"]
    list_editable = ["active"]
    readonly_fields = ["code", "kind", "indicator"]
    fields = ["code", "name", "kind", "indicator", "threshold", "min_students", "weight",
              "interpretation", "active"]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("atlas.change_signalrule")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("atlas.change_signalrule")

    def has_module_permission(self, request):
        return request.user.has_perm("atlas.view_dataset") and request.user.is_staff

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Dataset


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdmin):
    """Datasets are written by their imports only: provenance is never edited."""

    list_display = ["title", "source", "year", "reference_date", "loaded_at", "loaded_by",
                    "rows_stored", "replaced_by", "synthetic"]  # fmt: skip
    list_filter = ["source", "year", "synthetic"]
    search_fields = ["title", "sha256", "filename"]

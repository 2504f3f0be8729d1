from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from . import selectors, services
from .models import (
    AccessChannel,
    AccessLogEntry,
    ArbiterProfile,
    ArbitrationAgreement,
    Dossier,
    ProceduralRuleSet,
)


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    """Read-only, and only the dossiers the user is on (the secretariat: all)."""

    list_display = ["reference", "state", "kind", "filed_at"]
    list_filter = ["state", "kind"]
    search_fields = ["reference"]
    exclude = ["panel_notes", "claim", "ruling_requested", "minutes", "settlement_terms"]

    def get_queryset(self, request):
        return selectors.visible_dossiers(request.user)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200 and hasattr(response, "context_data"):
            count = response.context_data["cl"].result_count
            opened = [services.list_opened(request, count)]
            services.record_access(request=request, channel=AccessChannel.ADMIN, opened=opened)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            dossier = self.get_queryset(request).get(pk=object_id)
            opened = services.dossier_opened(dossier)
            services.record_access(request=request, channel=AccessChannel.ADMIN, opened=opened)
        return response

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return request.user.has_perm("arbitration.use_docket")
        return request.user.has_perm("arbitration.view_dossier", obj)

    def has_module_permission(self, request):
        return request.user.has_perm("arbitration.use_docket")


@admin.register(ProceduralRuleSet)
class ProceduralRuleSetAdmin(SimpleHistoryAdmin):
    """The procedural terms, versioned: the secretariat adds a new version; a filed dossier
    keeps the version it was filed under."""

    list_display = ["version", "valid_from", "admissibility_days", "challenge_days",
                    "defence_days", "hearing_days", "award_days", "affiliation_years"]  # fmt: skip
    search_fields = ["version"]
    list_filter = ["valid_from"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # A version in use stays as it was; changes come as a new version.
        return [f.name for f in ProceduralRuleSet._meta.fields] if obj is not None else []


@admin.register(ArbiterProfile)
class ArbiterProfileAdmin(ReadOnlyAdmin):
    list_display = ["user", "themes", "available"]
    list_filter = ["available", "expertise"]
    search_fields = ["user__username", "user__last_name", "themes"]


@admin.register(ArbitrationAgreement)
class ArbitrationAgreementAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "signed_on", "signatory", "sectorkamer"]
    list_filter = ["sectorkamer"]
    search_fields = ["organisation__name", "signatory"]
    exclude = ["document"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """The access log, read-only (the database refuses any change): the secretariat."""

    list_display = ["at", "user", "roles", "kind", "label", "channel", "address", "dossier"]
    list_filter = ["kind", "channel"]
    search_fields = ["label", "user__username", "dossier__reference"]
    list_select_related = ["user", "dossier"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("arbitration.use_docket")

    def has_module_permission(self, request):
        return request.user.has_perm("arbitration.use_docket")

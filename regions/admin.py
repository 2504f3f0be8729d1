from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from . import services
from .models import (
    Arbeidsmarktregio,
    Organisation,
    RegionalTable,
    RoleAssignment,
    Sectorkamer,
    TableMembership,
    User,
)


@admin.register(Arbeidsmarktregio)
class ArbeidsmarktregioAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    ordering = ["code"]

    def has_add_permission(self, request):
        return False  # reference data: loaded from the CBS file by load_reference

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "institution_code", "city"]
    list_filter = ["kind", "regions"]
    search_fields = ["name", "institution_code", "city"]
    filter_horizontal = ["regions"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        data = {
            f: form.cleaned_data[f] for f in services.ORGANISATION_FIELDS if f in form.cleaned_data
        }
        regions = form.cleaned_data.get("regions", [])
        if change:
            services.update_organisation(
                actor=request.user, organisation=obj, regions=regions, **data
            )
        else:
            form.instance = services.create_organisation(
                actor=request.user, regions=regions, **data
            )
            obj.pk = form.instance.pk

    def save_related(self, request, form, formsets, change):
        pass  # the service set the regions


class TableMembershipInline(admin.TabularInline):
    model = TableMembership
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["added_at"]

    def has_add_permission(self, request, obj=None):
        return False  # members are added through the table's page or API (service-checked)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RegionalTable)
class RegionalTableAdmin(admin.ModelAdmin):
    list_display = ["name", "sectorkamer"]
    list_filter = ["sectorkamer", "regions"]
    search_fields = ["name"]
    filter_horizontal = ["regions"]
    inlines = [TableMembershipInline]

    def save_model(self, request, obj, form, change):
        data = {
            "name": form.cleaned_data["name"],
            "regions": form.cleaned_data["regions"],
            "sectorkamer": form.cleaned_data.get("sectorkamer"),
        }
        if change:
            services.update_regional_table(actor=request.user, table=obj, **data)
        else:
            form.instance = services.create_regional_table(actor=request.user, **data)
            obj.pk = form.instance.pk

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(TableMembership)
class TableMembershipAdmin(admin.ModelAdmin):
    list_display = ["table", "organisation", "added_at"]
    list_filter = ["table"]
    search_fields = ["table__name", "organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = list(services.ASSIGNMENT_FIELDS)
    list_filter = ["role", "side", "sectorkamer", "regional_table"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "organisation__name",
    ]
    autocomplete_fields = ["user", "organisation", "regional_table"]
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # an assignment is ended, never rewritten
            return [f for f in services.ASSIGNMENT_FIELDS if f != "valid_until"]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            services.end_role(actor=request.user, assignment=obj, last_day=obj.valid_until)
        else:
            data = {k: form.cleaned_data.get(k) for k in services.ASSIGNMENT_FIELDS}
            form.instance = services.assign_role(actor=request.user, **data)
            obj.pk = form.instance.pk


class RoleAssignmentInline(ReadOnlyInline, admin.TabularInline):
    model = RoleAssignment
    fields = [f for f in services.ASSIGNMENT_FIELDS if f != "user"]
    show_change_link = True


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "is_staff",
        "is_active",
    ]
    list_filter = [
        "is_staff",
        "is_active",
        "organisation__kind",
        "role_assignments__role",
    ]
    search_fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation__name",
    ]
    autocomplete_fields = ["organisation"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Kansrijk"), {"fields": ["organisation"]}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (
            _("Kansrijk"),
            {"fields": ["first_name", "last_name", "email", "organisation"]},
        ),
    )
    inlines = [RoleAssignmentInline]


@admin.register(Sectorkamer)
class SectorkamerAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "abbreviation"]
    search_fields = ["code", "name", "abbreviation"]

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import attempt, form_errors_as_messages
from core.views import create_or_update, filtered_page, permission_required, require_permission

from . import selectors, services
from .forms import OrganisationForm, RegionalTableForm, TableMemberForm
from .models import Organisation


@permission_required("regions.view_arbeidsmarktregio")
def region_list(request):
    return render(
        request,
        "regions/region_list.html",
        {"regions": selectors.arbeidsmarktregio_list()},
    )


@permission_required("regions.view_organisation")
def organisation_list(request):
    context = filtered_page(
        request, selectors.OrganisationFilter, selectors.organisation_queryset()
    )
    context["can_add"] = request.user.has_perm("regions.add_organisation")
    return render(request, "regions/organisation_list.html", context)


@permission_required("regions.view_organisation")
def organisation_detail(request, pk):
    organisation = get_object_or_404(selectors.organisation_detail_queryset(), pk=pk)
    return render(
        request,
        "regions/organisation_detail.html",
        {
            "organisation": organisation,
            "can_change": request.user.has_perm("regions.change_organisation", organisation),
        },
    )


def _organisation_form(request, organisation=None):
    return create_or_update(
        request,
        OrganisationForm(request.POST or None, instance=organisation),
        organisation,
        create=partial(services.create_organisation, actor=request.user),
        update=partial(services.update_organisation, actor=request.user, organisation=organisation),
        created=_("The organisation has been created."),
        saved=_("The organisation has been saved."),
        detail="regions:organisation_detail",
        template="regions/organisation_form.html",
        context={"organisation": organisation},
    )


@permission_required("regions.add_organisation")
def organisation_create(request):
    return _organisation_form(request)


@login_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    require_permission(request.user, "regions.change_organisation", organisation)
    return _organisation_form(request, organisation)


@permission_required("regions.view_regionaltable")
def table_list(request):
    tables = selectors.regional_table_queryset()
    return render(
        request,
        "regions/table_list.html",
        {
            "tables": tables,
            "can_add": request.user.has_perm("regions.add_regionaltable"),
        },
    )


@permission_required("regions.view_regionaltable")
def table_detail(request, pk):
    table = get_object_or_404(selectors.regional_table_queryset(), pk=pk)
    can_manage = request.user.has_perm("regions.manage_table_members", table)
    member_ids = {m.organisation_id for m in table.memberships.all()}
    form = None
    if can_manage:
        form = TableMemberForm()
        form.fields["organisation"].queryset = Organisation.objects.exclude(
            pk__in=member_ids
        ).order_by("name")
    return render(
        request,
        "regions/table_detail.html",
        {
            "table": table,
            "can_manage": can_manage,
            "can_change": request.user.has_perm("regions.change_regionaltable", table),
            "member_form": form,
        },
    )


def _table_form(request, table=None):
    initial = {}
    if table is not None and table.active_coordinator_assignments:
        initial["coordinator"] = table.active_coordinator_assignments[0].user
    return create_or_update(
        request,
        RegionalTableForm(request.POST or None, instance=table, initial=initial),
        table,
        create=partial(services.create_regional_table, actor=request.user),
        update=partial(services.update_regional_table, actor=request.user, table=table),
        created=_("The regional table has been created."),
        saved=_("The regional table has been saved."),
        detail="regions:table_detail",
        template="regions/table_form.html",
        context={"table": table},
    )


@permission_required("regions.add_regionaltable")
def table_create(request):
    return _table_form(request)


@login_required
def table_edit(request, pk):
    table = get_object_or_404(selectors.regional_table_queryset(), pk=pk)
    require_permission(request.user, "regions.change_regionaltable", table)
    return _table_form(request, table)


@login_required
@require_POST
def table_member_add(request, pk):
    table = get_object_or_404(selectors.regional_table_queryset(), pk=pk)
    require_permission(request.user, "regions.manage_table_members", table)
    form = TableMemberForm(request.POST)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        attempt(
            request,
            lambda: services.add_table_member(
                actor=request.user, table=table, organisation=organisation
            ),
            _("The member has been added."),
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("regions:table_detail", pk=table.pk)


@login_required
@require_POST
def table_member_remove(request, pk, organisation_pk):
    table = get_object_or_404(selectors.regional_table_queryset(), pk=pk)
    require_permission(request.user, "regions.manage_table_members", table)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    attempt(
        request,
        lambda: services.remove_table_member(
            actor=request.user, table=table, organisation=organisation
        ),
        _("The member has been removed."),
    )
    return redirect("regions:table_detail", pk=table.pk)


@permission_required("regions.view_organisation")
def organisation_names(request):
    """Up to ten organisation names containing what was typed, as the options of a datalist
    (a filter's suggestions, fetched by htmx)."""
    typed = next((v.strip() for v in request.GET.values() if v.strip()), "")
    names = selectors.organisation_names(typed) if len(typed) >= 2 else []
    return render(request, "regions/_organisation_names.html", {"names": names})

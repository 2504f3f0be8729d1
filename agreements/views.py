import csv
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from agendas.selectors import priorities_queryset
from core.forms import (
    attempt,
    form_errors_as_messages,
    handle_small_form,
    save_through_service,
)
from core.timeutils import local_today
from core.views import (
    create_or_update,
    filtered_page,
    permission_required,
    require_permission,
    sort_links,
    transition_view,
)
from core.workflow import user_transitions
from regions.models import Arbeidsmarktregio, Organisation, RegionalTable, Sectorkamer
from regions.selectors import active_roles

from . import monitoring, selectors, services
from .forms import (
    AgreementForm,
    BulkResolveForm,
    ExceptionForm,
    MilestoneForm,
    NoticeForm,
    OfferRuleForm,
    PartyForm,
    PeriodForm,
    ProgressForm,
    ResolveForm,
    TableInputForm,
)
from .models import Agreement, AgreementState, Category, Milestone, ProgressStatus
from .workflow import WORKFLOW


def _filtered(request):
    return selectors.AgreementFilter(request.GET or None, queryset=selectors.agreement_queryset())


PAGE_SIZE = 50
SECTOR_CHOICES = 25


@permission_required("agreements.view_agreement")
def agreement_board(request):
    context = filtered_page(
        request, selectors.AgreementBoardFilter, selectors.agreement_queryset(), per_page=PAGE_SIZE
    )
    for agreement in context["page"]:
        selectors.with_progress(agreement)
    context["today"] = selectors.local_today()
    context["sort"] = sort_links(request, ["title", "category", "state", "deadline", "progress"])
    return render(request, "agreements/board.html", context)


EXPORT_COLUMNS = [
    ("id", lambda a: a.pk),
    ("titel", lambda a: a.title),
    ("categorie", lambda a: a.get_category_display()),
    ("niveau", lambda a: a.get_level_display()),
    ("status", lambda a: a.get_state_display()),
    ("eigenaar", lambda a: a.owner.name),
    ("partijen", lambda a: "; ".join(p.organisation.name for p in a.parties.all())),
    ("regionale tafel", lambda a: a.regional_table.name if a.regional_table_id else ""),
    ("indicator", lambda a: a.indicator),
    ("eenheid", lambda a: a.unit),
    ("nulwaarde", lambda a: a.baseline_value),
    ("streefwaarde", lambda a: a.target_value),
    ("laatste waarde", lambda a: a.latest_value),
    ("voortgang %", lambda a: a.progress),
    ("laatste status", lambda a: a.latest_status or ""),
    ("startdatum", lambda a: a.start_date),
    ("deadline", lambda a: a.deadline),
]


@permission_required("agreements.view_agreement")
def agreement_export(request, fmt):
    """The filtered agreement board as CSV or XLSX (all rows, not only one page)."""
    rows = [selectors.with_progress(a) for a in _filtered(request).qs]
    headers = [name for name, _value in EXPORT_COLUMNS]
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="afspraken.csv"'
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv.writer(response, delimiter=";")
        writer.writerow(headers)
        for agreement in rows:
            writer.writerow(
                ["" if (v := value(agreement)) is None else v for _name, value in EXPORT_COLUMNS]
            )
        return response
    if fmt != "xlsx":
        raise Http404
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Afspraken"
    sheet.append(headers)
    for agreement in rows:
        sheet.append([value(agreement) for _name, value in EXPORT_COLUMNS])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="afspraken.xlsx"'
    workbook.save(response)
    return response


def _agreement_or_404(pk):
    return get_object_or_404(selectors.agreement_detail_queryset(), pk=pk)


@login_required
def agreement_detail(request, pk):
    agreement = selectors.with_progress(_agreement_or_404(pk))
    require_permission(request.user, "agreements.view_agreement", agreement)
    user = request.user
    parties = list(agreement.parties.all())
    reports = list(agreement.progress_reports.all())
    manages = user.has_perm("agreements.change_agreement", agreement)
    draft = agreement.state == AgreementState.DRAFT
    represented = active_roles(user).represents
    allowed = user_transitions(agreement, user)
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "reports": reports,
            "smart": selectors.smart_check(agreement, parties),
            "chart": selectors.progress_chart(agreement, reports),
            "table_inputs": []
            if agreement.regional_table_id
            else selectors.table_inputs(agreement),
            "can_edit": manages and draft,
            "party_form": PartyForm() if manages and draft else None,
            "milestone_form": MilestoneForm() if manages else None,
            "rule_form": OfferRuleForm()
            if manages and draft and agreement.category == Category.PROGRAMME_OFFER
            else None,
            "progress_form": ProgressForm()
            if agreement.state == AgreementState.ACTIVE
            and user.has_perm("agreements.report_progress", agreement)
            else None,
            "my_pending": [
                p for p in parties if p.organisation_id in represented and p.acceptance == "pending"
            ],
            "transition_forms": WORKFLOW.page_forms(agreement, user),
            "can_decide": "accept" in allowed,
            "can_share_practice": user.has_perm("practices.submit_practice", agreement),
        },
    )


@login_required
def agreement_history(request, pk):
    """Every transition and edit of the agreement and its parties (who, when, from, to, why)."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("priority__revision__agenda", "regional_table"), pk=pk
    )
    require_permission(request.user, "agreements.view_agreement", agreement)
    return render(
        request,
        "agreements/history.html",
        {"agreement": agreement, "timeline": selectors.agreement_timeline(agreement)},
    )


def _agreement_form(request, *, agreement=None, priority=None, table=None, parent=None):
    initial = {}
    if parent is not None and agreement is None:
        initial = {
            f: getattr(parent, f)
            for f in (
                "category",
                "title",
                "indicator",
                "unit",
                "direction",
                "cadence",
                "deadline",
                "start_date",
                "description",
            )
        }
        initial["level"] = "regional"
    return create_or_update(
        request,
        AgreementForm(request.POST or None, instance=agreement, initial=initial),
        agreement,
        create=partial(
            services.create_agreement,
            actor=request.user,
            priority=priority,
            regional_table=table,
            parent=parent,
        ),
        update=partial(services.update_agreement, actor=request.user, agreement=agreement),
        created=_("The agreement has been drafted."),
        saved=_("The agreement has been saved."),
        detail="agreements:detail",
        template="agreements/form.html",
        context={"agreement": agreement, "priority": priority, "table": table, "parent": parent},
    )


@login_required
def agreement_create_for_priority(request, priority_pk):
    # A priority of a revision in progress is as hidden as the revision (404).
    priority = get_object_or_404(priorities_queryset(request.user), pk=priority_pk)
    require_permission(request.user, "agreements.add_agreement", priority)
    return _agreement_form(request, priority=priority)


@login_required
def agreement_create_for_table(request, table_pk):
    table = get_object_or_404(RegionalTable, pk=table_pk)
    require_permission(request.user, "agreements.add_agreement", table)
    parent = None
    if request.GET.get("parent"):
        parent = get_object_or_404(
            Agreement.objects.filter(priority__isnull=False), pk=request.GET["parent"]
        )
    return _agreement_form(request, table=table, parent=parent)


@login_required
def agreement_edit(request, pk):
    agreement = get_object_or_404(Agreement, pk=pk)
    require_permission(request.user, "agreements.change_agreement", agreement)
    return _agreement_form(request, agreement=agreement)


def _post_form(request, form_class, service, agreement, success, **kwargs):
    """A small form posted from the agreement page; errors become messages."""
    handle_small_form(
        request,
        form_class,
        lambda data: service(actor=request.user, agreement=agreement, **data, **kwargs),
        success,
    )
    return redirect("agreements:detail", pk=agreement.pk)


# The service checks the right (403) and the state (409) before anything else.
agreement_transition = transition_view(
    lambda request, pk: get_object_or_404(Agreement, pk=pk), "agreements:detail"
)


def _agreement_form_view(form_class, service, permission: str, success):
    """A page-less view: ``form_class`` posted from the agreement page, run by ``service``
    for a user holding ``permission`` on the agreement."""

    @login_required
    @require_POST
    def view(request, pk):
        agreement = get_object_or_404(Agreement, pk=pk)
        require_permission(request.user, permission, agreement)
        return _post_form(request, form_class, service, agreement, success)

    return view


MANAGE = "agreements.change_agreement"
party_add = _agreement_form_view(
    PartyForm, services.add_party, MANAGE, gettext_lazy("The party has been added.")
)
milestone_add = _agreement_form_view(
    MilestoneForm, services.add_milestone, MANAGE, gettext_lazy("The milestone has been added.")
)
rule_add = _agreement_form_view(
    OfferRuleForm,
    services.set_offer_rule,
    MANAGE,
    gettext_lazy("The programme-offer rule has been added."),
)
progress_add = _agreement_form_view(
    ProgressForm,
    services.report_progress,
    "agreements.report_progress",
    gettext_lazy("The progress report has been saved."),
)


@login_required
@require_POST
def party_remove(request, pk, organisation_pk):
    agreement = get_object_or_404(Agreement, pk=pk)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    services.remove_party(actor=request.user, agreement=agreement, organisation=organisation)
    messages.success(request, _("The party has been removed."))
    return redirect("agreements:detail", pk=agreement.pk)


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("agreement"), pk=pk)
    services.complete_milestone(actor=request.user, milestone=milestone)
    if request.htmx:  # the row again, in place (the page's other parts have not changed)
        milestone.refresh_from_db()
        return render(request, "agreements/_milestone.html",
                      {"milestone": milestone, "just_done": True})  # fmt: skip
    messages.success(request, _("The milestone is marked as done."))
    return redirect("agreements:detail", pk=milestone.agreement_id)


@login_required
def table_workspace(request, table_pk):
    """The regional table's commitments (a page at a time), with the sector agreements it can
    work out: those of its own sectorkamer first, the first SECTOR_CHOICES of them."""
    table = get_object_or_404(RegionalTable.objects.select_related("sectorkamer"), pk=table_pk)
    page = Paginator(
        selectors.agreement_queryset().filter(regional_table=table), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    for agreement in page:
        selectors.with_progress(agreement)
    can_log = request.user.has_perm("agreements.add_agreement", table)
    to_work_out = _input_agreements(table) if can_log else []
    return render(
        request,
        "agreements/table_workspace.html",
        {
            "table": table,
            "page": page,
            "commitments": page.object_list,
            "sector_agreements": to_work_out,
            "sector_choices": SECTOR_CHOICES,
            "can_log": can_log,
            "input_form": TableInputForm(agreements=to_work_out) if can_log else None,
            "inputs": table.inputs.select_related("agreement")[: selectors.INPUTS_SHOWN],
        },
    )


def _input_agreements(table) -> list:
    """The sector agreements a table gives input on: those it can work out."""
    return selectors.sector_agreements_to_work_out(table, SECTOR_CHOICES)


@login_required
@require_POST
def table_input(request, table_pk):
    """The coordinator's input for the sectorkamer (403 for anyone else, whatever is sent)."""
    table = get_object_or_404(RegionalTable.objects.select_related("sectorkamer"), pk=table_pk)
    require_permission(request.user, "agreements.add_tableinput", table)
    form = TableInputForm(request.POST, agreements=_input_agreements(table))
    if not form.is_valid():
        form_errors_as_messages(request, form)
    else:
        attempt(
            request,
            lambda: services.give_table_input(
                actor=request.user, regional_table=table, **form.cleaned_data
            ),
            _("Your input has been sent to the sectorkamer."),
        )
    return redirect("agreements:table_workspace", table_pk=table.pk)


@permission_required("agreements.use_school_workspace")
def school_workspace(request):
    context = selectors.school_workspace(request.user)
    # only an mbo institution notifies starts and stops; a branch organisation sees its own
    context["can_add_notice"] = _notifying_institutions(request.user).exists()
    return render(request, "agreements/school.html", context)


def _notifying_institutions(user):
    return Organisation.objects.filter(
        pk__in=active_roles(user).represents, kind="mbo_institution"
    ).order_by("name")


# -- start/stop notices ------------------------------------------------------------------


def _resolvable(user):
    """The open conflicts ``user`` may resolve: those of their sectorkamers' qualifications."""
    kamers = active_roles(user).secretary_of
    return (
        selectors.conflict_queryset(user)
        .filter(resolution="open", notice__qualification__sectorkamer_id__in=kamers)
        .order_by("created_at", "pk")
    )


@permission_required("agreements.view_notices")
def notice_list(request):
    notices = selectors.notice_queryset(request.user)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    conflicts = list(selectors.conflict_queryset(request.user).filter(resolution="open"))
    kamers = active_roles(request.user).secretary_of
    mine = any(c.notice.qualification.sectorkamer_id in kamers for c in conflicts)
    return render(
        request,
        "agreements/notice_list.html",
        {
            "page": page,
            "open_conflicts": conflicts,
            "bulk_form": BulkResolveForm(conflicts=_resolvable(request.user)) if mine else None,
            "can_add": _notifying_institutions(request.user).exists(),
        },
    )


@permission_required("agreements.view_notices")
@require_POST
def conflicts_resolve(request):
    """Several open conflicts resolved the same way at once (the secretary). A conflict the
    user may not resolve among them: 403, and nothing is resolved."""
    resolvable = _resolvable(request.user)
    allowed = {str(pk) for pk in resolvable.values_list("pk", flat=True)}
    if set(request.POST.getlist("conflicts")) - allowed:
        raise PermissionDenied
    form = BulkResolveForm(request.POST, conflicts=resolvable)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("agreements:notice_list")
    ok, done = attempt(
        request, lambda: services.resolve_conflicts(actor=request.user, **form.cleaned_data)
    )
    if ok:
        messages.success(
            request,
            ngettext("%(n)s conflict has been resolved.", "%(n)s conflicts have been resolved.",
                     len(done)) % {"n": len(done)},
        )  # fmt: skip
    return redirect("agreements:notice_list")


@login_required
def notice_create(request):
    institutions = _notifying_institutions(request.user)
    if not institutions.exists():
        raise PermissionDenied
    form = NoticeForm(request.POST or None, institutions=institutions)
    notice = save_through_service(request, form, services.create_notice)
    if notice is not None:
        messages.success(request, _("The notice has been saved as a draft."))
        return redirect("agreements:notice_detail", pk=notice.pk)
    return render(request, "agreements/notice_form.html", {"form": form})


def _notice_or_404(request, pk):
    return get_object_or_404(selectors.notice_queryset(request.user), pk=pk)


@login_required
def notice_detail(request, pk):
    notice = _notice_or_404(request, pk)
    conflicts = list(selectors.conflict_queryset(request.user).filter(notice=notice))
    can_resolve = request.user.has_perm("agreements.resolve_noticeconflict", notice)
    return render(
        request,
        "agreements/notice_detail.html",
        {
            "notice": notice,
            "conflicts": conflicts,
            "can_submit": notice.state == "draft"
            and request.user.has_perm("agreements.submit_startstopnotice", notice),
            "exception_form": ExceptionForm()
            if notice.state == "draft"
            and request.user.has_perm("agreements.except_startstopnotice", notice)
            else None,
            "resolve_form": ResolveForm() if can_resolve else None,
        },
    )


@login_required
@require_POST
def notice_submit(request, pk):
    notice = _notice_or_404(request, pk)
    ok, notice = attempt(request, lambda: services.submit_notice(actor=request.user, notice=notice))
    if ok:
        if notice.conflicts.exists():
            messages.warning(request, _("Submitted, but the notice conflicts with an agreement."))
        else:
            messages.success(request, _("The notice has been submitted."))
    return redirect("agreements:notice_detail", pk=pk)


@login_required
@require_POST
def notice_exception(request, pk):
    notice = _notice_or_404(request, pk)
    form = ExceptionForm(request.POST)
    if form.is_valid():
        services.record_late_exception(actor=request.user, notice=notice, **form.cleaned_data)
        messages.success(request, _("The exception has been recorded."))
    else:
        messages.error(request, _("Give the reason for the exception."))
    return redirect("agreements:notice_detail", pk=pk)


@login_required
@require_POST
def conflict_resolve(request, pk):
    conflict = get_object_or_404(selectors.conflict_queryset(request.user), pk=pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        ok, resolved = attempt(
            request,
            lambda: services.resolve_conflict(
                actor=request.user, conflict=conflict, **form.cleaned_data
            ),
            _("The conflict has been resolved."),
        )
        if ok and resolved.escalation is not None:
            messages.info(
                request,
                _("A draft arbitration dossier has been prepared for the parties to file."),
            )
            return redirect(resolved.escalation)
    else:
        messages.error(request, _("Choose how the conflict is resolved."))
    return redirect("agreements:notice_detail", pk=conflict.notice_id)


# -- monitoring -------------------------------------------------------------------------


def _monitor(request, scope, links):
    """A dashboard and the half-yearly report of ``scope``: the page, printable, or XLSX."""
    today = local_today()
    start, end = monitoring.last_half_year(today)
    form = PeriodForm(request.GET or None, initial={"van": start, "tot": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["van"], form.cleaned_data["tot"]
    figures = monitoring.monitor(scope, user=request.user, start=start, end=end, today=today)
    if request.GET.get("formaat") == "xlsx":
        return _monitor_workbook(figures)
    return render(request, "agreements/monitor.html",
                  {**figures, "form": form, "links": links, "today": today})  # fmt: skip


def _monitor_workbook(figures) -> HttpResponse:
    workbook = Workbook()
    matrix = workbook.active
    matrix.title = _("Agreements")[:31]
    matrix.append([_("Category"), *map(str, figures["matrix"]["states"]), _("Total")])
    for row in figures["matrix"]["rows"]:
        matrix.append([str(row["label"]), *[c["n"] for c in row["cells"]], row["total"]])
    progress = workbook.create_sheet(_("Progress")[:31])
    progress.append([_("Category"), _("Active"), _("Progress (%)"), _("At risk or off track"),
                     _("Reports overdue")])  # fmt: skip
    for row in figures["progress"]:
        value = float(row["progress"]) if row["progress"] is not None else None
        progress.append([str(row["label"]), row["active"], value, row["at_risk"],
                         row["overdue_reports"]])  # fmt: skip
    regions = workbook.create_sheet(_("Regions")[:31])
    regions.append([_("Arbeidsmarktregio"), _("Regional commitments")])
    for row in figures["regions"]:
        regions.append([row["name"], row["n"]])
    cycles = workbook.create_sheet(_("Cycles")[:31])
    cycles.append([_("Year"), _("Agreements started"), _("Start notices"), _("Stop notices"),
                   _("Conflicts"), _("Still open"), _("Escalated")])  # fmt: skip
    for row in figures["cycles"]:
        cycles.append([row["year"], row["started"], row["starts"], row["stops"],
                       row["conflicts"], row["open_conflicts"], row["escalated"]])  # fmt: skip
    reports = workbook.create_sheet(_("Reports in the period")[:31])
    reports.append([_("From"), figures["start"], _("Until"), figures["end"]])
    reports.append([_("Reports"), figures["reports"]["total"]])
    for status, label in ProgressStatus.choices:
        reports.append([str(label), figures["reports"].get(status, 0)])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"monitor-{figures['scope'].kind}-{figures['start']}-{figures['end']}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    workbook.save(response)
    return response


@permission_required("agreements.view_agreement")
def monitor_national(request):
    kamers = Sectorkamer.objects.order_by("code")
    links = [(k.name, reverse("agreements:monitor_sectorkamer", args=[k.code])) for k in kamers]
    return _monitor(request, monitoring.national(), links)


@permission_required("agreements.view_agreement")
def monitor_sectorkamer(request, code):
    kamer = get_object_or_404(Sectorkamer, code=code)
    tables = kamer.regional_tables.order_by("name")
    links = [(t.name, reverse("agreements:monitor_table", args=[t.pk])) for t in tables]
    return _monitor(request, monitoring.of_sectorkamer(kamer), links)


@permission_required("agreements.view_agreement")
def monitor_region(request, code):
    region = get_object_or_404(Arbeidsmarktregio, code=code)
    tables = RegionalTable.objects.filter(regions=region).order_by("name")
    links = [(t.name, reverse("agreements:monitor_table", args=[t.pk])) for t in tables]
    return _monitor(request, monitoring.of_region(region), links)


@permission_required("agreements.view_agreement")
def monitor_table(request, pk):
    table = get_object_or_404(RegionalTable, pk=pk)
    regions = table.regions.order_by("name")
    links = [(r.name, reverse("agreements:monitor_region", args=[r.code])) for r in regions]
    return _monitor(request, monitoring.of_table(table), links)

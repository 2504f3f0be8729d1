from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import attempt
from core.timeutils import cycle_year_for, local_today
from core.views import permission_required
from regions.models import Arbeidsmarktregio, Sectorkamer

from . import selectors, services
from .forms import UploadForm

SIGNAL_PANELS = []  # apps above (agendas) add what a signal's row offers: see register_...


def register_signal_panel(panel):
    """``panel(request, sectorkamer, year, signals) -> dict`` adds context to the atlas page
    (agendas: the cycle's revision and what has been done with each signal)."""
    if panel not in SIGNAL_PANELS:
        SIGNAL_PANELS.append(panel)
    return panel


def _without_page(request, param: str = "page") -> str:
    """The page's other GET parameters (filters, map, the other table's page), for the
    links to the pages of the signals (``page``) or of the opleidingen."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()


@permission_required("atlas.view_signal")
def index(request):
    year = cycle_year_for(local_today())
    map_choice = selectors.MapChoice(request.GET or None)
    return render(
        request,
        "atlas/index.html",
        {
            "year": year,
            "sectorkamers": selectors.atlas_overview(user=request.user, year=year),
            "map_form": map_choice,
            "map": selectors.region_map(map_choice.cleaned(), year=year - 1),
            "can_upload": request.user.has_perm("atlas.add_dataset"),
        },
    )


def _atlas_page(request, context, template, **more):
    """An atlas page (``template``), or its print version, with the links that keep the
    page's other parameters."""
    context.update(
        other_params=_without_page(request),
        table_params=_without_page(request, selectors.QUALIFICATION_PAGE),
        **more,
    )
    if request.GET.get("print"):
        template = "atlas/print.html"
    return render(request, template, context)


@permission_required("atlas.view_signal")
def sectorkamer_atlas(request, code, year):
    sectorkamer = get_object_or_404(Sectorkamer, code=code)
    context = selectors.sectorkamer_atlas(
        user=request.user, sectorkamer=sectorkamer, year=year, params=request.GET
    )
    for panel in SIGNAL_PANELS:
        context.update(panel(request, sectorkamer, year, context["signals"]))
    return _atlas_page(
        request, context, "atlas/sectorkamer.html",
        sectorkamer=sectorkamer, year=year, indicators_template="atlas/_indicators.html",
        chart_subject=sectorkamer.abbreviation,
        title=_("Atlas %(name)s for the %(year)s cycle") % {"name": sectorkamer.name, "year": year},
    )  # fmt: skip


@require_POST
@permission_required("atlas.add_atlaspublication")
def publish(request, code, year):
    """SBB publishes the sectorkamer's atlas: its secretary and members are told."""
    sectorkamer = get_object_or_404(Sectorkamer, code=code)
    attempt(
        request,
        lambda: services.publish_atlas(actor=request.user, sectorkamer=sectorkamer, year=year),
        _("The atlas is published; the secretary and the members have been told."),
    )
    return redirect("atlas:sectorkamer", code, year)


@permission_required("atlas.view_signal")
def region_atlas(request, code, year):
    """One arbeidsmarktregio's atlas, for its regional tables' conversation."""
    region = get_object_or_404(Arbeidsmarktregio, code=code)
    context = selectors.region_atlas(
        user=request.user, region=region, year=year, params=request.GET
    )
    return _atlas_page(
        request, context, "atlas/region.html",
        region=region, year=year, indicators_template="atlas/_region_indicators.html",
        chart_subject=region.name, tables=region.regional_tables.order_by("name"),
        title=_("Atlas of the arbeidsmarktregio %(name)s for the %(year)s cycle")
        % {"name": region.name, "year": year},
    )  # fmt: skip


@permission_required("atlas.add_dataset")
def datasets(request):
    """The deliveries loaded, with their provenance; SBB staff upload a new one here."""
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        load = {"enrolments": services.import_enrolments,
                "indicators": services.import_indicators}[data["kind"]]  # fmt: skip
        try:
            report = load(
                actor=request.user, stream=data["file"].file, filename=data["file"].name,
                skip_invalid=data["skip_invalid"], title=data["title"],
            )  # fmt: skip
        except services.ImportFailed as failed:
            errors, status = failed.report.errors, 400
        else:
            for note in report.notes:
                messages.info(request, note)
            for error in report.errors:
                messages.warning(request, _("Skipped: %(error)s") % {"error": error})
            messages.success(
                request,
                _("%(stored)s values stored from %(read)s lines: %(dataset)s.")
                % {"stored": report.stored, "read": report.rows_read, "dataset": report.dataset},
            )
            return redirect("atlas:datasets")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "atlas/datasets.html",
        {"form": form, "errors": errors, "datasets": selectors.dataset_list()},
        status=status,
    )

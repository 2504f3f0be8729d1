from django.shortcuts import get_object_or_404, render

from core.timeutils import cycle_year_for, local_today
from core.views import permission_required
from regions.models import Sectorkamer

from . import selectors

SIGNAL_PANELS = []  # apps above (agendas) add what a signal's row offers: see register_...


def register_signal_panel(panel):
    """``panel(request, sectorkamer, year, signals) -> dict`` adds context to the atlas page
    (agendas: the cycle's revision and what has been done with each signal)."""
    if panel not in SIGNAL_PANELS:
        SIGNAL_PANELS.append(panel)
    return panel


@permission_required("atlas.view_signal")
def index(request):
    year = cycle_year_for(local_today())
    return render(
        request,
        "atlas/index.html",
        {"year": year, "sectorkamers": selectors.atlas_overview(user=request.user, year=year)},
    )


@permission_required("atlas.view_signal")
def sectorkamer_atlas(request, code, year):
    sectorkamer = get_object_or_404(Sectorkamer, code=code)
    context = selectors.sectorkamer_atlas(
        user=request.user, sectorkamer=sectorkamer, year=year, params=request.GET
    )
    context.update(sectorkamer=sectorkamer, year=year)
    for panel in SIGNAL_PANELS:
        context.update(panel(request, sectorkamer, year, context["signals"]))
    template = "atlas/print.html" if request.GET.get("print") else "atlas/sectorkamer.html"
    return render(request, template, context)

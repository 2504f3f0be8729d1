from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from regions.selectors import active_roles

from .health import run_checks
from .navigation import destinations_for


@login_required
def home(request):
    roles = active_roles(request.user)
    return render(
        request,
        "kansrijk_site/home.html",
        {
            "assignments": roles.assignments,
            "destinations": destinations_for(request.user),
        },
    )


@never_cache
@require_GET
def health(request):
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": results},
        status=200 if healthy else 503,
    )

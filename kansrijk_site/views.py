from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agendas.models import RevisionState
from agendas.selectors import cycle_overview
from agreements import monitoring
from core.timeutils import cycle_deadline, cycle_year_for, deadline_status, local_today
from notifications.selectors import Urgency, attention_for, cycle_timeline
from regions.models import Role
from regions.rules import is_sbb_staff
from regions.selectors import active_roles

from .health import CHECKS, WEB_CHECKS, run_checks
from .navigation import destinations_for

# Those who work towards 1 February see the cycle with a countdown on their home page.
CYCLE_ROLES = {Role.SECTORKAMER_SECRETARY, Role.BOARD_MEMBER, Role.ORGANISATION_REPRESENTATIVE}


@login_required
def home(request):
    roles = active_roles(request.user)
    attention = attention_for(request.user)
    context = {
        "assignments": roles.assignments,
        "destinations": destinations_for(request.user),
        "attention": attention,
        "urgent": sum(1 for a in attention if a.urgency <= Urgency.THIS_WEEK),
        "is_staff": is_sbb_staff(request.user),
    }
    today = local_today()
    if roles.roles & CYCLE_ROLES:
        year = cycle_year_for(today)
        context.update(
            cycle_year=year,
            cycle_deadline=deadline_status(cycle_deadline(year), done_at=None),
            milestones=[
                (milestone, (milestone.ends_on or milestone.starts_on) < today)
                for milestone in cycle_timeline(year)
            ],
        )
        context["next_milestone"] = next(
            (m for m, past in context["milestones"] if m.starts_on >= today), None
        )
    if Role.BOARD_MEMBER in roles.roles:  # national progress at a glance
        context["glance"] = monitoring.glance(monitoring.national(), today=today)
        overview = cycle_overview(year=cycle_year_for(today))
        context["ratified"] = sum(
            1
            for _kamer, revision in overview
            if revision and revision.state == RevisionState.RATIFIED
        )
        context["sectorkamers"] = len(overview)
    return render(request, "kansrijk_site/home.html", context)


@never_cache
@require_GET
def health(request):
    """Everything the site needs, the Celery worker included (for a monitor)."""
    status, results = run_checks(CHECKS)
    return JsonResponse({"status": status, "checks": results}, status=_HEALTH_STATUS[status])


@never_cache
@require_GET
def health_web(request):
    """What this web process needs to serve pages (for a load balancer): no worker check."""
    status, results = run_checks(WEB_CHECKS)
    return JsonResponse({"status": status, "checks": results}, status=_HEALTH_STATUS[status])


_HEALTH_STATUS = {"ok": 200, "degraded": 503, "unhealthy": 503}


def _api_error(request, status, code, detail):
    return JsonResponse({"status": status, "code": code, "detail": str(detail)}, status=status)


def page_not_found(request, exception):
    """404: the API answers in its own JSON error shape, pages with the Dutch page."""
    if request.path.startswith("/api/"):
        return _api_error(request, 404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return _api_error(request, 500, "server_error", _("A server error occurred."))
    return defaults.server_error(request)

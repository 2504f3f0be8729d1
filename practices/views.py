from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from agendas.selectors import priorities_queryset
from agreements.models import Agreement
from core.forms import save_through_service
from core.history import transition_events
from core.views import filtered_page, require_permission, transition_view, workflow_page

from . import selectors, services
from .forms import PracticeForm


@login_required
def practice_list(request):
    """Practices shared by the parties: published ones for everyone, and for the sectorkamer
    also those waiting for review; filtered, searchable and paged."""
    context = filtered_page(
        request, selectors.PracticeFilter, selectors.practice_queryset(request.user)
    )
    return render(request, "practices/list.html", context)


def _practice_form(request, *, agreement=None, priority=None):
    subject = agreement if agreement is not None else priority
    require_permission(request.user, "practices.submit_practice", subject)
    form = PracticeForm(request.POST or None, user=request.user)
    practice = save_through_service(
        request, form, services.submit_practice, agreement=agreement, priority=priority
    )
    if practice is not None:
        messages.success(
            request, _("Thank you: the sectorkamer's secretary reviews the practice first.")
        )
        return redirect("practices:detail", pk=practice.pk)
    return render(
        request,
        "practices/form.html",
        {"form": form, "agreement": agreement, "priority": priority},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def practice_create_for_agreement(request, pk):
    return _practice_form(request, agreement=get_object_or_404(Agreement, pk=pk))


@login_required
def practice_create_for_priority(request, priority_pk):
    priority = get_object_or_404(priorities_queryset(request.user), pk=priority_pk)
    return _practice_form(request, priority=priority)


def _practice_page(request, practice, *, bound=None, status=200):
    return workflow_page(
        request,
        "practices/detail.html",
        practice,
        {"practice": practice, "timeline": transition_events(practice)},
        bound=bound,
        status=status,
    )


@login_required
def practice_detail(request, pk):
    return _practice_page(request, _practice_or_404(request, pk))


def _practice_or_404(request, pk):
    return get_object_or_404(selectors.practice_queryset(request.user), pk=pk)


practice_transition = transition_view(_practice_or_404, "practices:detail", _practice_page)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agendas.selectors import priorities_queryset
from agreements.models import Agreement
from core.forms import save_through_service
from core.history import transition_events
from core.views import filtered_page, post_transition, require_permission

from . import selectors, services
from .forms import PracticeForm
from .workflow import WORKFLOW


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
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "transition_forms": WORKFLOW.page_forms(practice, request.user, bound=bound),
            "timeline": transition_events(practice),
        },
        status=status,
    )


@login_required
def practice_detail(request, pk):
    practice = get_object_or_404(selectors.practice_queryset(request.user), pk=pk)
    return _practice_page(request, practice)


@login_required
@require_POST
def practice_transition(request, pk, name):
    practice = get_object_or_404(selectors.practice_queryset(request.user), pk=pk)
    done, form = post_transition(request, practice, name)
    if done:
        return redirect("practices:detail", pk=practice.pk)
    return _practice_page(request, practice, bound=(name, form), status=400)

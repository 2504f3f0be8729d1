from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from regions.models import Role, Side

from . import selectors


@login_required
def sectorkamer_list(request):
    if not request.user.has_perm("agendas.view_sectorkamer"):
        raise PermissionDenied
    return render(
        request,
        "agendas/sectorkamer_list.html",
        {"sectorkamers": selectors.sectorkamer_list()},
    )


@login_required
def sectorkamer_detail(request, code):
    if not request.user.has_perm("agendas.view_sectorkamer"):
        raise PermissionDenied
    sectorkamer = get_object_or_404(selectors.sectorkamer_workspace_queryset(), code=code)
    people = sectorkamer.active_people
    return render(
        request,
        "agendas/sectorkamer_detail.html",
        {
            "sectorkamer": sectorkamer,
            "secretaries": [a for a in people if a.role == Role.SECTORKAMER_SECRETARY],
            "education": [a for a in people if a.side == Side.EDUCATION],
            "business": [a for a in people if a.side == Side.BUSINESS],
        },
    )

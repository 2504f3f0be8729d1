from django.db.models import Prefetch, Q, QuerySet

from kansrijk_site.timeutils import local_today
from regions.models import RegionalTable, Role, RoleAssignment

from .models import Sectorkamer


def sectorkamer_list() -> QuerySet:
    return Sectorkamer.objects.order_by("code")


def sectorkamer_workspace_queryset() -> QuerySet:
    """A sectorkamer with today's secretaries and members (with side and organisation)."""
    day = local_today()
    people = (
        RoleAssignment.objects.filter(
            role__in=[Role.SECTORKAMER_SECRETARY, Role.SECTORKAMER_MEMBER],
            valid_from__lte=day,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .select_related("user__organisation")
        .order_by("role", "side", "user__last_name")
    )
    return Sectorkamer.objects.prefetch_related(
        Prefetch("role_assignments", queryset=people, to_attr="active_people"),
        Prefetch("regional_tables", queryset=RegionalTable.objects.order_by("name")),
    )

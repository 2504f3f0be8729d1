"""Reads shared by the pages and the API of the regions app."""

import dataclasses
import datetime
import time

import django_filters
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.cache import cached, invalidate
from core.filters import SearchFilter
from core.timeutils import local_today, start_of_day

from .models import (
    Arbeidsmarktregio,
    Organisation,
    OrganisationKind,
    RegionalTable,
    Role,
    RoleAssignment,
    TableMembership,
    User,
)


@dataclasses.dataclass(frozen=True)
class ActiveRoles:
    """The roles a user holds today, loaded with one query and kept on the user object."""

    day: datetime.date
    roles: frozenset = frozenset()
    secretary_of: frozenset = frozenset()  # sectorkamer ids
    member_of: frozenset = frozenset()  # sectorkamer ids
    member_sides: tuple = ()  # (sectorkamer id, side) pairs
    coordinator_of: frozenset = frozenset()  # regional table ids
    table_member_of: frozenset = frozenset()  # regional table ids
    represents: frozenset = frozenset()  # organisation ids
    assignments: tuple = ()

    def has(self, role: str) -> bool:
        return role in self.roles


def assignments_valid_on(day: datetime.date, **filters) -> QuerySet:
    """Role assignments valid on the Amsterdam date ``day`` (validity is inclusive at both
    ends; an open end runs on), narrowed by ``filters``. The one place that rule is written."""
    return RoleAssignment.objects.filter(valid_from__lte=day, **filters).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def users_with_role(role, *, sectorkamer_id=None, table_id=None, organisation_ids=None):
    """The active users holding ``role`` today for the given scope."""
    assignments = assignments_valid_on(local_today(), role=role)
    if sectorkamer_id is not None:
        assignments = assignments.filter(sectorkamer_id=sectorkamer_id)
    if table_id is not None:
        assignments = assignments.filter(regional_table_id=table_id)
    if organisation_ids is not None:
        assignments = assignments.filter(organisation_id__in=organisation_ids)
    return list(User.objects.filter(is_active=True, pk__in=assignments.values("user_id")))


def active_assignments(*, user: User, day: datetime.date | None = None) -> QuerySet:
    day = day or local_today()
    return (
        assignments_valid_on(day, user=user)
        .select_related("sectorkamer", "regional_table", "organisation")
        .order_by("role", "valid_from")
    )


ROLES_SECONDS = 300  # a backstop: every change of an assignment renews the generation


def _load_active_roles(user, day: datetime.date) -> ActiveRoles:
    assignments = tuple(active_assignments(user=user, day=day))

    def ids(role, field):
        return frozenset(getattr(a, f"{field}_id") for a in assignments if a.role == role)

    return ActiveRoles(
        day=day,
        roles=frozenset(a.role for a in assignments),
        secretary_of=ids(Role.SECTORKAMER_SECRETARY, "sectorkamer"),
        member_of=ids(Role.SECTORKAMER_MEMBER, "sectorkamer"),
        member_sides=tuple(
            (a.sectorkamer_id, a.side) for a in assignments if a.role == Role.SECTORKAMER_MEMBER
        ),
        coordinator_of=ids(Role.TABLE_COORDINATOR, "regional_table"),
        table_member_of=ids(Role.TABLE_MEMBER, "regional_table"),
        represents=ids(Role.ORGANISATION_REPRESENTATIVE, "organisation"),
        assignments=assignments,
    )


def active_roles(user) -> ActiveRoles:
    """The user's roles today (Amsterdam date); expired or future assignments grant nothing.

    Cached across requests per user and day (core.cache: every change of the user's
    assignments renews the generation), and kept on the user object until the next
    Amsterdam midnight: a page asks for them for every row's permissions, so the check that
    they are still today's must be cheap."""
    kept = getattr(user, "_kansrijk_active_roles", None)
    if kept is not None and kept[0] <= time.time() < kept[1]:
        return kept[2]
    day = local_today()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ActiveRoles(day=day)
    result = cached(
        "roles", user.pk, lambda: _load_active_roles(user, day), timeout=ROLES_SECONDS,
        variant=day.isoformat(),
    )  # fmt: skip
    user._kansrijk_active_roles = (
        start_of_day(day).timestamp(),
        start_of_day(day + datetime.timedelta(days=1)).timestamp(),
        result,
    )
    return result


def forget_active_roles(user) -> None:
    """Drop the cached roles after the user's assignments changed (on this object and,
    for every request after the change, in the cache)."""
    user.__dict__.pop("_kansrijk_active_roles", None)
    invalidate("roles", [user.pk])


def arbeidsmarktregio_list() -> QuerySet:
    return Arbeidsmarktregio.objects.annotate(
        organisation_count=Count("organisations", distinct=True),
        table_count=Count("regional_tables", distinct=True),
    ).order_by("code")


class OrganisationFilter(django_filters.FilterSet):
    """The organisation filters offered by the directory page and the API alike."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)
    region = django_filters.CharFilter(
        label=_("Arbeidsmarktregio (code)"), field_name="regions__code"
    )
    q = SearchFilter("name__icontains", "institution_code__iexact")

    class Meta:
        model = Organisation
        fields = ["kind", "region", "q"]


def organisation_queryset() -> QuerySet:
    return Organisation.objects.prefetch_related("regions").order_by("name")


def organisation_detail_queryset() -> QuerySet:
    return Organisation.objects.prefetch_related(
        "regions",
        Prefetch(
            "table_memberships",
            queryset=TableMembership.objects.select_related("table").order_by("table__name"),
        ),
    )


def _active_coordinators_prefetch(day: datetime.date) -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=assignments_valid_on(day, role=Role.TABLE_COORDINATOR)
        .select_related("user")
        .order_by("user__last_name", "user__username"),
        to_attr="active_coordinator_assignments",
    )


def regional_table_queryset() -> QuerySet:
    """Tables with their regions, focus, members and today's coordinators in fixed queries."""
    return (
        RegionalTable.objects.select_related("sectorkamer")
        .prefetch_related(
            "regions",
            Prefetch(
                "memberships",
                queryset=TableMembership.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            ),
            _active_coordinators_prefetch(local_today()),
        )
        .order_by("name")
    )


NAMES_SUGGESTED = 10


def organisation_names(typed: str) -> list[str]:
    """Names containing ``typed``, those starting with it first (one query, at most ten)."""
    from django.db.models import Case, IntegerField, Value, When

    return list(
        Organisation.objects.filter(name__icontains=typed)
        .annotate(first=Case(When(name__istartswith=typed, then=Value(0)), default=Value(1),
                             output_field=IntegerField()))
        .order_by("first", "name")
        .values_list("name", flat=True)[:NAMES_SUGGESTED]
    )  # fmt: skip

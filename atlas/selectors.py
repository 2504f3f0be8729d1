"""Reads of the atlas, shared by pages, API and the signal computation."""

from dataclasses import dataclass

import django_filters
from django.db.models import Count, Q, Sum

from regions.selectors import active_roles

from .models import Enrolment, IndicatorValue, Signal


@dataclass(frozen=True)
class Total:
    """A sum of counts: exact, or, when a suppressed small cell is in it, a range."""

    low: int
    high: int
    suppressed: bool

    @property
    def exact(self) -> int | None:
        return None if self.suppressed else self.low

    def __str__(self):
        return f"{self.low}–{self.high}" if self.suppressed else str(self.low)


def current_enrolments():
    """Enrolments of the datasets in force (not replaced by a newer delivery)."""
    return Enrolment.objects.filter(dataset__replaced_by__isnull=True)


def enrolment_totals(queryset=None, *, by=()) -> list[dict]:
    """Totals per ``by`` (field names), summed in SQL: ``total`` is a ``Total`` that stays
    a range whenever a suppressed cell is among the rows it sums."""
    queryset = current_enrolments() if queryset is None else queryset
    rows = (
        queryset.values(*by)
        .annotate(
            low_sum=Sum("low"),
            high_sum=Sum("high"),
            suppressed_cells=Count("pk", filter=Q(suppressed=True)),
        )
        .order_by(*by)
    )
    result = []
    for row in rows:
        total = Total(row.pop("low_sum"), row.pop("high_sum"), row.pop("suppressed_cells") > 0)
        result.append({**row, "total": total})
    return result


def _pick(row):
    """Gendered rows and rows for all genders are never added together: a file gives one or
    the other for a cell; the gendered ones when present."""
    if row["gendered"]:
        return Total(row["g_low"], row["g_high"], row["g_suppressed"] > 0)
    return Total(row["t_low"] or 0, row["t_high"] or 0, row["t_suppressed"] > 0)


def student_totals(*, year: int, by: tuple) -> dict:
    """Students per ``by`` (e.g. ("institution", "qualification")) in ``year``, summed in SQL
    over every leerweg: {key tuple: Total}."""
    gendered, everyone = ~Q(gender=""), Q(gender="")
    rows = (
        current_enrolments()
        .filter(year=year)
        .values(*by)
        .annotate(
            gendered=Count("pk", filter=gendered),
            g_low=Sum("low", filter=gendered),
            g_high=Sum("high", filter=gendered),
            g_suppressed=Count("pk", filter=gendered & Q(suppressed=True)),
            t_low=Sum("low", filter=everyone),
            t_high=Sum("high", filter=everyone),
            t_suppressed=Count("pk", filter=everyone & Q(suppressed=True)),
        )
        .order_by()
    )
    return {tuple(row[key] for key in by): _pick(row) for row in rows}


def latest_indicator_year(indicator, *, up_to: int) -> int | None:
    return (
        IndicatorValue.objects.filter(
            indicator=indicator, year__lte=up_to, dataset__replaced_by__isnull=True
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def indicator_values(indicator, *, year: int):
    return IndicatorValue.objects.filter(
        indicator=indicator, year=year, dataset__replaced_by__isnull=True
    ).select_related("qualification", "institution", "region")


# -- what the API and the pages list -----------------------------------------------------------


def _sbb_or_board(user) -> bool:
    from regions.models import Role

    return user.is_staff or Role.BOARD_MEMBER in active_roles(user).roles


def visible_signals(user):
    """Every logged-in user sees the signals about opleidingen, sectorkamers and regions; a
    signal about one institution only that institution's representatives, its sectorkamer's
    secretaries and members, SBB staff and the board."""
    if not getattr(user, "is_authenticated", False):
        return Signal.objects.none()
    signals = Signal.objects.select_related("rule", "sectorkamer", "qualification",
                                            "institution", "region")  # fmt: skip
    if _sbb_or_board(user):
        return signals
    roles = active_roles(user)
    kamers = roles.secretary_of | roles.member_of
    return signals.filter(
        Q(institution__isnull=True)
        | Q(institution_id__in=roles.represents)
        | Q(sectorkamer_id__in=kamers)
    )


class IndicatorValueFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    sectorkamer = django_filters.CharFilter(method="filter_sectorkamer")
    region = django_filters.CharFilter(field_name="region__code")
    crebo = django_filters.CharFilter(field_name="qualification__crebo")
    institution = django_filters.CharFilter(field_name="institution__institution_code")
    qualification_level = django_filters.NumberFilter(field_name="qualification__level")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "year", "level", "sectorkamer", "region", "crebo", "institution"]

    def filter_sectorkamer(self, queryset, name, value):
        """Values about the sectorkamer itself or about one of its qualifications."""
        return queryset.filter(
            Q(sectorkamer__code=value) | Q(qualification__sectorkamer__code=value)
        )


class SignalFilter(django_filters.FilterSet):
    rule = django_filters.CharFilter(field_name="rule__code")
    sectorkamer = django_filters.CharFilter(field_name="sectorkamer__code")
    region = django_filters.CharFilter(field_name="region__code")
    crebo = django_filters.CharFilter(field_name="qualification__crebo")
    institution = django_filters.CharFilter(field_name="institution__institution_code")
    qualification_level = django_filters.NumberFilter(field_name="qualification__level")

    class Meta:
        model = Signal
        fields = ["year", "state", "rule", "sectorkamer", "region", "crebo", "institution"]


def indicator_value_queryset():
    return (
        IndicatorValue.objects.filter(dataset__replaced_by__isnull=True)
        .select_related("indicator", "sectorkamer", "region", "qualification", "institution")
        .order_by("indicator__code", "year", "pk")
    )

"""Reads of the atlas, shared by pages, API and the signal computation."""

from dataclasses import dataclass

import django_filters
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from regions.models import Arbeidsmarktregio, Role, Sectorkamer
from regions.selectors import active_roles

from .charts import tile_map, trend_chart
from .models import (
    AtlasPublication,
    Dataset,
    Enrolment,
    IndicatorValue,
    QualificationTotal,
    RegionTotal,
    Signal,
    SignalState,
)


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


_GENDERED, _EVERYONE = ~Q(gender=""), Q(gender="")


def _sums(cells, suppressed) -> dict:
    """The sums ``_pick`` chooses from: the gendered rows and the rows for everyone, apart.
    ``cells(where)`` counts the cells a set of rows sums, ``suppressed(where)`` those of
    them that were suppressed."""
    return {
        "gendered": cells(_GENDERED),
        "g_low": Sum("low", filter=_GENDERED),
        "g_high": Sum("high", filter=_GENDERED),
        "g_suppressed": suppressed(_GENDERED),
        "t_low": Sum("low", filter=_EVERYONE),
        "t_high": Sum("high", filter=_EVERYONE),
        "t_suppressed": suppressed(_EVERYONE),
    }


# over enrolment rows: a row is a cell
TOTALS = _sums(
    lambda where: Count("pk", filter=where),
    lambda where: Count("pk", filter=where & Q(suppressed=True)),
)
# over the stored roll-ups (``QualificationTotal``, ``RegionTotal``), whose rows carry the
# number of cells they sum and how many of those were suppressed
SUMMED_TOTALS = _sums(
    lambda where: Coalesce(Sum("cells", filter=where), 0),
    lambda where: Coalesce(Sum("suppressed_cells", filter=where), 0),
)


def _pick(row):
    """Gendered rows and rows for all genders are never added together: a file gives one or
    the other for a cell; the gendered ones when present."""
    if row["gendered"]:
        return Total(row["g_low"], row["g_high"], row["g_suppressed"] > 0)
    return Total(row["t_low"] or 0, row["t_high"] or 0, row["t_suppressed"] > 0)


def enrolment_totals(queryset=None, *, by=(), sums=TOTALS) -> list[dict]:
    """Totals per ``by`` (field names), summed in SQL: ``total`` is a ``Total`` that stays
    a range whenever a suppressed cell is among the rows it sums (``sums``: SUMMED_TOTALS
    over a roll-up)."""
    queryset = current_enrolments() if queryset is None else queryset
    rows = queryset.values(*by).annotate(**sums).order_by(*by)
    keys = [key for key in sums]
    return [
        {**{k: v for k, v in row.items() if k not in keys}, "total": _pick(row)} for row in rows
    ]


def student_totals(*, year: int, by: tuple) -> dict:
    """Students per ``by`` (e.g. ("institution", "qualification")) in ``year``, summed in SQL
    over every leerweg: {key tuple: Total}."""
    rows = current_enrolments().filter(year=year).values(*by).annotate(**TOTALS).order_by()
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


class SubjectFilter(django_filters.FilterSet):
    """What the atlas's values and signals are about, by their codes."""

    region = django_filters.CharFilter(field_name="region__code")
    crebo = django_filters.CharFilter(field_name="qualification__crebo")
    institution = django_filters.CharFilter(field_name="institution__institution_code")
    qualification_level = django_filters.NumberFilter(field_name="qualification__level")


class IndicatorValueFilter(SubjectFilter):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    sectorkamer = django_filters.CharFilter(method="filter_sectorkamer")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "year", "level", "sectorkamer", "region", "crebo", "institution"]

    def filter_sectorkamer(self, queryset, name, value):
        """Values about the sectorkamer itself or about one of its qualifications."""
        return queryset.filter(
            Q(sectorkamer__code=value) | Q(qualification__sectorkamer__code=value)
        )


class SignalFilter(SubjectFilter):
    rule = django_filters.CharFilter(field_name="rule__code")
    sectorkamer = django_filters.CharFilter(field_name="sectorkamer__code")

    class Meta:
        model = Signal
        fields = ["year", "state", "rule", "sectorkamer", "region", "crebo", "institution"]


def indicator_value_queryset():
    return (
        IndicatorValue.objects.filter(dataset__replaced_by__isnull=True)
        .select_related("indicator", "sectorkamer", "region", "qualification", "institution")
        .order_by("indicator__code", "year", "pk")
    )


# -- the sectorkamer atlas ---------------------------------------------------------------------

BOL = ("BOLVT", "BOLDT")
SERIES = (("BOL", BOL), ("BBL", ("BBL",)))
YEARS_SHOWN = 5


class EnrolmentFilter(django_filters.FilterSet):
    """The atlas page's filters (GET): level, leerweg, region, crebo."""

    level = django_filters.ChoiceFilter(
        label=gettext_lazy("Level"), field_name="qualification__level",
        choices=[(n, str(n)) for n in range(1, 5)],
    )  # fmt: skip
    leerweg = django_filters.ChoiceFilter(
        label=gettext_lazy("Leerweg"), method="filter_leerweg",
        choices=[("BOL", "BOL"), ("BBL", "BBL")],
    )  # fmt: skip
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Arbeidsmarktregio"), to_field_name="code",
        queryset=Arbeidsmarktregio.objects.order_by("name"), field_name="institution__regions",
    )  # fmt: skip
    crebo = django_filters.CharFilter(
        label=gettext_lazy("Crebo"), field_name="qualification__crebo"
    )

    class Meta:
        model = Enrolment
        fields = ["level", "leerweg", "region", "crebo"]

    def filter_leerweg(self, queryset, name, value):
        return queryset.filter(leerweg__in=dict(SERIES)[value])


def _enrolment_picture(queryset, data_years: list, params, *, sums=TOTALS) -> dict:
    """The enrolment of ``queryset`` over ``data_years``, summed in SQL per qualification,
    series and year (one query): the trend per series with its chart, the table per
    qualification with its change over 1 and 3 years and its share of the whole (a page of
    it: ``?opleidingen=``; every row when ``params`` asks for print), and the strongest
    growth and decline (exact counts only: a range is never ranked)."""
    leerweg_series = Case(
        *[When(leerweg__in=leerwegen, then=Value(name)) for name, leerwegen in SERIES],
        output_field=CharField(),
    )
    per_series, per_qualification = {}, {}
    rows = (
        queryset.annotate(series=leerweg_series)
        .values(
            "qualification_id",
            "qualification__crebo",
            "qualification__name",
            "qualification__level",
            "series",
            "year",
        )  # fmt: skip
        .annotate(**sums)
        .order_by("qualification__name", "year")
    )
    for row in rows:
        total = _pick(row)
        key = (row["series"], row["year"])
        per_series[key] = _add(per_series.get(key), total)
        entry = per_qualification.setdefault(row["qualification_id"], {
            "crebo": row["qualification__crebo"], "name": row["qualification__name"],
            "level": row["qualification__level"], "years": {},
        })  # fmt: skip
        entry["years"][row["year"]] = _add(entry["years"].get(row["year"]), total)
    last_year = data_years[-1]
    whole = None
    for (_series, year), total in per_series.items():
        if year == last_year:
            whole = _add(whole, total)
    table = []
    for entry in per_qualification.values():
        years = entry["years"]
        entry["cells"] = [years.get(y) for y in data_years]
        entry["change_1y"] = _difference(years.get(data_years[-2]), years.get(last_year))
        entry["change_3y"] = _change(years.get(data_years[-4]), years.get(last_year))
        entry["share"] = _share(years.get(last_year), whole)
        table.append(entry)
    table.sort(key=lambda e: e["name"])
    ranked = sorted((e for e in table if e["change_1y"]), key=lambda e: e["change_1y"][0])
    growth = [e for e in reversed(ranked) if e["change_1y"][0] > 0][:RANKED]
    decline = [e for e in ranked if e["change_1y"][0] < 0][:RANKED]
    params = params or {}
    shown = (len(table) or 1) if params.get("print") else QUALIFICATIONS_SHOWN
    page = Paginator(table, shown).get_page(params.get(QUALIFICATION_PAGE))
    return {
        "years": data_years,
        "series_table": [
            (name, [per_series.get((name, y)) for y in data_years]) for name, _l in SERIES
        ],
        "chart": trend_chart(per_series, data_years, [name for name, _l in SERIES]),
        "qualifications": page.object_list,
        "qualifications_page": page,
        "rankings": [
            (gettext_lazy("Strongest growth"), growth, "growth"),
            (gettext_lazy("Strongest decline"), decline, "decline"),
        ],
    }


RANKED = 5
QUALIFICATIONS_SHOWN = 50  # rows of the table per opleiding; the rest on the next pages
QUALIFICATION_PAGE = "opleidingen"  # its page's GET parameter (``page`` pages the signals)


SIGNALS_SHOWN = 25  # the heaviest first; the rest on the next pages


def _signal_page(signals, params):
    """One page of the ranked signals (``?page=``): two queries whatever their number."""
    return Paginator(signals, SIGNALS_SHOWN).get_page((params or {}).get("page"))


def publication(sectorkamer, year: int):
    """The publication of the sectorkamer's atlas for cycle ``year``, or None (one query)."""
    return (
        AtlasPublication.objects.filter(sectorkamer=sectorkamer, year=year)
        .select_related("published_by")
        .first()
    )


def sectorkamer_atlas(*, user, sectorkamer, year: int, params) -> dict:
    """Everything the sectorkamer's atlas page for cycle ``year`` shows, in a fixed number
    of queries: the ranked open signals, the enrolment trend (BOL and BBL apart) with its
    table per qualification, growth and decline, the regions on a tile map, and the
    labour-market indicators of its qualifications."""
    data_years = list(range(year - YEARS_SHOWN, year))
    signals = _signal_page(
        visible_signals(user)
        .filter(sectorkamer=sectorkamer, year=year, state=SignalState.OPEN)
        .order_by("-weight", "rule__code", "subject", "pk"),
        params,
    )
    enrolments = EnrolmentFilter(
        params or None,
        queryset=current_enrolments().filter(
            qualification__sectorkamer=sectorkamer, year__in=data_years
        ),
    )
    map_choice = MapChoice(params or None)
    shown = map_choice.cleaned()
    return {
        "publication": publication(sectorkamer, year),
        "signals": list(signals.object_list),
        "signals_page": signals,
        "filter": enrolments,
        **_sector_picture(enrolments, sectorkamer, data_years, params),
        "indicators": _indicator_table(sectorkamer, up_to=year - 1),
        "map_form": map_choice,
        "map": region_map(shown, sectorkamer=sectorkamer, year=data_years[-1]),
    }


class QualificationTotalFilter(EnrolmentFilter):
    """The atlas page's filters on the stored totals per qualification (every filter but
    the region, which the totals have summed over)."""

    region = None

    class Meta:
        model = QualificationTotal
        fields = ["level", "leerweg", "crebo"]


def _chosen(filterset, name: str):
    """The valid value of one of the filters, or None (an invalid one filters nothing)."""
    if not filterset.is_bound:
        return None
    filterset.form.is_valid()  # cleans every field: the valid ones are in cleaned_data
    return filterset.form.cleaned_data.get(name)


def _sector_picture(enrolments: EnrolmentFilter, sectorkamer, data_years: list, params) -> dict:
    """The sectorkamer's enrolment picture from the stored totals per qualification; from
    the institutions' rows only when a region is chosen (the totals sum over regions)."""
    if _chosen(enrolments, "region"):
        return _enrolment_picture(enrolments.qs, data_years, params)
    totals = QualificationTotalFilter(
        params or None,
        queryset=QualificationTotal.objects.filter(
            dataset__replaced_by__isnull=True,
            qualification__sectorkamer=sectorkamer,
            year__in=data_years,
        ),
    )
    return _enrolment_picture(totals.qs, data_years, params, sums=SUMMED_TOTALS)


def _add(a: Total | None, b: Total) -> Total:
    if a is None:
        return b
    return Total(a.low + b.low, a.high + b.high, a.suppressed or b.suppressed)


def _change(first: Total | None, last: Total | None) -> str | None:
    """The change over three years, in %, only when both ends are exact counts."""
    if first is None or last is None or first.suppressed or last.suppressed or not first.low:
        return None
    return f"{(last.low - first.low) / first.low * 100:+.0f}%"


def _difference(first: Total | None, last: Total | None) -> tuple | None:
    """(students, "+n%") between two years, only when both are exact counts."""
    if first is None or last is None or first.suppressed or last.suppressed:
        return None
    percent = None
    if first.low:
        change = (last.low - first.low) / first.low * 100
        percent = f"{change:+.1f}%" if abs(change) < 1 else f"{change:+.0f}%"
    return (last.low - first.low, percent)


def _share(part: Total | None, whole: Total | None) -> str | None:
    """The share of the whole in %, only when both are exact."""
    if part is None or whole is None or part.suppressed or whole.suppressed or not whole.low:
        return None
    return f"{part.low / whole.low * 100:.1f}%"


# -- the regions on the map --------------------------------------------------------------------

MAP_STUDENTS = "students"
MAP_CHOICES = [
    (MAP_STUDENTS, gettext_lazy("Students in the last year")),
    ("stage_tekort", gettext_lazy("Shortage of internships and leerbanen")),
    ("spanningsindicator", gettext_lazy("UWV spanningsindicator")),
]


class MapChoice(django_filters.FilterSet):
    """What the tile map colours the regions by (a GET parameter of the atlas pages)."""

    map = django_filters.ChoiceFilter(label=gettext_lazy("Map"), choices=MAP_CHOICES,
                                      method="keep")  # fmt: skip

    class Meta:
        model = Enrolment
        fields = ["map"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, queryset=Enrolment.objects.none(), **kwargs)

    def keep(self, queryset, name, value):  # the choice colours the map; it filters nothing
        return queryset

    def cleaned(self) -> str:
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("map"):
            return self.form.cleaned_data["map"]
        return MAP_STUDENTS


def _latest_values(code: str, *, up_to: int):
    """The current values of one indicator in its latest year up to ``up_to``."""
    values = IndicatorValue.objects.filter(
        dataset__replaced_by__isnull=True, indicator__code=code, year__lte=up_to
    )
    latest = values.order_by("-year").values("year")[:1]
    return values.filter(year=Subquery(latest))


def region_map(shown: str, *, sectorkamer=None, year: int, current=None) -> dict:
    """The tile map's figures per region (one query, plus the regions): the sector's
    students at the region's institutions, the sum of an indicator over the sector's
    qualifications in the region, or a region-level indicator. An institution in several
    regions counts in each."""
    if shown == MAP_STUDENTS:
        queryset = RegionTotal.objects.filter(dataset__replaced_by__isnull=True, year=year)
        if sectorkamer is not None:
            queryset = queryset.filter(sectorkamer=sectorkamer)
        rows = enrolment_totals(queryset, by=("region__code",), sums=SUMMED_TOTALS)
        values = {row["region__code"]: (row["total"].low, str(row["total"])) for row in rows}
        unit = gettext_lazy("students")
    else:
        queryset = _latest_values(shown, up_to=year).filter(region__isnull=False)
        if shown == "spanningsindicator":
            queryset = queryset.filter(level="arbeidsmarktregio")
        elif sectorkamer is not None:
            queryset = queryset.filter(qualification__sectorkamer=sectorkamer)
        rows = queryset.values("region__code").annotate(value=Sum("value")).order_by()
        values = {row["region__code"]: (row["value"], plain(row["value"])) for row in rows}
        unit = dict(MAP_CHOICES)[shown]
    regions = list(Arbeidsmarktregio.objects.order_by("code"))
    return {
        "chart": tile_map(regions, values, current=current),
        "label": dict(MAP_CHOICES)[shown],
        "unit": unit,
        "rows": [(region, values.get(region.code, (None, "—"))[1]) for region in regions],
    }


def plain(value) -> str:
    """A decimal as people write it: 100, 69.9 (no trailing zeros, no exponent)."""
    return format(value.normalize(), "f")


# -- the region atlas --------------------------------------------------------------------------


class RegionEnrolmentFilter(EnrolmentFilter):
    """The region atlas's filters: the sectorkamer instead of the region."""

    region = None
    sectorkamer = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Sectorkamer"), to_field_name="code",
        queryset=Sectorkamer.objects.order_by("code"), field_name="qualification__sectorkamer",
    )  # fmt: skip

    class Meta:
        model = Enrolment
        fields = ["level", "leerweg", "sectorkamer", "crebo"]


def region_atlas(*, user, region, year: int, params) -> dict:
    """The atlas of one arbeidsmarktregio for cycle ``year`` (for its regional table): the
    open signals about it or its institutions, the enrolment at its institutions with
    growth and decline, the map and the region's indicators; a fixed number of queries."""
    data_years = list(range(year - YEARS_SHOWN, year))
    signals = _signal_page(
        visible_signals(user)
        .filter(year=year, state=SignalState.OPEN)
        .filter(Q(region=region) | Q(institution__regions=region))
        .distinct()
        .order_by("-weight", "rule__code", "subject", "pk"),
        params,
    )
    enrolments = RegionEnrolmentFilter(
        params or None,
        queryset=current_enrolments().filter(institution__regions=region, year__in=data_years),
    )
    map_choice = MapChoice(params or None)
    indicators = _latest_indicator_rows(region=region, up_to=year - 1)
    return {
        "signals": list(signals.object_list),
        "signals_page": signals,
        "filter": enrolments,
        **_enrolment_picture(enrolments.qs, data_years, params),
        "region_indicators": indicators,
        "map_form": map_choice,
        "map": region_map(map_choice.cleaned(), year=data_years[-1], current=region.code),
    }


def _latest_indicator_rows(*, region, up_to: int) -> list:
    """The newest value up to ``up_to`` of every indicator about the region (region level
    first, then per qualification): one query."""
    values = (
        IndicatorValue.objects.filter(
            dataset__replaced_by__isnull=True, region=region, year__lte=up_to
        )
        .select_related("indicator", "qualification")
        .order_by("indicator__code", "qualification__name", "-year")
    )
    newest = {}
    for item in values:
        newest.setdefault((item.indicator_id, item.qualification_id), item)

    def order(item):
        about = item.qualification.name if item.qualification else ""
        return (item.qualification is not None, item.indicator.name, about)

    return sorted(newest.values(), key=order)


ATLAS_INDICATORS = ("kans_op_werk", "werk_12u_1j", "onder_niveau", "kans_op_stage")


def _indicator_table(sectorkamer, *, up_to: int) -> dict:
    """The latest value up to ``up_to`` of the atlas's labour-market indicators per
    qualification of the sectorkamer (crebo level): {"columns": [...], "rows": [...]}."""
    values = (
        IndicatorValue.objects.filter(
            dataset__replaced_by__isnull=True,
            level="crebo",
            year__lte=up_to,
            indicator__code__in=ATLAS_INDICATORS,
            qualification__sectorkamer=sectorkamer,
        )  # fmt: skip
        .select_related("indicator", "qualification")
        .order_by("qualification__name", "indicator__code", "-year")
    )
    columns, rows = {}, {}
    for item in values:
        columns.setdefault(item.indicator.code, item.indicator)
        row = rows.setdefault(item.qualification_id, {"qualification": item.qualification})
        row.setdefault(item.indicator.code, item)  # the newest year first
    ordered = [code for code in ATLAS_INDICATORS if code in columns]
    return {
        "columns": [columns[code] for code in ordered],
        "rows": [
            (row["qualification"], [row.get(code) for code in ordered]) for row in rows.values()
        ],
    }


def atlas_overview(*, user, year: int) -> list:
    """The sectorkamers with their number of open signals for ``year`` (one query)."""
    counts = dict(
        visible_signals(user)
        .filter(year=year, state=SignalState.OPEN)
        .values("sectorkamer_id")
        .annotate(n=Count("pk"))
        .values_list("sectorkamer_id", "n")
    )
    kamers = list(Sectorkamer.objects.order_by("code"))
    for kamer in kamers:
        kamer.open_signals = counts.get(kamer.pk, 0)
    return kamers


DATASETS_SHOWN = 100


def dataset_list() -> list:
    """The latest deliveries first, with who loaded them and what replaced them."""
    return list(
        Dataset.objects.select_related("loaded_by", "replaced_by").order_by("-loaded_at", "-pk")[
            :DATASETS_SHOWN
        ]
    )

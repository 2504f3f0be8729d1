"""Reads shared by the agreement pages and the API: SMART check, progress and roll-ups,
the agreement board's filters, due dates, and what a school has to do."""

import dataclasses
import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import django_filters
from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.urls import reverse_lazy
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agendas.models import Priority
from core.filters import SearchFilter, SortFilter
from core.timeutils import local_today
from regions.models import Arbeidsmarktregio, Organisation, RegionalTable, Sectorkamer
from regions.selectors import active_roles

from .models import (
    OPEN_STATES,
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementState,
    Category,
    Direction,
    NoticeConflict,
    ProgrammeOfferRule,
    ProgressReport,
    ProgressStatus,
    StartStopNotice,
    progress_between,
)

INPUTS_SHOWN = 20  # a table's or an agreement's latest inputs from the regions on its page

# -- SMART ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SmartLetter:
    letter: str
    name: str
    ok: bool
    reasons: tuple
    field: str = ""  # the edit form's field that puts it right ("" : not on that form)


def agenda_last_year(agreement: Agreement) -> int | None:
    """The last year of the agenda the agreement serves (through its parent if regional)."""
    source = agreement.parent if agreement.parent_id else agreement
    if source.priority_id:
        return source.priority.revision.agenda.last_year
    return None


def smart_check(agreement: Agreement, parties=None) -> list[SmartLetter]:
    """Whether the agreement is Specific, Measurable, Acceptable, Realistic, Time-bound."""
    parties = list(agreement.parties.all()) if parties is None else parties
    s, m, a, r, t = [], [], [], [], []
    if not agreement.description.strip():
        s.append(_("Describe what is agreed, by whom and where."))
    if not agreement.owner_id:
        s.append(_("Name the organisation that has the lead."))
    if not agreement.indicator.strip():
        m.append(_("Name the indicator."))
    if not agreement.unit.strip():
        m.append(_("Give the unit of the indicator."))
    if agreement.baseline_value is None or agreement.baseline_date is None:
        m.append(_("Give the baseline value and its date."))
    if agreement.target_value is None:
        m.append(_("Give the target value."))
    elif agreement.baseline_value is not None:
        m.extend(_target_problems(agreement).values())
    if not any(p.role == "responsible" for p in parties):
        a.append(_("List at least one responsible party."))
    if any(p.acceptance == Acceptance.DECLINED for p in parties):
        a.append(_("A party has declined; change the agreement or the parties."))
    if not agreement.rationale.strip():
        r.append(_("Explain the means and capacity that make it realistic."))
    if agreement.start_date is None or agreement.deadline is None:
        t.append(_("Give a start date and a deadline."))
    else:
        t.extend(_date_problems(agreement).values())
    names = [
        ("S", _("Specific"), s, "description"),
        ("M", _("Measurable"), m, "indicator"),
        ("A", _("Acceptable"), a, ""),  # the parties, on the agreement's own page
        ("R", _("Realistic"), r, "rationale"),
        ("T", _("Time-bound"), t, "start_date"),
    ]
    return [
        SmartLetter(letter, name, not reasons, tuple(reasons), field)
        for letter, name, reasons, field in names
    ]


def smart_blockers(agreement) -> list[str]:
    """Why the agreement cannot be proposed yet: its failing SMART letters."""
    return [f"{x.letter} ({x.name})" for x in smart_check(agreement) if not x.ok]


def is_smart(agreement, parties=None) -> bool:
    return all(letter.ok for letter in smart_check(agreement, parties))


def _target_problems(agreement) -> dict:
    """Field errors of the measurable part (target against baseline and direction)."""
    baseline, target = agreement.baseline_value, agreement.target_value
    if baseline is None or target is None:
        return {}
    if target == baseline:
        return {"target_value": _("The target must differ from the baseline.")}
    if agreement.direction == Direction.INCREASE and target < baseline:
        return {"target_value": _("To increase, the target must be above the baseline.")}
    if agreement.direction == Direction.DECREASE and target > baseline:
        return {"target_value": _("To decrease, the target must be below the baseline.")}
    return {}


def _date_problems(agreement) -> dict:
    problems = {}
    if agreement.start_date and agreement.deadline and agreement.deadline < agreement.start_date:
        problems["deadline"] = _("The deadline cannot be before the start date.")
    last_year = agenda_last_year(agreement)
    if agreement.deadline and last_year and agreement.deadline.year > last_year:
        problems["deadline"] = _(
            "The deadline lies after the last year of the agenda (%(year)s)."
        ) % {"year": last_year}
    return problems


def consistency_errors(agreement) -> dict:
    """Field errors that no saved agreement may have, complete or not."""
    errors = {**_target_problems(agreement), **_date_problems(agreement)}
    if agreement.indicator.strip() and not agreement.unit.strip():
        errors["unit"] = _("An indicator needs a unit.")
    return errors


# -- progress ---------------------------------------------------------------------------


def progress_percentage(agreement, latest_value) -> Decimal | None:
    """How far the latest value is from baseline to target, 0-100."""
    return progress_between(agreement.baseline_value, agreement.target_value, latest_value)


def weighted_average(pairs) -> Decimal | None:
    """Average of (value, weight) pairs, ignoring missing values; None when nothing counts."""
    pairs = [(v, w) for v, w in pairs if v is not None]
    total = sum((w for _v, w in pairs), Decimal(0))
    if not pairs:
        return None
    if total == 0:
        return (sum(v for v, _w in pairs) / len(pairs)).quantize(Decimal("0.1"))
    return (sum(v * w for v, w in pairs) / total).quantize(Decimal("0.1"))


def next_report_due(agreement, last_period_end: datetime.date | None) -> datetime.date | None:
    """The cadence after the last reported period (or after the start)."""
    base = last_period_end or agreement.start_date
    if agreement.state != AgreementState.ACTIVE or base is None:
        return None
    return base + relativedelta(months=agreement.cadence)


def with_progress(agreement) -> Agreement:
    """Set ``progress``, ``next_due`` and ``rollup`` on an annotated agreement."""
    agreement.progress = progress_percentage(agreement, agreement.latest_value)
    agreement.next_due = next_report_due(agreement, agreement.latest_period_end)
    commitments = getattr(agreement, "commitment_list", None)
    if commitments is not None:
        agreement.rollup = weighted_average(
            (progress_percentage(c, c.latest_value), c.weight) for c in commitments
        )
    return agreement


# -- the agreement board ----------------------------------------------------------------


ALL = gettext_lazy("All")


def _names_attrs(datalist: str) -> dict:
    """A name typed into a filter, with suggestions from the organisation directory as the
    user types (htmx fills the datalist; without JavaScript it is a plain search field)."""
    return {
        "list": datalist, "autocomplete": "off",
        "hx-get": reverse_lazy("regions:organisation_names"),
        "hx-trigger": "input changed delay:250ms", "hx-target": f"#{datalist}",
        "hx-swap": "innerHTML",
    }  # fmt: skip


class AgreementFilter(django_filters.FilterSet):
    """The filters of the agreement board, the same in the API and the exports."""

    sectorkamer = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Sectorkamer"), queryset=Sectorkamer.objects.order_by("name"),
        to_field_name="code", method="filter_sectorkamer", empty_label=ALL,
    )  # fmt: skip
    # a column of the agreement: no join, so no DISTINCT (django-filter's default for a
    # multiple choice), which made PostgreSQL sort every matching row on all its columns
    state = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Status"), choices=AgreementState.choices,
        widget=forms.CheckboxSelectMultiple, distinct=False,
    )  # fmt: skip
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("Category"), choices=Category.choices, empty_label=ALL
    )
    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Owner"), queryset=Organisation.objects.order_by("name"),
        empty_label=ALL,
    )  # fmt: skip
    party = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Party"), queryset=Organisation.objects.order_by("name"),
        method="filter_party", empty_label=ALL,
    )  # fmt: skip
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Arbeidsmarktregio"), queryset=Arbeidsmarktregio.objects.order_by(
            "name"), to_field_name="code", method="filter_region", empty_label=ALL,
    )  # fmt: skip
    regional_table = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Regional table"), queryset=RegionalTable.objects.order_by("name"),
        empty_label=ALL,
    )  # fmt: skip
    deadline_after = django_filters.DateFilter(
        label=gettext_lazy("Deadline from"), field_name="deadline", lookup_expr="gte"
    )
    deadline_before = django_filters.DateFilter(
        label=gettext_lazy("Deadline until"), field_name="deadline", lookup_expr="lte"
    )
    progress = django_filters.ChoiceFilter(
        label=gettext_lazy("Latest progress"), choices=ProgressStatus.choices,
        field_name="latest_status", empty_label=ALL,
    )  # fmt: skip
    owner_name = django_filters.CharFilter(
        label=gettext_lazy("Owner"), field_name="owner__name", lookup_expr="icontains",
        widget=forms.TextInput(attrs=_names_attrs("owner-names")),
    )  # fmt: skip
    party_name = django_filters.CharFilter(
        label=gettext_lazy("Party"), method="filter_party_name",
        widget=forms.TextInput(attrs=_names_attrs("party-names")),
    )  # fmt: skip
    q = SearchFilter("title__icontains", "description__icontains")
    # The board's sortable columns; without it: overdue and at risk first, then by deadline.
    sort = SortFilter(
        label=gettext_lazy("Sort by"), empty_label=gettext_lazy("most urgent first"),
        fields=(("title", "title"), ("deadline", "deadline"), ("state", "state"),
                ("category", "category"), ("latest_status", "progress")),
    )  # fmt: skip

    class Meta:
        model = Agreement
        fields = []

    def filter_sectorkamer(self, queryset, name, value: str):  # the code, in the schema
        return queryset.filter(of_sectorkamers([value]))

    def filter_party_name(self, queryset, name, value: str):
        parties = AgreementParty.objects.filter(
            agreement=OuterRef("pk"), organisation__name__icontains=value
        )
        return queryset.filter(Exists(parties))

    def filter_party(self, queryset, name, value: int):
        return queryset.filter(
            Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation=value))
        )

    def filter_region(self, queryset, name, value: str):
        return queryset.filter(in_region(value))


class AgreementBoardFilter(AgreementFilter):
    """The board page's filters: the owner and the party typed by name (with suggestions), not
    chosen from a list of every organisation. Their ids still filter (a shared link, the API's
    parameters), as hidden fields: the page never lists every organisation."""

    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Owner"), queryset=Organisation.objects.all(),
        widget=forms.HiddenInput,
    )  # fmt: skip
    party = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Party"), queryset=Organisation.objects.all(),
        method="filter_party", widget=forms.HiddenInput,
    )  # fmt: skip


def in_region(region) -> Q:
    """Agreements concerning an arbeidsmarktregio: their table's, or their priority's.

    Each side compares an indexed column of the agreement with the region's (few) tables or
    priorities: no join through the regions that multiplies the rows (so no DISTINCT), and
    no scan of every agreement."""
    tables = RegionalTable.regions.through.objects.filter(arbeidsmarktregio=region)
    priorities = Priority.regions.through.objects.filter(arbeidsmarktregio=region)
    return Q(regional_table__in=tables.values("regionaltable_id")) | Q(
        priority__in=priorities.values("priority_id")
    )


def of_sectorkamers(ids) -> Q:
    """Agreements serving the agendas of the sectorkamers ``ids``: their sector agreements,
    the commitments working those out, and their regional tables' own commitments."""
    return Q(sectorkamer__in=ids) | Q(table_sectorkamer__in=ids)  # stored, each indexed


def agreement_queryset() -> QuerySet:
    """Agreements with what the board and its exports show, in a fixed number of queries;
    overdue first, then at risk or off track, then by deadline."""
    today = local_today()
    qs = Agreement.objects.select_related(
        "owner",
        "regional_table",
        "priority__revision__agenda__sectorkamer",
        # the sector agreement a commitment works out, shown beside it, and its agenda's
        # last year (smart_check: the deadline within the agenda)
        "parent__priority__revision__agenda",
    ).prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation"))
    )
    overdue = Q(state__in=OPEN_STATES, deadline__lt=today)
    from django.db.models import IntegerField, Value

    return qs.annotate(
        urgency=Case(
            When(overdue, then=Value(0)),
            When(latest_status__in=["off_track", "at_risk"], then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "deadline", "pk")


def sector_agreements_to_work_out(table, limit: int) -> list:
    """Active sector agreements a regional table can work out: its own sectorkamer's first,
    then by deadline; at most ``limit`` (the agreement board lists them all)."""
    from django.db.models import IntegerField, Value

    own = When(priority__revision__agenda__sectorkamer_id=table.sectorkamer_id, then=Value(0))
    return list(
        Agreement.objects.filter(priority__isnull=False, state=AgreementState.ACTIVE)
        .select_related("priority__revision__agenda__sectorkamer")
        .annotate(own=Case(own, default=Value(1), output_field=IntegerField()))
        .order_by("own", "deadline", "pk")[:limit]
    )


def agreement_detail_queryset() -> QuerySet:
    commitments = Agreement.objects.select_related("regional_table", "owner").order_by(
        "deadline", "pk"
    )
    return (
        agreement_queryset()
        .select_related("contact")
        .prefetch_related(
            "milestones",
            "offer_rules__qualifications",
            "offer_rules__regions",
            Prefetch("commitments", queryset=commitments, to_attr="commitment_list"),
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.select_related("reporter").order_by("period_end"),
            ),
        )
    )


def offer_rules(agreement) -> QuerySet:
    """The programme-offer rules of an agreement, with their qualifications and regions."""
    return (
        ProgrammeOfferRule.objects.filter(agreement=agreement)
        .prefetch_related("qualifications", "regions")
        .order_by("pk")
    )


def priority_rollup(priority) -> Decimal | None:
    """The (weighted) average progress of the agreements under an agenda priority."""
    agreements = Agreement.objects.filter(priority=priority).exclude(
        state__in=[AgreementState.CANCELLED, AgreementState.DRAFT]
    )
    return weighted_average((progress_percentage(a, a.latest_value), a.weight) for a in agreements)


# -- the school's workspace -------------------------------------------------------------


def school_workspace(user) -> dict:
    represented = active_roles(user).represents
    to_accept = (
        AgreementParty.objects.filter(
            organisation_id__in=represented,
            acceptance=Acceptance.PENDING,
            agreement__state=AgreementState.PROPOSED,
        )
        .select_related("agreement", "organisation")
        .order_by("agreement__deadline")
    )
    reporting = [
        with_progress(a)
        for a in agreement_queryset().filter(state=AgreementState.ACTIVE).filter(
            Q(owner_id__in=represented)
            | Q(parties__organisation_id__in=represented, parties__role="responsible")
        ).distinct()
    ]  # fmt: skip
    notices = (
        StartStopNotice.objects.filter(institution_id__in=represented)
        .select_related("qualification", "region", "institution")
        .prefetch_related(Prefetch("conflicts", queryset=NoticeConflict.objects.select_related(
            "rule__agreement")))
        .order_by("-study_year", "pk")
    )  # fmt: skip
    return {"to_accept": to_accept, "reporting": reporting, "notices": notices}


def notice_queryset(user) -> QuerySet:
    """Notices the user may see: their institution's, their sectorkamer's, or all (board)."""
    from regions.rules import is_board_member, is_sbb_staff

    qs = StartStopNotice.objects.select_related(
        "qualification__sectorkamer", "region", "institution"
    ).annotate(open_conflicts=Count("conflicts", filter=Q(conflicts__resolution="open")))
    if is_board_member(user) or is_sbb_staff(user):
        return qs.order_by("-study_year", "pk")
    roles = active_roles(user)
    return qs.filter(
        Q(institution_id__in=roles.represents)
        | Q(qualification__sectorkamer_id__in=roles.secretary_of)
    ).order_by("-study_year", "pk")


def conflict_queryset(user) -> QuerySet:
    visible = notice_queryset(user).values("pk")
    return (
        NoticeConflict.objects.filter(notice__in=visible)
        .select_related(
            "notice__qualification", "notice__institution", "notice__region", "rule__agreement"
        )
        .order_by("resolution", "-created_at")
    )


# -- history and chart --------------------------------------------------------------------

TRACKED = ("title", "description", "indicator", "unit", "baseline_value", "target_value",
           "direction", "rationale", "start_date", "deadline", "owner_id")  # fmt: skip


def agreement_timeline(agreement) -> list:
    """Transitions, edits of the agreement and the parties' decisions, oldest first."""
    from core.history import TimelineEvent, transition_events

    events = transition_events(agreement)
    previous = None
    for record in agreement.history.select_related("history_user").order_by("history_id"):
        changed = [
            str(Agreement._meta.get_field(f.removesuffix("_id")).verbose_name)
            for f in TRACKED
            if previous is not None and getattr(previous, f) != getattr(record, f)
        ]
        if previous is None or changed:
            events.append(TimelineEvent(
                at=record.history_date, who=record.history_user, kind="edit",
                action=str(_("drafted") if previous is None else _("changed")),
                labelled_changes=[(label, "", "") for label in changed],
            ))  # fmt: skip
        previous = record
    decisions = (
        AgreementParty.history.filter(agreement_id=agreement.pk)
        .exclude(acceptance=Acceptance.PENDING)
        .select_related("history_user", "organisation")
        .order_by("history_id")
    )
    for record in decisions:
        events.append(TimelineEvent(
            at=record.history_date, who=record.history_user, kind="edit",
            action=str(gettext_lazy("accepted") if record.acceptance == Acceptance.ACCEPTED
                       else gettext_lazy("declined")),
            subject=record.organisation.name, subject_label=_("party"),
            comment=record.decline_reason,
        ))  # fmt: skip
    events.sort(key=lambda event: event.at)
    return events


# -- Progress chart -----------------------------------------------------------------------
# Geometry and text of the chart on an agreement's page, drawn as SVG by the template. The
# coordinates are plain floats (the template prints them inside {% localize off %}); every
# text shown is formatted here for the active language.

VALUE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))  # times a power of ten
TICK_MONTHS = (1, 2, 3, 6, 12, 24, 60, 120)  # the date axis: a tick every so many months
FEWEST_DAYS = 60  # a shorter time span is widened around its middle


def nice_ticks(low, high, most=6) -> list[Decimal]:
    """Round values from at or below ``low`` to at or above ``high``, evenly spaced by 1, 2,
    2.5 or 5 times a power of ten: the finest such spacing with at most ``most`` ticks (that
    gives 4 to 6 ticks; tests/agreements/test_progress_chart.py sweeps many ranges)."""
    low, high = sorted((Decimal(low), Decimal(high)))
    if low == high:  # one value: a small range around it
        margin = abs(low) / 10 or Decimal(1)
        low, high = low - margin, high + margin
    magnitude = (high - low).adjusted()  # the power of ten of the span's first digit
    ticks = []
    for exponent in range(magnitude - 2, magnitude + 2):
        for mantissa in VALUE_STEPS:
            step = mantissa.scaleb(exponent)
            first = (low / step).to_integral_value(ROUND_FLOOR) * step
            last = (high / step).to_integral_value(ROUND_CEILING) * step
            ticks = [first + step * i for i in range(int((last - first) / step) + 1)]
            if len(ticks) <= most:  # the steps grow: the first to fit is the finest
                return ticks
    return ticks  # pragma: no cover


def date_ticks(start: datetime.date, end: datetime.date, most=6) -> list[datetime.date]:
    """First days of months between ``start`` and ``end``, every 1, 2, 3, 6, 12 ... months
    (quarters start in January, April, July and October), at most ``most`` of them."""
    ticks = []
    for months in TICK_MONTHS:
        index = start.year * 12 + start.month - 1 + (start.day > 1)  # the next month start
        index = -(-index // months) * months  # aligned with the calendar
        ticks = []
        while (tick := datetime.date(index // 12, index % 12 + 1, 1)) <= end:
            ticks.append(tick)
            index += months
        if len(ticks) <= most:
            break
    return ticks


def format_number(value) -> str:
    """``value`` formatted for the active language, without trailing zeros: 12,5 or 120."""
    value = Decimal(value) + 0  # + 0 turns -0 into 0
    exact = value == value.to_integral_value()
    return formats.number_format(value.quantize(Decimal(1)) if exact else value.normalize())


def with_unit(value, unit: str) -> str:
    """``value`` formatted, then its unit (if any): "12,5 leerbanen"."""
    return f"{format_number(value)} {unit}".strip()


def _marker(status: str, x: float, y: float) -> str:
    """The SVG path of a report's marker: a diamond when at risk, a downward triangle when
    off track; on track is a circle (drawn by the template, so it has no path)."""
    if status == ProgressStatus.AT_RISK:
        corners = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
    elif status == ProgressStatus.OFF_TRACK:
        corners = [(x - 6, y - 5), (x + 6, y - 5), (x, y + 6)]
    else:
        return ""
    return "M" + "L".join(f"{round(cx, 1)},{round(cy, 1)}" for cx, cy in corners) + "Z"


@dataclasses.dataclass(frozen=True)
class ChartDot:
    """One report on the chart."""

    x: float
    y: float
    date: datetime.date  # the end of the reported period
    period_start: datetime.date
    value: Decimal
    text: str  # the value with its unit, localised: "12,5 leerbanen"
    status: str
    status_label: str
    marker: str  # see _marker


@dataclasses.dataclass(frozen=True)
class ChartLine:
    """The baseline or the target: a horizontal line with its label."""

    kind: str  # "baseline" or "target" (also the CSS class)
    value: Decimal
    text: str  # the value with its unit
    label: str  # "Target 200"
    y: float
    label_y: float


@dataclasses.dataclass(frozen=True)
class ValueTick:
    value: Decimal
    label: str
    y: float


@dataclasses.dataclass
class Chart:
    width: int
    height: int
    left: int  # the plot area
    right: int
    top: int
    bottom: int
    date_ticks: list  # [(date, x)]
    value_ticks: list  # [ValueTick]
    lines: list  # [ChartLine]: the baseline (if any), then the target
    dots: list  # [ChartDot], by date
    points: str  # the polyline through the baseline point (if any) and the reports
    baseline_point: tuple | None  # (x, y) at the baseline date
    deadline_x: float | None
    unit: str
    description: str  # the chart in words, for its <desc>
    legend: list  # [(status, label, marker)]

    @property
    def target(self) -> ChartLine:
        return self.lines[-1]

    @property
    def baseline(self) -> ChartLine | None:
        return self.lines[0] if len(self.lines) > 1 else None


def _label_heights(line_ys: list, bottom: float) -> list:
    """Where the labels of the horizontal lines go: just above each line. Two lines close
    together get one label above and one below, or, near the date axis, both above."""
    label_ys = [line_y - 5 for line_y in line_ys]
    if len(line_ys) == 2 and abs(line_ys[0] - line_ys[1]) < 16:
        upper, lower = sorted(range(2), key=lambda i: line_ys[i])
        if line_ys[lower] + 14 < bottom - 2:
            label_ys[lower] = line_ys[lower] + 14
        else:
            label_ys[lower] = line_ys[upper] - 5
            label_ys[upper] = line_ys[upper] - 19
    return [round(label_y, 1) for label_y in label_ys]


def _describe(agreement, dots: list, target: ChartLine, baseline: ChartLine | None) -> str:
    """What the chart shows, in words: the first and the latest value, the latest status,
    the target and the baseline."""
    first, latest = dots[0], dots[-1]
    if len(dots) == 1:
        sentences = [
            _("One report, up to %(date)s: %(value)s (%(status)s).")
            % {"date": formats.date_format(latest.date, "j F Y"), "value": latest.text,
               "status": latest.status_label}
        ]  # fmt: skip
    else:
        sentences = [
            ngettext(
                "%(count)d report from %(first_date)s to %(latest_date)s: from %(first)s to "
                "%(latest)s; the latest is %(status)s.",
                "%(count)d reports from %(first_date)s to %(latest_date)s: from %(first)s to "
                "%(latest)s; the latest is %(status)s.",
                len(dots),
            )
            % {"count": len(dots), "first_date": formats.date_format(first.date, "j F Y"),
               "latest_date": formats.date_format(latest.date, "j F Y"), "first": first.text,
               "latest": latest.text, "status": latest.status_label}
        ]  # fmt: skip
    if agreement.deadline:
        sentences.append(
            _("Target: %(value)s by %(date)s.")
            % {"value": target.text, "date": formats.date_format(agreement.deadline, "j F Y")}
        )
    else:
        sentences.append(_("Target: %(value)s.") % {"value": target.text})
    if baseline is not None:
        sentences.append(_("Baseline: %(value)s.") % {"value": baseline.text})
    return " ".join(sentences)


def progress_chart(agreement, reports, width=640, height=260) -> Chart | None:
    """The measured values on a time axis against the baseline and target lines, with a
    value axis of round numbers; ``None`` without reports or target."""
    reports = sorted(reports, key=lambda report: report.period_end)
    if not reports or agreement.target_value is None:
        return None
    left, right, top, bottom = 64, width - 32, 24, height - 44
    unit = agreement.unit
    baseline_value = agreement.baseline_value
    baseline_date = agreement.baseline_date if baseline_value is not None else None

    dates = [report.period_end for report in reports]
    dates += [day for day in (baseline_date, agreement.deadline) if day is not None]
    start, end = min(dates), max(dates)
    if (end - start).days < FEWEST_DAYS:  # one date or a few weeks: widen to two months
        half = datetime.timedelta(days=FEWEST_DAYS // 2)
        middle = start + (end - start) // 2
        start, end = middle - half, middle + half
    days = (end - start).days

    def x(day):
        return round(left + (day - start).days / days * (right - left), 1)

    values = [report.value for report in reports] + [agreement.target_value]
    values += [baseline_value] if baseline_value is not None else []
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]

    def y(value):
        return round(bottom - float((value - low) / (high - low)) * (bottom - top), 1)

    dots = [
        ChartDot(
            x=x(report.period_end), y=y(report.value), date=report.period_end,
            period_start=report.period_start, value=report.value,
            text=with_unit(report.value, unit), status=report.status,
            status_label=str(report.get_status_display()),
            marker=_marker(report.status, x(report.period_end), y(report.value)),
        )
        for report in reports
    ]  # fmt: skip
    kinds = [("target", agreement.target_value, _("Target %(value)s"))]
    if baseline_value is not None:
        kinds.insert(0, ("baseline", baseline_value, _("Baseline %(value)s")))
    label_ys = _label_heights([y(value) for _kind, value, _label in kinds], bottom)
    lines = [
        ChartLine(
            kind=kind, value=value, text=with_unit(value, unit),
            label=label % {"value": format_number(value)}, y=y(value), label_y=label_y,
        )
        for (kind, value, label), label_y in zip(kinds, label_ys, strict=True)
    ]  # fmt: skip
    baseline_point = (x(baseline_date), y(baseline_value)) if baseline_date else None
    path = [(dot.x, dot.y) for dot in dots]
    if baseline_point and baseline_date <= reports[0].period_end:  # the line starts there
        path.insert(0, baseline_point)
    baseline = lines[0] if baseline_value is not None else None
    return Chart(
        width=width, height=height, left=left, right=right, top=top, bottom=bottom,
        date_ticks=[(day, x(day)) for day in date_ticks(start, end)],
        value_ticks=[ValueTick(value, format_number(value), y(value)) for value in ticks],
        lines=lines, dots=dots, points=" ".join(f"{px},{py}" for px, py in path),
        baseline_point=baseline_point,
        deadline_x=x(agreement.deadline) if agreement.deadline else None, unit=unit,
        description=_describe(agreement, dots, lines[-1], baseline),
        legend=[(status, str(label), _marker(status, 0, 0))
                for status, label in ProgressStatus.choices],
    )  # fmt: skip


def average_of_sums(weighted, weights, total, counted) -> Decimal | None:
    """:func:`weighted_average` from the sums one SQL aggregate gives (exact: numeric): the
    sum of value x weight, of the weights, of the values, and how many values there are."""
    if not counted:
        return None
    if not weights:
        return (Decimal(total) / counted).quantize(Decimal("0.1"))
    return (Decimal(weighted) / Decimal(weights)).quantize(Decimal("0.1"))


AGREEMENTS_SHOWN = 10  # per priority; the roll-up counts them all, the board lists them all


def table_inputs(agreement) -> list:
    """The latest inputs of the regional tables on a sector agreement (one query)."""
    return list(
        agreement.table_inputs.select_related("regional_table").order_by("-created_at", "-pk")[
            :INPUTS_SHOWN
        ]
    )

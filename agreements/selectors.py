"""Reads shared by the agreement pages and the API: SMART check, progress and roll-ups,
the agreement board's filters, due dates, and what a school has to do."""

import dataclasses
import datetime
from decimal import Decimal

import django_filters
from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.filters import SearchFilter
from core.timeutils import local_today
from regions.models import Arbeidsmarktregio, Organisation, Sectorkamer
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
    ProgressReport,
    ProgressStatus,
    StartStopNotice,
)

# -- SMART ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SmartLetter:
    letter: str
    name: str
    ok: bool
    reasons: tuple


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
        ("S", _("Specific"), s),
        ("M", _("Measurable"), m),
        ("A", _("Acceptable"), a),
        ("R", _("Realistic"), r),
        ("T", _("Time-bound"), t),
    ]
    return [
        SmartLetter(letter, name, not reasons, tuple(reasons)) for letter, name, reasons in names
    ]


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
    baseline, target = agreement.baseline_value, agreement.target_value
    if latest_value is None or baseline is None or target is None or target == baseline:
        return None
    share = (Decimal(latest_value) - baseline) / (target - baseline) * 100
    return max(Decimal(0), min(Decimal(100), share)).quantize(Decimal("0.1"))


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


class AgreementFilter(django_filters.FilterSet):
    """The filters of the agreement board, the same in the API and the exports."""

    sectorkamer = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Sectorkamer"), queryset=Sectorkamer.objects.all(),
        to_field_name="code", method="filter_sectorkamer",
    )  # fmt: skip
    state = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Status"), choices=AgreementState.choices
    )
    category = django_filters.ChoiceFilter(label=gettext_lazy("Category"), choices=Category.choices)
    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Owner"), queryset=Organisation.objects.order_by("name")
    )
    party = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Party"), queryset=Organisation.objects.order_by("name"),
        method="filter_party",
    )  # fmt: skip
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Arbeidsmarktregio"), queryset=Arbeidsmarktregio.objects.order_by(
            "name"), to_field_name="code", method="filter_region",
    )  # fmt: skip
    regional_table = django_filters.NumberFilter(
        label=gettext_lazy("Regional table (id)"), field_name="regional_table_id"
    )
    deadline_after = django_filters.DateFilter(
        label=gettext_lazy("Deadline from"), field_name="deadline", lookup_expr="gte"
    )
    deadline_before = django_filters.DateFilter(
        label=gettext_lazy("Deadline until"), field_name="deadline", lookup_expr="lte"
    )
    progress = django_filters.ChoiceFilter(
        label=gettext_lazy("Latest progress"), choices=ProgressStatus.choices,
        field_name="latest_status",
    )  # fmt: skip
    q = SearchFilter("title__icontains", "description__icontains")

    class Meta:
        model = Agreement
        fields = []

    def filter_sectorkamer(self, queryset, name, value):
        return queryset.filter(of_sectorkamers([value.pk]))

    def filter_party(self, queryset, name, value: int):
        return queryset.filter(
            Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation=value))
        )

    def filter_region(self, queryset, name, value: str):
        return queryset.filter(
            Q(regional_table__regions=value) | Q(priority__regions=value)
        ).distinct()


def of_sectorkamers(ids) -> Q:
    """Agreements serving the agendas of the sectorkamers ``ids``: their sector agreements,
    the commitments working those out, and their regional tables' own commitments."""
    return (
        Q(priority__revision__agenda__sectorkamer__in=ids)
        | Q(parent__priority__revision__agenda__sectorkamer__in=ids)
        | Q(regional_table__sectorkamer__in=ids)
    )


def agreement_queryset() -> QuerySet:
    """Agreements with what the board and its exports show, in a fixed number of queries;
    overdue first, then at risk or off track, then by deadline."""
    today = local_today()
    qs = Agreement.objects.select_related(
        "owner",
        "regional_table",
        "priority__revision__agenda__sectorkamer",
        "parent__priority__revision__agenda",
    ).prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation"))
    )
    overdue = Q(state__in=OPEN_STATES, deadline__lt=today)
    from django.db.models import Case, IntegerField, Value, When

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
    from django.db.models import Case, IntegerField, Value, When

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


@dataclasses.dataclass
class Chart:
    width: int
    height: int
    points: str
    dots: list
    target_y: float | None
    baseline_y: float | None
    labels: dict


def progress_chart(agreement, reports, width=640, height=220, pad=36) -> Chart | None:
    """An SVG-ready chart of the measured values against the baseline and target lines."""
    values = [r.value for r in reports]
    if not values or agreement.target_value is None:
        return None
    reference = [agreement.target_value] + (
        [agreement.baseline_value] if agreement.baseline_value is not None else []
    )
    low, high = min(values + reference), max(values + reference)
    span = (high - low) or Decimal(1)

    def y(value):
        return round(float(height - pad - (value - low) / span * (height - 2 * pad)), 1)

    step = (width - 2 * pad) / max(len(reports) - 1, 1)
    dots = [
        {"x": round(pad + i * step, 1), "y": y(r.value), "value": r.value,
         "label": r.period_end, "status": r.status}
        for i, r in enumerate(reports)
    ]  # fmt: skip
    return Chart(
        width=width, height=height,
        points=" ".join(f"{d['x']},{d['y']}" for d in dots), dots=dots,
        target_y=y(agreement.target_value),
        baseline_y=y(agreement.baseline_value) if agreement.baseline_value is not None else None,
        labels={"low": low, "high": high},
    )  # fmt: skip


def agreements_by_lineage(revision) -> dict:
    """The agreements of each priority of ``revision``, keyed by the priority's lineage,
    with ``progress`` set on each (one query).

    A yearly revision copies its priorities; the still-open agreements made under an earlier
    copy of the same priority stay linked to it."""
    lineages = [p.lineage for p in revision.priorities.all()]
    found = {}
    agreements = (
        Agreement.objects.filter(
            priority__lineage__in=lineages, priority__revision__agenda_id=revision.agenda_id
        )
        .filter(Q(priority__revision=revision) | Q(state__in=OPEN_STATES))
        .select_related("priority")
        .only(
            "title", "state", "deadline", "weight", "baseline_value", "target_value",
            "latest_value", "priority__lineage",
        )
        .order_by("deadline", "pk")
    )  # fmt: skip
    for agreement in agreements:
        agreement.progress = progress_percentage(agreement, agreement.latest_value)
        found.setdefault(agreement.priority.lineage, []).append(agreement)
    return found


def lineage_rollup(agreements) -> Decimal | None:
    """The roll-up of a priority: the (weighted) average progress of its live agreements."""
    return weighted_average(
        (a.progress, a.weight)
        for a in agreements
        if a.state not in (AgreementState.DRAFT, AgreementState.CANCELLED)
    )


AGREEMENTS_SHOWN = 10  # per priority; the roll-up counts them all, the board lists them all


def annotate_agenda_priorities(revision, priorities) -> None:
    """Each priority of ``revision`` gets its agreements (kept across yearly revisions through
    its lineage), their roll-up and how many more there are: for the agenda's page."""
    agreements = agreements_by_lineage(revision)
    for priority in priorities:
        found = agreements.get(priority.lineage, [])
        priority.rollup = lineage_rollup(found)  # over all of them
        priority.agreement_list = found[:AGREEMENTS_SHOWN]
        priority.more_agreements = max(0, len(found) - AGREEMENTS_SHOWN)

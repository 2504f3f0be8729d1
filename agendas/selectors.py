"""Reads shared by the agenda pages and the API."""

import dataclasses
import datetime

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from atlas.models import Qualification, Signal, SignalState
from core.filters import SearchFilter
from core.history import TimelineEvent, transition_events
from core.timeutils import cycle_year_for, local_today
from regions.models import RegionalTable, Role, Sectorkamer
from regions.rules import is_board_member, is_sbb_staff, visible_rows
from regions.selectors import active_roles, assignments_valid_on

from .models import (
    DIFF_FIELDS,
    FINAL_REVISION_STATES,
    Agenda,
    AgendaRevision,
    AgendaTopic,
    Priority,
    RevisionState,
    SignalResponse,
    TopicState,
)

# -- sectorkamers ----------------------------------------------------------------------


def sectorkamer_list() -> QuerySet:
    return Sectorkamer.objects.order_by("code")


def sectorkamer_workspace_queryset() -> QuerySet:
    """A sectorkamer with today's secretaries and members (with side and organisation)."""
    day = local_today()
    people = (
        assignments_valid_on(day, role__in=[Role.SECTORKAMER_SECRETARY, Role.SECTORKAMER_MEMBER])
        .select_related("user__organisation")
        .order_by("role", "side", "user__last_name")
    )
    return Sectorkamer.objects.prefetch_related(
        Prefetch("role_assignments", queryset=people, to_attr="active_people"),
        Prefetch("regional_tables", queryset=RegionalTable.objects.order_by("name")),
        Prefetch(
            "agendas",
            queryset=Agenda.objects.order_by("-first_year").prefetch_related(
                Prefetch("revisions", queryset=AgendaRevision.objects.order_by("-year"))
            ),
        ),
    )


def cycle_overview(*, year: int | None = None) -> list[tuple[Sectorkamer, AgendaRevision | None]]:
    """Each sectorkamer with its revision for cycle year ``year`` (default: the current)."""
    year = year or cycle_year_for(local_today())
    revisions = {
        revision.agenda.sectorkamer_id: revision
        for revision in AgendaRevision.objects.filter(year=year).select_related(
            "agenda__sectorkamer"
        )
    }
    return [(s, revisions.get(s.pk)) for s in Sectorkamer.objects.order_by("code")]


# -- qualifications --------------------------------------------------------------------


class QualificationFilter(django_filters.FilterSet):
    sectorkamer = django_filters.CharFilter(
        label=_("Sectorkamer (code)"), field_name="sectorkamer__code"
    )
    level = django_filters.NumberFilter(label=_("Level"))
    q = SearchFilter("name__icontains", "crebo")

    class Meta:
        model = Qualification
        fields = ["sectorkamer", "level", "q"]


def qualification_queryset() -> QuerySet:
    return Qualification.objects.select_related("sectorkamer").order_by("name")


# -- agendas and revisions -------------------------------------------------------------


def visible_revisions(user) -> QuerySet:
    """Revisions the user may see: final ones for everyone; others for the sectorkamer,
    the board and SBB staff (the queryset form of ``agendas.view_agendarevision``)."""
    qs = AgendaRevision.objects.all()
    if is_board_member(user) or is_sbb_staff(user):
        return qs
    roles = active_roles(user)
    own = roles.secretary_of | roles.member_of
    return qs.filter(Q(state__in=FINAL_REVISION_STATES) | Q(agenda__sectorkamer_id__in=own))


def priority_prefetch() -> Prefetch:
    return Prefetch(
        "priorities",
        queryset=Priority.objects.order_by("order", "pk").prefetch_related(
            "qualifications", "regions"
        ),
    )


def revision_queryset(user) -> QuerySet:
    return (
        visible_revisions(user)
        .select_related("agenda__sectorkamer", "based_on")
        .prefetch_related(priority_prefetch())
        .order_by("-year", "agenda__sectorkamer__code")
    )


def agenda_queryset() -> QuerySet:
    return Agenda.objects.select_related("sectorkamer").order_by("sectorkamer__code", "-first_year")


def agenda_detail_queryset(user) -> QuerySet:
    return agenda_queryset().prefetch_related(
        Prefetch("revisions", queryset=visible_revisions(user).order_by("-year"))
    )


def ratification_queue() -> QuerySet:
    """Revisions awaiting the board: adopted, nearest deadline first."""
    return (
        AgendaRevision.objects.filter(state=RevisionState.ADOPTED)
        .select_related("agenda__sectorkamer")
        .order_by("year", "agenda__sectorkamer__code")
    )


def priorities_queryset(user) -> QuerySet:
    return (
        Priority.objects.filter(revision__in=visible_revisions(user))
        .select_related("revision__agenda__sectorkamer")
        .prefetch_related("qualifications", "regions")
        .order_by("revision_id", "order", "pk")
    )


# -- history ---------------------------------------------------------------------------


LINKS = "links"


def field_label(name: str) -> str:
    """The translated name of a priority or revision field, for the pages."""
    if name == LINKS:
        return str(_("qualifications and arbeidsmarktregio's"))
    for model in (Priority, AgendaRevision):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def _labelled(changes):
    return [(field_label(field), old, new) for field, old, new in changes]


EDIT_LABELS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


def _changes(previous, record, fields):
    if previous is None:
        return []
    return [
        (field, getattr(previous, field), getattr(record, field))
        for field in fields
        if getattr(previous, field) != getattr(record, field)
    ]


def revision_timeline(revision: AgendaRevision) -> list[TimelineEvent]:
    """Every transition and every edit of the revision and its priorities, oldest first.

    Three queries whatever the length of the history.
    """
    events = transition_events(revision)
    previous = None
    for record in revision.history.select_related("history_user").order_by("history_id"):
        changes = _changes(previous, record, ["summary"])
        if previous is None or changes:
            events.append(
                TimelineEvent(
                    at=record.history_date,
                    who=record.history_user,
                    kind="edit",
                    action=str(_("revision started") if previous is None else _("summary changed")),
                    changes=changes,
                )
            )
        previous = record
    last_by_priority = {}  # priority id -> its previous history record
    last_event = {}  # priority id -> the last event shown for it
    records = (
        Priority.history.filter(revision_id=revision.pk)
        .select_related("history_user")
        .order_by("history_id")
    )
    for record in records:
        before = last_by_priority.get(record.id)
        changes = _changes(before, record, DIFF_FIELDS + ("order",))
        last_by_priority[record.id] = record
        if record.history_type == "~" and not changes:
            # Only links (m2m) changed. Saving and setting links is one edit: fold it into
            # the event just shown for this priority by the same person.
            shown = last_event.get(record.id)
            if (
                shown is not None
                and shown.who == record.history_user
                and record.history_date - shown.at < datetime.timedelta(seconds=5)
                and (
                    shown.action == str(EDIT_LABELS["+"])
                    or shown.changes in ([], [(LINKS, "", "")])
                )
            ):
                if shown.action == str(EDIT_LABELS["~"]):
                    shown.changes = [(LINKS, "", "")]
                continue
            changes = [(LINKS, "", "")]
        event = TimelineEvent(
            at=record.history_date,
            who=record.history_user,
            kind="edit",
            action=str(EDIT_LABELS[record.history_type]),
            subject=record.title,
            subject_label=str(_("priority")),
            changes=changes,
        )
        last_event[record.id] = event
        events.append(event)
    for event in events:
        event.labelled_changes = _labelled(event.changes)
    events.sort(key=lambda event: event.at)
    return events


# -- diff ------------------------------------------------------------------------------


@dataclasses.dataclass
class PriorityDiff:
    status: str  # added, removed, changed, unchanged
    old: Priority | None
    new: Priority | None
    changes: list = dataclasses.field(default_factory=list)

    @property
    def labelled_changes(self):
        return _labelled(self.changes)


def _links(priority):
    return (
        sorted(q.crebo for q in priority.qualifications.all()),
        sorted(r.code for r in priority.regions.all()),
    )


def revision_diff(old: AgendaRevision, new: AgendaRevision) -> list[PriorityDiff]:
    """What changed from ``old`` to ``new``: priorities matched by lineage.

    Both revisions must come with their priorities prefetched (``revision_queryset``).
    """
    old_by_lineage = {p.lineage: p for p in old.priorities.all()}
    new_by_lineage = {p.lineage: p for p in new.priorities.all()}
    result = []
    for lineage, priority in new_by_lineage.items():
        before = old_by_lineage.get(lineage)
        if before is None:
            result.append(PriorityDiff("added", None, priority))
            continue
        changes = [
            (field, getattr(before, field), getattr(priority, field))
            for field in DIFF_FIELDS
            if getattr(before, field) != getattr(priority, field)
        ]
        (old_q, old_r), (new_q, new_r) = _links(before), _links(priority)
        if old_q != new_q:
            changes.append(("qualifications", ", ".join(old_q), ", ".join(new_q)))
        if old_r != new_r:
            changes.append(("regions", ", ".join(old_r), ", ".join(new_r)))
        result.append(
            PriorityDiff("changed" if changes else "unchanged", before, priority, changes)
        )
    for lineage, priority in old_by_lineage.items():
        if lineage not in new_by_lineage:
            result.append(PriorityDiff("removed", priority, None))
    order = {"added": 0, "changed": 1, "removed": 2, "unchanged": 3}
    result.sort(key=lambda d: (order[d.status], (d.new or d.old).order))
    return result


# -- what the apps above add to a revision's priorities ------------------------------------

_PRIORITY_ANNOTATORS = []


def register_priority_annotator(annotate):
    """An app above agendas (agreements) adds attributes to the priorities shown on a
    revision's page: ``annotate(revision, priorities)``, registered from its ``ready()``, in
    a fixed number of queries."""
    if annotate not in _PRIORITY_ANNOTATORS:
        _PRIORITY_ANNOTATORS.append(annotate)
    return annotate


def annotate_priorities(revision, priorities: list) -> list:
    for annotate in _PRIORITY_ANNOTATORS:
        annotate(revision, priorities)
    return priorities


_PERIOD_CHECKS = []


def register_period_check(check):
    """An app above agendas (agreements) names what would run past an agenda if it ended in
    ``last_year``: ``check(agenda, last_year) -> list[str]``, registered from its ``ready()``.
    ``update_agenda`` refuses a last year that any check names something for."""
    if check not in _PERIOD_CHECKS:
        _PERIOD_CHECKS.append(check)
    return check


def running_past(agenda, last_year: int) -> str:
    """Why ``agenda`` cannot end in ``last_year`` (empty when it can)."""
    items = [item for check in _PERIOD_CHECKS for item in check(agenda, last_year)]
    if not items:
        return ""
    return _(
        "The agenda cannot end in %(year)s: still open under it and running later: %(items)s."
    ) % {"year": last_year, "items": "; ".join(items)}


# -- the atlas's signals and the revision ---------------------------------------------------

TOP_SIGNAL_WEIGHT = 3  # signals of this weight or more must be addressed or set aside


OPEN_SIGNALS_SHOWN = 25  # the heaviest open ones; the atlas page lists them all, paged
SIGNAL_ORDER = ("-weight", "rule__code", "subject")


def signal_coverage(revision) -> dict:
    """The sectorkamer's open top signals of the revision's cycle: addressed by a priority,
    set aside with a reason, or still open (the heaviest ``OPEN_SIGNALS_SHOWN`` of those,
    and ``open_count``); two queries whatever their number."""
    responses = list(
        revision.signal_responses.filter(signal__in=_top_signals(revision))
        .select_related("priority", "signal__rule", "signal__qualification",
                        "signal__institution", "signal__region")
        .order_by("-signal__weight", "signal__rule__code", "signal__subject")
    )  # fmt: skip
    coverage = {"addressed": [], "aside": [], "open": [], "open_count": 0}
    for response in responses:
        signal = response.signal
        signal.response = response
        coverage["addressed" if response.addressed else "aside"].append(signal)
    # Still open = top signals - those answered (one answer per signal and revision). The
    # heaviest are chosen on the signal's own columns before the rows they show are joined,
    # and each row carries the count of all top signals (a subquery the database runs once,
    # reading only the index): one query for the list and its count.
    answered = [response.signal_id for response in responses]
    heaviest = (
        _top_signals(revision).exclude(pk__in=answered)
        .order_by(*SIGNAL_ORDER).values("pk")[:OPEN_SIGNALS_SHOWN]
    )  # fmt: skip
    total = _top_signals(revision).order_by().values("sectorkamer_id").annotate(n=Count("pk"))
    coverage["open"] = list(
        Signal.objects.filter(pk__in=Subquery(heaviest))
        .select_related("rule", "qualification", "institution", "region")
        .annotate(top_total=Subquery(total.values("n")))
        .order_by(*SIGNAL_ORDER)
    )
    if coverage["open"]:
        coverage["open_count"] = coverage["open"][0].top_total - len(answered)
    return coverage


def top_signals(*conditions, **scope) -> QuerySet:
    """Open signals of ``TOP_SIGNAL_WEIGHT`` or more (answered or not) within ``scope``."""
    return Signal.objects.filter(
        *conditions, **scope, state=SignalState.OPEN, weight__gte=TOP_SIGNAL_WEIGHT
    )


def _top_signals(revision):
    """The sectorkamer's open top signals of the revision's cycle, answered or not."""
    return top_signals(sectorkamer_id=revision.agenda.sectorkamer_id, year=revision.year)


def open_top_signals(revision):
    """The sectorkamer's open top signals of the revision's cycle that the revision neither
    addresses nor sets aside (a queryset: ``.count()`` is one query)."""
    return _top_signals(revision).exclude(responses__revision=revision)


def with_signal_coverage(revisions) -> list:
    """Each revision with ``coverage`` = (addressed, set aside, still open) counts of its
    sectorkamer's open top signals: for the board's queue, in two queries for any length."""
    revisions = list(revisions)
    if not revisions:
        return revisions
    pairs = Q()
    for revision in revisions:
        pairs |= Q(sectorkamer_id=revision.agenda.sectorkamer_id, year=revision.year)
    top = top_signals(pairs)
    # counted by the database from the index alone, for every combination of the queue's
    # sectorkamers and years (a handful of rows; those not asked for are not used): an OR of
    # pairs would make it read each sectorkamer's signals of every year
    totals = {
        (kamer, year): n
        for kamer, year, n in top_signals(
            sectorkamer_id__in={r.agenda.sectorkamer_id for r in revisions},
            year__in={r.year for r in revisions},
        )
        .values_list("sectorkamer_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    }  # fmt: skip
    answered = {
        revision_id: (addressed, aside)
        for revision_id, addressed, aside in SignalResponse.objects.filter(
            revision__in=revisions, signal__in=top
        )
        .values_list("revision_id")
        .annotate(
            addressed=Count("pk", filter=Q(priority__isnull=False)),
            aside=Count("pk", filter=Q(priority__isnull=True)),
        )
        .order_by()
    }
    for revision in revisions:
        addressed, aside = answered.get(revision.pk, (0, 0))
        total = totals.get((revision.agenda.sectorkamer_id, revision.year), 0)
        revision.coverage = (addressed, aside, total - addressed - aside)
    return revisions


def cycle_revision(sectorkamer, year):
    """The sectorkamer's revision for cycle ``year``, if there is one."""
    return (
        AgendaRevision.objects.filter(agenda__sectorkamer=sectorkamer, year=year)
        .select_related("agenda__sectorkamer")
        .first()
    )


# -- agenda topics (agenderingsrecht) ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TopicChannel:
    """On whose behalf a user may put a topic on a sectorkamer's agenda: an organisation
    (its representative, or a sectorkamer member working there) or a regional table (its
    coordinator). ``key`` is what forms and the API choose it by."""

    key: str
    label: str
    organisation: object = None
    regional_table: object = None


def topic_channels(user, sectorkamer) -> list[TopicChannel]:
    """Every way ``user`` may submit a topic to ``sectorkamer`` today (none: they may not).

    - a member of the sectorkamer: for their own organisation;
    - a regional table's coordinator: for a table focused on this sectorkamer or on none;
    - an organisation's representative: for an mbo institution with students in one of the
      sectorkamer's qualifications (DUO enrolments), or an organisation whose people sit in
      the sectorkamer.
    Two queries at most, whatever the number of roles."""
    from atlas.models import Enrolment
    from regions.models import Organisation, OrganisationKind

    roles = active_roles(user)
    channels = []
    if sectorkamer.pk in roles.member_of and user.organisation_id:
        organisation = user.organisation
        channels.append(
            TopicChannel(f"organisation:{organisation.pk}", str(organisation), organisation)
        )
    if roles.coordinator_of:
        for table in RegionalTable.objects.filter(pk__in=roles.coordinator_of).filter(
            Q(sectorkamer__isnull=True) | Q(sectorkamer=sectorkamer)
        ).order_by("name"):  # fmt: skip
            channels.append(TopicChannel(f"table:{table.pk}", str(table), regional_table=table))
    represented = set(roles.represents) - {c.organisation.pk for c in channels if c.organisation}
    if represented:
        seated = assignments_valid_on(
            local_today(), role=Role.SECTORKAMER_MEMBER, sectorkamer=sectorkamer
        ).values("user__organisation_id")
        teaching = Enrolment.objects.filter(qualification__sectorkamer=sectorkamer).values(
            "institution_id"
        )
        for organisation in Organisation.objects.filter(pk__in=represented).filter(
            Q(pk__in=seated) | Q(kind=OrganisationKind.MBO_INSTITUTION, pk__in=teaching)
        ).order_by("name"):  # fmt: skip
            channels.append(
                TopicChannel(f"organisation:{organisation.pk}", str(organisation), organisation)
            )
    return channels


def topics_close_on(year: int) -> datetime.date:
    """The day topics for cycle ``year`` close (the milestone, 1 January by default): from
    that Amsterdam date on no topic can be submitted for that year."""
    from notifications.models import CycleMilestone, MilestoneKind

    milestone = CycleMilestone.objects.filter(year=year, kind=MilestoneKind.TOPICS).first()
    return milestone.starts_on if milestone else datetime.date(year, 1, 1)


def open_topic_year(today: datetime.date) -> int:
    """The first cycle year that still takes topics on ``today``."""
    year = cycle_year_for(today)
    while today >= topics_close_on(year):
        year += 1
    return year


def visible_topics(user) -> QuerySet:
    """Topics the user may see (the queryset form of ``agendas.view_agendatopic``): the
    sectorkamer's secretaries and members, the SBB board and staff, the submitter, and the
    people of the organisation or table it was submitted for."""
    return visible_rows(
        user,
        AgendaTopic.objects.all(),
        lambda roles: (
            Q(sectorkamer_id__in=roles.secretary_of | roles.member_of)
            | Q(submitted_by=user)
            | Q(organisation_id__in=roles.represents)
            | Q(regional_table_id__in=roles.coordinator_of)
        ),
    )


def topic_queryset(user) -> QuerySet:
    return (
        visible_topics(user)
        .select_related(
            "sectorkamer", "organisation", "regional_table", "submitted_by",
            "priority__revision", "combined_with",
        )
        .prefetch_related("qualifications", "regions")
    )  # fmt: skip


class TopicFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Cycle year"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=TopicState.choices)
    q = SearchFilter("title__icontains", "explanation__icontains")

    class Meta:
        model = AgendaTopic
        fields = ["year", "state"]


def topics_by_lineage(lineages, user) -> dict:
    """The topics ``user`` may see that were taken up as a priority of each lineage (across
    the yearly revisions): one query."""
    found = {}
    if not lineages:
        return found
    for topic in (
        visible_topics(user)
        .filter(state=TopicState.TAKEN_UP, priority__lineage__in=list(lineages))
        .select_related("organisation", "regional_table", "priority")
        .order_by("submitted_at", "pk")
    ):
        found.setdefault(topic.priority.lineage, []).append(topic)
    return found


def topic_timeline(topic) -> list[TimelineEvent]:
    return transition_events(topic)

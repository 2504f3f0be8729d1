"""Reads for notifications: the deadlines of every app (for the sweep and the calendar feed),
who answers for each, and the notification centre."""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.timeutils import local_today
from regions.models import Role, RoleAssignment

from .models import CycleMilestone, DeadlineKind, Notification, WorkerHeartbeat


def last_worker_heartbeat():
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


@dataclasses.dataclass
class Deadline:
    kind: str
    source: str  # stable id, e.g. "agreement:12"
    due: datetime.date
    title: str
    url: str
    who: dict  # recipient role -> set of user ids
    at: datetime.datetime | None = None  # for timed events (a hearing)


class People:
    """Today's role holders, loaded with one query, to resolve recipients."""

    def __init__(self, day: datetime.date):
        self.secretaries = defaultdict(set)  # sectorkamer id -> users
        self.coordinators = defaultdict(set)  # table id -> users
        self.representatives = defaultdict(set)  # organisation id -> users
        self.board, self.secretariat, self.schools = set(), set(), set()
        assignments = (
            RoleAssignment.objects.filter(valid_from__lte=day, user__is_active=True)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .values_list(
                "role",
                "user_id",
                "sectorkamer_id",
                "regional_table_id",
                "organisation_id",
                "organisation__kind",
            )
        )
        for role, user, sectorkamer, table, organisation, kind in assignments:
            if role == Role.SECTORKAMER_SECRETARY:
                self.secretaries[sectorkamer].add(user)
            elif role == Role.TABLE_COORDINATOR:
                self.coordinators[table].add(user)
            elif role == Role.ORGANISATION_REPRESENTATIVE:
                self.representatives[organisation].add(user)
                if kind == "mbo_institution":
                    self.schools.add(user)
            elif role == Role.BOARD_MEMBER:
                self.board.add(user)
            elif role == Role.ARBITRATION_SECRETARIAT:
                self.secretariat.add(user)

    def of(self, organisations) -> set:
        return (
            set().union(*(self.representatives[o] for o in organisations))
            if organisations
            else set()
        )


def deadlines(*, start: datetime.date, end: datetime.date, people: People) -> list[Deadline]:
    """Every open deadline due between ``start`` and ``end``, each with who answers for it.
    One query per source, whatever the number of deadlines."""
    from agendas.models import AgendaRevision, RevisionState
    from agreements.models import OPEN_STATES, Agreement, AgreementState, Milestone, StartStopNotice
    from arbitration.models import ProceduralDeadline

    found = []
    # Agenda revisions: due by the end of 31 January of their year.
    years = range(start.year, end.year + 2)
    for revision in AgendaRevision.objects.filter(
        year__in=[y for y in years if start <= datetime.date(y, 1, 31) <= end],
        state__in=[RevisionState.DRAFT, RevisionState.SUBMITTED, RevisionState.ADOPTED],
    ).select_related("agenda__sectorkamer"):
        found.append(
            Deadline(
                DeadlineKind.AGENDA_REVISION,
                f"revision:{revision.pk}",
                datetime.date(revision.year, 1, 31),
                _("Agenda %(s)s %(year)s must be ratified before 1 February")
                % {"s": revision.agenda.sectorkamer.abbreviation, "year": revision.year},
                reverse("agendas:revision_detail", args=[revision.pk]),
                {
                    "secretary": people.secretaries[revision.agenda.sectorkamer_id],
                    "board": people.board,
                },
            )
        )
    # Agreements: their deadline while open.
    agreements = (
        Agreement.objects.filter(deadline__range=(start, end), state__in=OPEN_STATES)
        .select_related(
            "priority__revision__agenda", "parent__priority__revision__agenda", "regional_table"
        )
        .prefetch_related("parties")
    )
    for agreement in agreements:
        responsible = [
            p.organisation_id for p in agreement.parties.all() if p.role == "responsible"
        ]
        found.append(
            Deadline(
                DeadlineKind.AGREEMENT,
                f"agreement:{agreement.pk}",
                agreement.deadline,
                _("Agreement '%(title)s' is due") % {"title": agreement.title},
                reverse("agreements:detail", args=[agreement.pk]),
                {
                    "owner": people.of([agreement.owner_id]),
                    "parties": people.of(responsible),
                    "secretary": people.secretaries[agreement.sectorkamer_id],
                    "coordinator": people.coordinators[agreement.regional_table_id],
                },
            )
        )
    for milestone in Milestone.objects.filter(
        due_date__range=(start, end),
        done_date__isnull=True,
        agreement__state=AgreementState.ACTIVE,
    ).select_related("agreement"):
        found.append(
            Deadline(
                DeadlineKind.MILESTONE,
                f"milestone:{milestone.pk}",
                milestone.due_date,
                _("Milestone '%(title)s' of '%(agreement)s'")
                % {"title": milestone.title, "agreement": milestone.agreement.title},
                reverse("agreements:detail", args=[milestone.agreement_id]),
                {"owner": people.of([milestone.agreement.owner_id])},
            )
        )
    reporting = Agreement.objects.filter(
        state=AgreementState.ACTIVE, next_report_due__range=(start, end)
    ).prefetch_related("parties")
    for agreement in reporting:
        responsible = [
            p.organisation_id for p in agreement.parties.all() if p.role == "responsible"
        ]
        found.append(
            Deadline(
                DeadlineKind.PROGRESS_REPORT,
                f"report:{agreement.pk}",
                agreement.next_report_due,
                _("A progress report on '%(title)s' is due") % {"title": agreement.title},
                reverse("agreements:detail", args=[agreement.pk]),
                {"owner": people.of([agreement.owner_id]), "parties": people.of(responsible)},
            )
        )
    # Start/stop notices: the cycle's 1 February for every school, and each draft's own.
    for year in years:
        due = datetime.date(year, 1, 31)
        if start <= due <= end:
            found.append(
                Deadline(
                    DeadlineKind.NOTICE_CYCLE,
                    f"notices:{year}",
                    due,
                    _("Start/stop notices for the study years ahead are due by 31 January %(year)s")
                    % {"year": year},
                    reverse("agreements:notice_list"),
                    {"schools": people.schools},
                )
            )
            drafts = (
                StartStopNotice.objects.filter(state="draft")
                .filter(Q(leerweg="BOL", study_year=year + 1) | Q(leerweg="BBL", study_year=year))
                .select_related("qualification")
            )
            for notice in drafts:
                found.append(
                    Deadline(
                        DeadlineKind.NOTICE_DRAFT,
                        f"notice:{notice.pk}",
                        due,
                        _("Draft notice for %(name)s is not submitted yet")
                        % {"name": notice.qualification.name},
                        reverse("agreements:notice_detail", args=[notice.pk]),
                        {"schools": people.of([notice.institution_id])},
                    )
                )
    # Arbitration: every open procedural deadline, to whom the step belongs.
    procedural = (
        ProceduralDeadline.objects.filter(due__range=(start, end), met_at__isnull=True)
        .select_related("dossier")
        .prefetch_related("dossier__parties", "dossier__panel__arbiter")
    )
    for deadline in procedural:
        dossier = deadline.dossier
        sides = defaultdict(list)
        for party in dossier.parties.all():
            sides[party.side].append(party.organisation_id)
        panel = {m.arbiter.user_id for m in dossier.panel.all() if m.replaced_at is None}
        concerned = {
            "admissibility": people.secretariat,
            "challenge": people.of(sides["claimant"] + sides["respondent"]) | people.secretariat,
            "defence": people.of(sides["respondent"]),
            "hearing": people.secretariat | panel,
            "award": panel,
        }[deadline.kind]
        found.append(
            Deadline(
                DeadlineKind.ARBITRATION,
                f"arbitration:{deadline.pk}",
                deadline.due,
                # never the dossier's content: its reference and the step only
                _("%(reference)s: %(step)s due")
                % {"reference": dossier.reference, "step": deadline.get_kind_display()},
                reverse("arbitration:dossier_detail", args=[dossier.pk]),
                {"participants": concerned, "secretariat": people.secretariat},
                at=dossier.hearing_at if deadline.kind == "hearing" else None,
            )
        )
    return found


def notification_centre(user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def cycle_timeline(year: int):
    return CycleMilestone.objects.filter(year=year).order_by("starts_on")


def user_deadlines(user, *, start=None, end=None) -> list[Deadline]:
    """The deadlines ``user`` answers for (the calendar feed)."""
    day = local_today()
    start = start or day - datetime.timedelta(days=90)
    end = end or day + datetime.timedelta(days=400)
    people = People(day)
    return [
        d
        for d in deadlines(start=start, end=end, people=people)
        if any(user.pk in users for users in d.who.values())
    ]


def users_with_role(role, *, sectorkamer_id=None, table_id=None, organisation_ids=None):
    """The active users holding ``role`` today for the given scope."""
    from django.contrib.auth import get_user_model

    day = local_today()
    assignments = RoleAssignment.objects.filter(role=role, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    if sectorkamer_id is not None:
        assignments = assignments.filter(sectorkamer_id=sectorkamer_id)
    if table_id is not None:
        assignments = assignments.filter(regional_table_id=table_id)
    if organisation_ids is not None:
        assignments = assignments.filter(organisation_id__in=organisation_ids)
    return list(
        get_user_model().objects.filter(is_active=True, pk__in=assignments.values("user_id"))
    )

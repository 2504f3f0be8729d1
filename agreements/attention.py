"""What agreements puts on people's attention lists (see notifications/registry.py).

The secretary: agreements waiting for their parties, progress reports overdue or due within
the month, conflicts of start/stop notices to resolve, and new or at-risk regional
commitments under the sectorkamer's agreements. A representative: agreements their
organisation must accept, progress reports it owns, their school's notices still to submit.
A regional table: its commitments to report on, and the sector agreements of its sectorkamer
it has not worked out yet."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.timeutils import amsterdam
from notifications.registry import ATTENTION_LIMIT, AttentionItem, attention_source

from .models import (
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementState,
    ConflictResolution,
    Leerweg,
    NoticeConflict,
    NoticeState,
    ProgressStatus,
    StartStopNotice,
    TableInput,
)
from .selectors import of_sectorkamers

# Reports are listed from this many days before they are due.
REPORT_WITHIN_DAYS = 31
# A regional commitment is "new" to the secretary for this many days.
NEW_COMMITMENT_DAYS = 14
# Notices still in draft are listed from this many days before their legal deadline.
NOTICE_WITHIN_DAYS = 92


def _last_day(notice) -> datetime.date:
    """The last Amsterdam day before the notice's legal deadline (the start of 1 February)."""
    return (notice.deadline - datetime.timedelta(microseconds=1)).astimezone(amsterdam()).date()


def _detail(agreement, anchor=""):
    return reverse("agreements:detail", args=[agreement.pk]) + anchor


def _reports_due(agreements, today, kind, action):
    due = agreements.filter(
        state=AgreementState.ACTIVE,
        next_report_due__lte=today + datetime.timedelta(days=REPORT_WITHIN_DAYS),
    ).order_by("next_report_due", "pk")
    for agreement in due[:ATTENTION_LIMIT]:
        yield AttentionItem(
            kind, f"report:{agreement.pk}",
            _("A progress report on '%(title)s' is due") % {"title": agreement.title},
            action, _detail(agreement, "#progress-heading"), agreement.next_report_due,
        )  # fmt: skip


@attention_source
def secretary_agreements(user, roles, today):
    """Five queries for a secretary, none for anyone else."""
    if not roles.secretary_of:
        return
    ours = Agreement.objects.filter(of_sectorkamers(roles.secretary_of))
    pending_party = AgreementParty.objects.filter(
        agreement=OuterRef("pk"), acceptance=Acceptance.PENDING
    )
    waiting = ours.filter(state=AgreementState.PROPOSED).filter(Exists(pending_party))
    for agreement in waiting.order_by("deadline", "pk")[:ATTENTION_LIMIT]:
        yield AttentionItem(
            "agreement_waiting", f"agreement:{agreement.pk}",
            _("'%(title)s' waits for its parties' acceptance") % {"title": agreement.title},
            _("See who has not accepted"), _detail(agreement, "#parties-heading"),
        )  # fmt: skip
    yield from _reports_due(ours, today, "report_monitor", _("See the agreement"))
    conflicts = (
        NoticeConflict.objects.filter(
            resolution=ConflictResolution.OPEN,
            notice__qualification__sectorkamer_id__in=roles.secretary_of,
        )
        .select_related("notice__qualification", "notice__institution")
        .order_by("created_at", "pk")
    )
    for conflict in conflicts[:ATTENTION_LIMIT]:
        notice = conflict.notice
        yield AttentionItem(
            "conflict", f"conflict:{conflict.pk}",
            _("%(school)s's notice for %(name)s conflicts with an agreement")
            % {"school": notice.institution.name, "name": notice.qualification.name},
            _("Resolve the conflict"),
            reverse("agreements:notice_detail", args=[notice.pk]) + "#conflicts-heading",
            _last_day(notice),
        )  # fmt: skip
    since = today - datetime.timedelta(days=NEW_COMMITMENT_DAYS)
    commitments = (
        Agreement.objects.filter(  # commitments working out the sectorkamer's agreements
            regional_table__isnull=False,
            parent__isnull=False,
            sectorkamer__in=roles.secretary_of,
        )
        .filter(
            Q(created_at__date__gte=since, state__in=[AgreementState.DRAFT, AgreementState.PROPOSED,
                                                       AgreementState.ACTIVE])
            | Q(state=AgreementState.ACTIVE,
                latest_status__in=[ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK])
        )
        .select_related("regional_table")
        .order_by("-created_at", "pk")
    )  # fmt: skip
    for agreement in commitments[:ATTENTION_LIMIT]:
        names = {"table": agreement.regional_table.name, "title": agreement.title}
        at_risk = agreement.latest_status in (ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK)
        yield AttentionItem(
            "commitment_at_risk" if at_risk else "commitment_new", f"agreement:{agreement.pk}",
            (_("%(table)s: '%(title)s' is at risk or off track") if at_risk
             else _("%(table)s logged a new commitment: '%(title)s'")) % names,
            _("See the commitment"), _detail(agreement),
        )  # fmt: skip
    inputs = (
        TableInput.objects.filter(created_at__date__gte=since)
        .filter(
            Q(agreement__priority__revision__agenda__sectorkamer__in=roles.secretary_of)
            | Q(agreement__isnull=True, regional_table__sectorkamer__in=roles.secretary_of)
        )
        .select_related("regional_table", "agreement")
        .order_by("-created_at", "-pk")
    )
    for given in inputs[:ATTENTION_LIMIT]:
        about = given.agreement.title if given.agreement_id else _("the sector agenda")
        yield AttentionItem(
            "table_input", f"input:{given.pk}",
            _("%(table)s gives input on %(about)s")
            % {"table": given.regional_table.name, "about": about},
            _("Read the input"),
            _detail(given.agreement, "#table-input-heading") if given.agreement_id
            else reverse("agreements:table_workspace", args=[given.regional_table_id])
            + "#input-heading",
        )  # fmt: skip


@attention_source
def representative_agreements(user, roles, today):
    """Three queries for a representative, none for anyone else."""
    if not roles.represents:
        return
    to_accept = (
        AgreementParty.objects.filter(
            organisation_id__in=roles.represents,
            acceptance=Acceptance.PENDING,
            agreement__state=AgreementState.PROPOSED,
        )
        .select_related("agreement", "organisation")
        .order_by("agreement__deadline", "pk")
    )
    for party in to_accept[:ATTENTION_LIMIT]:
        yield AttentionItem(
            "accept", f"party:{party.pk}",
            _("%(organisation)s is asked to accept '%(title)s'")
            % {"organisation": party.organisation.name, "title": party.agreement.title},
            _("Accept or decline"), _detail(party.agreement, "#parties-heading"),
        )  # fmt: skip
    owned = Agreement.objects.filter(
        Q(owner_id__in=roles.represents)
        | Exists(AgreementParty.objects.filter(
            agreement=OuterRef("pk"), organisation_id__in=roles.represents, role="responsible"))
    )  # fmt: skip
    yield from _reports_due(owned, today, "report", _("Report progress"))
    # A notice's last day is 31 January of year D (BOL: the year before its study year; BBL:
    # the study year itself); it is listed once that day lies within the horizon, so the
    # database picks them: D <= the last such year, nothing read only to be left out.
    horizon = today + datetime.timedelta(days=NOTICE_WITHIN_DAYS)
    last_year = horizon.year if horizon >= datetime.date(horizon.year, 1, 31) else horizon.year - 1
    drafts = (
        StartStopNotice.objects.filter(institution_id__in=roles.represents, state=NoticeState.DRAFT)
        .filter(Q(leerweg=Leerweg.BOL, study_year__lte=last_year + 1)
                | Q(leerweg=Leerweg.BBL, study_year__lte=last_year))
        .select_related("qualification")
        .order_by("study_year", "pk")
    )  # fmt: skip
    for notice in drafts[:ATTENTION_LIMIT]:
        due = _last_day(notice)
        yield AttentionItem(
            "notice_draft", f"notice:{notice.pk}",
            _("Your %(action)s notice for %(name)s (%(leerweg)s, %(year)s) is not submitted")
            % {"action": notice.get_action_display(), "name": notice.qualification.name,
               "leerweg": notice.leerweg, "year": notice.study_year},
            _("Submit the notice"),
            reverse("agreements:notice_detail", args=[notice.pk]), due,
        )  # fmt: skip


@attention_source
def table_agreements(user, roles, today):
    """A regional table's coordinator and members: commitments to report on (coordinator),
    and sector agreements of the table's sectorkamer it has not worked out. Three queries."""
    from regions.models import RegionalTable

    tables = roles.coordinator_of | roles.table_member_of
    if not tables:
        return
    if roles.coordinator_of:
        ours = Agreement.objects.filter(regional_table_id__in=roles.coordinator_of)
        yield from _reports_due(ours, today, "report_table", _("Report progress"))
    tables = list(RegionalTable.objects.filter(pk__in=tables).order_by("name"))
    # One query whatever the number of tables: per table, whether it worked the agreement out.
    done = {
        f"done_{t.pk}": Exists(Agreement.objects.filter(parent=OuterRef("pk"), regional_table=t))
        for t in tables
    }
    pending = Q()
    for t in tables:
        kamer = Q(priority__revision__agenda__sectorkamer_id=t.sectorkamer_id)
        pending |= kamer & Q(**{f"done_{t.pk}": False})
    sector = (
        Agreement.objects.filter(priority__isnull=False, state=AgreementState.ACTIVE)
        .annotate(**done)
        .filter(pending)
        .select_related("priority__revision__agenda")
        .order_by("deadline", "pk")
    )
    for agreement in sector[:ATTENTION_LIMIT]:
        for table in tables:
            kamer = agreement.priority.revision.agenda.sectorkamer_id
            if kamer != table.sectorkamer_id or getattr(agreement, f"done_{table.pk}"):
                continue
            coordinates = table.pk in roles.coordinator_of
            yield AttentionItem(
                "work_out", f"work-out:{table.pk}:{agreement.pk}",
                _("%(table)s has not worked out '%(title)s' yet")
                % {"table": table.name, "title": agreement.title},
                _("Log a commitment") if coordinates else _("See the agreement"),
                reverse("agreements:create_for_table", args=[table.pk]) + f"?parent={agreement.pk}"
                if coordinates else _detail(agreement),
                agreement.deadline,
            )  # fmt: skip

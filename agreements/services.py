"""Every write in the agreements app."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.services import require_perm, validated_save
from core.timeutils import local_today
from core.workflow import check_transition, run_transition, state_conflict
from regions.models import OrganisationKind, User
from regions.selectors import active_roles

from . import events
from .models import (
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementState,
    Category,
    ConflictResolution,
    Milestone,
    NoticeAction,
    NoticeConflict,
    NoticeState,
    ProgrammeOfferRule,
    ProgressReport,
    ProgressStatus,
    RuleKind,
    StartStopNotice,
    progress_between,
)
from .selectors import consistency_errors, smart_check

AGREEMENT_FIELDS = (
    "level",
    "category",
    "title",
    "description",
    "indicator",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "direction",
    "rationale",
    "start_date",
    "deadline",
    "owner",
    "contact",
    "cadence",
    "weight",
    "parent",
)


def follow_table_sectorkamer(sender, instance, created, **kwargs) -> None:
    """A regional table saved (post_save; regions knows no agreements): its commitments'
    stored sectorkamers follow its sectorkamer. Two UPDATEs that touch only what differs."""
    if created:
        return
    kamer = instance.sectorkamer_id
    commitments = Agreement.objects.filter(regional_table=instance)
    commitments.exclude(table_sectorkamer=kamer).update(table_sectorkamer=kamer)
    commitments.filter(parent__isnull=True).exclude(sectorkamer=kamer).update(sectorkamer=kamer)


def _validate(agreement: Agreement) -> None:
    errors = consistency_errors(agreement)
    if errors:
        raise ValidationError(errors)
    validated_save(agreement)


def _check_fields(fields) -> None:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")


def _save(agreement: Agreement, *, actor: User, parties) -> Agreement:
    """Validate and save ``agreement`` as ``actor``; replace its parties when given."""
    agreement._history_user = actor
    _validate(agreement)
    if parties is not None:
        set_parties(actor=actor, agreement=agreement, parties=parties)
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _require_draft(agreement: Agreement) -> None:
    if agreement.state != AgreementState.DRAFT:
        raise state_conflict(
            agreement,
            _("Only a draft agreement can be changed; this one is '%(state)s'.")
            % {"state": agreement.get_state_display()},
        )


@transaction.atomic
def create_agreement(
    *, actor: User, priority=None, regional_table=None, parties=None, **fields
) -> Agreement:
    """A new draft under an agenda priority (sector agreement) or a regional table, with its
    parties ((organisation, role) pairs) when given: one user action, one transaction."""
    if (priority is None) == (regional_table is None):
        raise ValidationError(
            {"priority": _("An agreement hangs under a priority or under a regional table.")}
        )
    require_perm(actor, "agreements.add_agreement", priority or regional_table)
    _check_fields(fields)
    parent = fields.get("parent")
    if parent is not None and (regional_table is None or parent.priority_id is None):
        raise ValidationError(
            {"parent": _("Only a regional commitment works out a sector agreement.")}
        )
    agreement = Agreement(priority=priority, regional_table=regional_table, **fields)
    agreement = _save(agreement, actor=actor, parties=parties)
    if parent is not None:  # the sectorkamer's secretary hears of the table's commitment
        _agreement_event(agreement, "committed", actor)
    return agreement


@transaction.atomic
def update_agreement(*, actor: User, agreement: Agreement, parties=None, **fields) -> Agreement:
    """Change a draft's fields and, when given, replace its parties."""
    require_perm(actor, "agreements.change_agreement", agreement)
    agreement = _locked(agreement)
    _require_draft(agreement)
    _check_fields(fields)
    for key, value in fields.items():
        setattr(agreement, key, value)
    _check_milestones_within(agreement)
    return _save(agreement, actor=actor, parties=parties)


def _check_milestones_within(agreement: Agreement) -> None:
    """A milestone may not lie after the deadline (``add_milestone``); moving the deadline
    before a milestone would break that after the fact."""
    if not agreement.deadline:
        return
    later = list(
        agreement.milestones.filter(due_date__gt=agreement.deadline)
        .order_by("due_date", "pk")
        .values_list("title", "due_date")
    )
    if later:
        named = "; ".join(
            f"'{title}' ({formats.date_format(due, 'SHORT_DATE_FORMAT')})" for title, due in later
        )
        raise ValidationError(
            {
                "deadline": _("The deadline cannot be before these milestones: %(milestones)s.")
                % {"milestones": named}
            }
        )


@transaction.atomic
def set_parties(*, actor: User, agreement: Agreement, parties: Iterable[tuple]) -> None:
    """Replace the parties with (organisation, role) pairs; a party may appear once."""
    require_perm(actor, "agreements.change_agreement", agreement)
    agreement = _locked(agreement)
    _require_draft(agreement)
    parties = list(parties)
    seen = set()
    for organisation, _role in parties:
        if organisation.pk in seen:
            raise ValidationError(
                {"parties": _("%(organisation)s is listed twice.") % {"organisation": organisation}}
            )
        seen.add(organisation.pk)
    agreement.parties.exclude(organisation_id__in=seen).delete()
    existing = {p.organisation_id: p for p in agreement.parties.all()}
    for organisation, role in parties:
        party = existing.get(organisation.pk) or AgreementParty(
            agreement=agreement, organisation=organisation
        )
        party.role = role
        party.acceptance = Acceptance.PENDING
        party.decided_by = party.decided_at = None
        party.decline_reason = ""
        party._history_user = actor
        validated_save(party)


@transaction.atomic
def add_milestone(*, actor: User, agreement: Agreement, title: str, due_date) -> Milestone:
    require_perm(actor, "agreements.change_agreement", agreement)
    milestone = Milestone(agreement=agreement, title=title, due_date=due_date)
    if agreement.deadline and due_date and due_date > agreement.deadline:
        raise ValidationError({"due_date": _("A milestone cannot be after the deadline.")})
    milestone._history_user = actor
    validated_save(milestone)
    return milestone


@transaction.atomic
def complete_milestone(*, actor: User, milestone: Milestone, done_date=None) -> Milestone:
    agreement = milestone.agreement
    if not (
        actor.has_perm("agreements.change_agreement", agreement)
        or actor.has_perm("agreements.report_progress", agreement)
    ):
        raise PermissionDenied(_("You are not allowed to do this."))
    milestone.done_date = done_date or local_today()
    milestone._history_user = actor
    validated_save(milestone)
    return milestone


@transaction.atomic
def set_offer_rule(
    *,
    actor: User,
    agreement: Agreement,
    kind: str,
    qualifications,
    regions=(),
    phase_out_by=None,
    intake_cap=None,
) -> ProgrammeOfferRule:
    require_perm(actor, "agreements.change_agreement", agreement)
    agreement = _locked(agreement)
    _require_draft(agreement)
    if agreement.category != Category.PROGRAMME_OFFER:
        raise ValidationError(
            {"kind": _("Only a programme-offer agreement states where qualifications run.")}
        )
    qualifications, regions = list(qualifications), list(regions)
    if not qualifications:
        raise ValidationError({"qualifications": _("Choose at least one qualification.")})
    if kind == RuleKind.ALLOWED_REGIONS and not regions:
        raise ValidationError({"regions": _("Choose the arbeidsmarktregio's where it may run.")})
    rule = ProgrammeOfferRule(
        agreement=agreement, kind=kind, phase_out_by=phase_out_by, intake_cap=intake_cap
    )
    validated_save(rule)
    rule.qualifications.set(qualifications)
    rule.regions.set(regions)
    return rule


# -- transitions -------------------------------------------------------------------------


@transaction.atomic
def propose_agreement(*, actor: User, agreement: Agreement, comment: str = "") -> Agreement:
    check_transition(agreement, "propose", actor=actor)
    failing = [letter for letter in smart_check(agreement) if not letter.ok]
    if failing:
        raise ValidationError(
            {
                "smart": [
                    f"{letter.letter} ({letter.name}): {' '.join(letter.reasons)}"
                    for letter in failing
                ]
            }
        )
    run_transition(agreement, "propose", actor=actor, comment=comment)
    _agreement_event(agreement, "proposed", actor)
    return agreement


def _party_for(actor, agreement, organisation=None) -> AgreementParty:
    represented = active_roles(actor).represents
    candidates = [
        p
        for p in agreement.parties.select_for_update().select_related("organisation")
        if p.organisation_id in represented
        and (organisation is None or p.organisation_id == organisation.pk)
    ]
    if not candidates:
        raise PermissionDenied(_("You do not represent a party to this agreement."))
    return candidates[0]


@transaction.atomic
def accept_agreement(*, actor: User, agreement: Agreement, organisation=None, comment=""):
    """A party accepts; when the last responsible party has accepted, it becomes active."""
    check_transition(agreement, "accept", actor=actor)
    party = _party_for(actor, agreement, organisation)
    party.acceptance = Acceptance.ACCEPTED
    party.decided_by, party.decided_at = actor, timezone.now()
    party._history_user = actor
    party.save()
    responsible = agreement.parties.filter(role="responsible")
    if not responsible.exclude(acceptance=Acceptance.ACCEPTED).exists():
        run_transition(
            agreement,
            "accept",
            actor=actor,
            comment=comment or _("Accepted by the last responsible party."),
        )
        _schedule_next_report(agreement, after=agreement.start_date)
        _agreement_event(agreement, "activated", actor)
    else:
        _agreement_event(agreement, "accepted", actor, detail=party.organisation.name)
    return agreement


@transaction.atomic
def decline_agreement(*, actor: User, agreement: Agreement, comment: str, organisation=None):
    """A party declines with a reason; the agreement goes back to draft."""
    check_transition(agreement, "decline", actor=actor, comment=comment)
    party = _party_for(actor, agreement, organisation)
    party.acceptance = Acceptance.DECLINED
    party.decided_by, party.decided_at = actor, timezone.now()
    party.decline_reason = comment.strip()
    party._history_user = actor
    party.save()
    run_transition(
        agreement,
        "decline",
        actor=actor,
        comment=f"{party.organisation}: {comment.strip()}",
    )
    _agreement_event(agreement, "declined", actor, detail=f"{party.organisation}: {comment}")
    return agreement


def _evaluate(actor, agreement, name, comment):
    check_transition(agreement, name, actor=actor)
    if not agreement.deadline_reached():
        raise ValidationError(
            {
                "comment": _("An agreement is evaluated at or after its deadline (%(day)s).")
                % {"day": agreement.deadline.isoformat()}
            }
        )
    return run_transition(agreement, name, actor=actor, comment=comment)


@transaction.atomic
def achieve_agreement(*, actor: User, agreement: Agreement, comment: str):
    return _evaluate(actor, agreement, "achieve", comment)


@transaction.atomic
def fail_agreement(*, actor: User, agreement: Agreement, comment: str):
    return _evaluate(actor, agreement, "fail", comment)


@transaction.atomic
def cancel_agreement(*, actor: User, agreement: Agreement, comment: str):
    return run_transition(agreement, "cancel", actor=actor, comment=comment)


def _agreement_event(agreement, event: str, actor, detail: str = "") -> None:
    """Tell the people concerned (in this transaction): parties on a proposal, the manager
    and the owner on a decision."""
    from notifications.models import NotificationKind
    from notifications.services import notify_event
    from regions.models import Role
    from regions.selectors import users_with_role

    party_ids = [p.organisation_id for p in agreement.parties.all()]
    if event in ("committed", "at_risk"):  # a regional commitment under a sector agreement
        recipients = users_with_role(
            Role.SECTORKAMER_SECRETARY, sectorkamer_id=agreement.sectorkamer_id
        )
    elif event == "proposed":
        recipients = users_with_role(Role.ORGANISATION_REPRESENTATIVE, organisation_ids=party_ids)
    else:
        recipients = users_with_role(
            Role.ORGANISATION_REPRESENTATIVE, organisation_ids=[agreement.owner_id]
        )
        if agreement.regional_table_id:
            recipients += users_with_role(
                Role.TABLE_COORDINATOR, table_id=agreement.regional_table_id
            )
        else:
            recipients += users_with_role(
                Role.SECTORKAMER_SECRETARY, sectorkamer_id=agreement.sectorkamer_id
            )
    labels = {
        "proposed": _("proposed to your organisation"),
        "accepted": _("accepted"),
        "declined": _("declined"),
        "activated": _("active: all parties accepted"),
        "committed": _("logged by a regional table under your sector agreement"),
        "at_risk": _("a regional commitment reports it is at risk or off track"),
    }
    notify_event(
        actor=actor,
        recipients=recipients,
        subject=f"agreement:{agreement.pk}",
        event=event,
        kind=NotificationKind.AGREEMENT,
        title=_("Agreement '%(title)s': %(event)s")
        % {"title": agreement.title, "event": labels[event]},
        body=detail,
        url=reverse("agreements:detail", args=[agreement.pk]),
    )


# -- progress ----------------------------------------------------------------------------


@transaction.atomic
def report_progress(
    *,
    actor: User,
    agreement: Agreement,
    period_start,
    period_end,
    value,
    status,
    narrative: str = "",
) -> ProgressReport:
    require_perm(actor, "agreements.report_progress", agreement)
    if agreement.state != AgreementState.ACTIVE:
        raise ValidationError(
            {
                "agreement": _(
                    "Progress is reported on active agreements; this one is '%(state)s'."
                )
                % {"state": agreement.get_state_display()}
            }
        )
    report = ProgressReport(
        agreement=agreement,
        period_start=period_start,
        period_end=period_end,
        value=value,
        status=status,
        narrative=narrative,
        reporter=actor,
    )
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    validated_save(report)
    _keep_latest_report(agreement)
    if agreement.parent_id and report.status in (ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK):
        _agreement_event(agreement, "at_risk", actor, detail=report.narrative)
    return report


def _keep_latest_report(agreement: Agreement) -> None:
    """Store the latest report (by period) and the next due date on the agreement."""
    latest = agreement.progress_reports.order_by("-period_end", "-pk").first()
    agreement.latest_value = latest.value if latest else None
    agreement.latest_status = latest.status if latest else None
    agreement.latest_period_end = latest.period_end if latest else None
    agreement.progress = progress_between(
        agreement.baseline_value, agreement.target_value, agreement.latest_value
    )
    Agreement.objects.filter(pk=agreement.pk).update(
        latest_value=agreement.latest_value,
        latest_status=agreement.latest_status,
        latest_period_end=agreement.latest_period_end,
        progress=agreement.progress,
    )
    _schedule_next_report(agreement, after=agreement.latest_period_end)


def _schedule_next_report(agreement: Agreement, *, after) -> None:
    from .selectors import next_report_due

    due = next_report_due(agreement, after)
    Agreement.objects.filter(pk=agreement.pk).update(next_report_due=due)
    agreement.next_report_due = due


# -- start/stop notices ------------------------------------------------------------------


@transaction.atomic
def create_notice(
    *,
    actor: User,
    institution,
    qualification,
    action,
    leerweg,
    municipality,
    region,
    study_year: int,
) -> StartStopNotice:
    require_perm(actor, "agreements.add_startstopnotice", institution)
    if institution.kind != OrganisationKind.MBO_INSTITUTION:
        raise ValidationError({"institution": _("Only an mbo institution submits notices.")})
    notice = StartStopNotice(
        institution=institution,
        qualification=qualification,
        action=action,
        leerweg=leerweg,
        municipality=(municipality or "").strip(),
        region=region,
        study_year=study_year,
    )
    notice._history_user = actor
    validated_save(notice)
    return notice


@transaction.atomic
def record_late_exception(*, actor: User, notice: StartStopNotice, reason: str):
    """An SBB secretary allows a notice past its legal deadline, with a reason."""
    require_perm(actor, "agreements.except_startstopnotice", notice)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the exception.")})
    notice.late_exception_reason = reason.strip()
    notice.late_exception_by = actor
    notice._history_user = actor
    notice.save(update_fields=["late_exception_reason", "late_exception_by"])
    return notice


def find_conflicts(notice: StartStopNotice) -> list[tuple[ProgrammeOfferRule, str]]:
    """The active programme-offer rules a start notice breaks, with why."""
    if notice.action != NoticeAction.START:
        return []
    rules = (
        ProgrammeOfferRule.objects.filter(
            qualifications=notice.qualification, agreement__state=AgreementState.ACTIVE
        )
        .select_related("agreement")
        .prefetch_related("regions")
    )
    found = []
    name = notice.qualification.name
    for rule in rules:
        if rule.kind == RuleKind.ALLOWED_REGIONS:
            allowed = {r.pk for r in rule.regions.all()}
            if notice.region_id not in allowed:
                regions = ", ".join(r.name for r in rule.regions.all())
                found.append(
                    (
                        rule,
                        _(
                            "%(name)s may only be offered in %(regions)s "
                            "(agreement '%(agreement)s'); %(region)s is not one of them."
                        )
                        % {
                            "name": name,
                            "regions": regions,
                            "agreement": rule.agreement,
                            "region": notice.region,
                        },
                    )
                )
        elif rule.kind == RuleKind.NO_NEW_STARTS:
            found.append(
                (
                    rule,
                    _("Agreement '%(agreement)s' allows no new starts of %(name)s.")
                    % {"agreement": rule.agreement, "name": name},
                )
            )
        elif rule.kind == RuleKind.PHASE_OUT:
            found.append(
                (
                    rule,
                    _("%(name)s is being phased out by %(day)s (agreement '%(agreement)s').")
                    % {
                        "name": name,
                        "day": rule.phase_out_by.isoformat(),
                        "agreement": rule.agreement,
                    },
                )
            )
    return found


@transaction.atomic
def submit_notice(*, actor: User, notice: StartStopNotice) -> StartStopNotice:
    """Submit a draft notice: refused after its legal deadline unless an exception was
    recorded; checked against the active programme-offer rules (conflicts are stored)."""
    require_perm(actor, "agreements.submit_startstopnotice", notice)
    notice = StartStopNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != NoticeState.DRAFT:
        raise ValidationError({"state": _("This notice has already been submitted.")})
    now = timezone.now()
    if now >= notice.deadline and not notice.late_exception_reason:
        last_day = (notice.deadline - datetime.timedelta(microseconds=1)).astimezone(
            timezone.get_current_timezone()
        )
        raise ValidationError(
            {
                "study_year": _(
                    "Too late: a %(leerweg)s notice for the study year starting "
                    "1 August %(year)s had to be submitted by %(day)s "
                    "(end of the day, Amsterdam time)."
                )
                % {
                    "leerweg": notice.leerweg,
                    "year": notice.study_year,
                    "day": last_day.date().isoformat(),
                }
            }
        )
    notice.state = NoticeState.SUBMITTED
    notice.submitted_at, notice.submitted_by = now, actor
    notice._history_user = actor
    notice.save(update_fields=["state", "submitted_at", "submitted_by"])
    conflicts = find_conflicts(notice)
    for rule, message in conflicts:
        NoticeConflict.objects.create(notice=notice, rule=rule, message=message)
    if conflicts:
        from notifications.models import NotificationKind
        from notifications.services import notify
        from regions.models import Role
        from regions.selectors import users_with_role

        notify(
            recipients=users_with_role(
                Role.ORGANISATION_REPRESENTATIVE, organisation_ids=[notice.institution_id]
            )
            + users_with_role(
                Role.SECTORKAMER_SECRETARY, sectorkamer_id=notice.qualification.sectorkamer_id
            ),
            kind=NotificationKind.NOTICE,
            key=f"event:notice:{notice.pk}:conflict",
            title=_("The notice for %(name)s conflicts with an agreement")
            % {"name": notice.qualification.name},
            body="\n".join(message for _rule, message in conflicts),
            url=reverse("agreements:notice_detail", args=[notice.pk]),
        )
    return notice


@transaction.atomic
def resolve_conflicts(*, actor: User, conflicts, resolution: str, reason: str = "") -> list:
    """Resolve several open conflicts the same way (consistent after all, or accepted with
    one reason), in one transaction: all of them or, on the first refusal, none. An
    escalation is decided one conflict at a time, on its notice's page."""
    conflicts = list(conflicts)
    if not conflicts:
        raise ValidationError({"conflicts": _("Choose at least one conflict.")})
    if resolution == ConflictResolution.ESCALATED:
        raise ValidationError(
            {"resolution": _("Escalate a conflict from its notice's page, one at a time.")}
        )
    return [
        resolve_conflict(actor=actor, conflict=c, resolution=resolution, reason=reason)
        for c in conflicts
    ]


@transaction.atomic
def resolve_conflict(*, actor: User, conflict: NoticeConflict, resolution: str, reason: str = ""):
    """Resolve a notice conflict; an escalation is announced to the apps above (see
    ``events.conflict_escalated``) and what they prepared is the result's ``escalation``."""
    require_perm(actor, "agreements.resolve_noticeconflict", conflict)
    conflict = NoticeConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.resolution != ConflictResolution.OPEN:
        raise ValidationError({"resolution": _("This conflict has already been resolved.")})
    if resolution not in (
        ConflictResolution.CONSISTENT,
        ConflictResolution.ACCEPTED,
        ConflictResolution.ESCALATED,
    ):
        raise ValidationError({"resolution": _("Choose how the conflict is resolved.")})
    if resolution == ConflictResolution.ACCEPTED and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for accepting the notice.")})
    conflict.resolution = resolution
    conflict.reason = (reason or "").strip()
    conflict.resolved_by, conflict.resolved_at = actor, timezone.now()
    conflict._history_user = actor
    conflict.save()
    conflict.escalation = None
    if resolution == ConflictResolution.ESCALATED:
        # Page and API alike: the apps above (arbitration) prepare what follows, in this
        # same transaction.
        answers = events.conflict_escalated.send(
            sender=NoticeConflict, actor=actor, conflict=conflict
        )
        conflict.escalation = next((answer for _receiver, answer in answers if answer), None)
    return conflict


@transaction.atomic
def add_party(*, actor: User, agreement: Agreement, organisation, role: str) -> None:
    current = [(p.organisation, p.role) for p in agreement.parties.select_related("organisation")]
    set_parties(actor=actor, agreement=agreement, parties=[*current, (organisation, role)])


@transaction.atomic
def remove_party(*, actor: User, agreement: Agreement, organisation) -> None:
    current = [
        (p.organisation, p.role)
        for p in agreement.parties.select_related("organisation")
        if p.organisation_id != organisation.pk
    ]
    set_parties(actor=actor, agreement=agreement, parties=current)


# -- arbitration hooks (called by the arbitration services only) ---------------------------
# The arbitration service that calls these has checked its own permission (admitting a
# dossier, issuing an award, recording a settlement); the agreement follows from that
# decision, so these record the change in the agreement's history without a second check.


def mark_disputed(*, agreement: Agreement, by: User, description: str) -> bool:
    """An admitted dossier disputes the agreement; only an active agreement can be."""
    agreement = _locked(agreement)
    if agreement.state != AgreementState.ACTIVE:
        return False
    agreement._history_user = by
    agreement.dispute(by=by, description=description)
    agreement.save()
    return True


def end_dispute(*, agreement: Agreement, by: User, description: str, cancel: bool) -> None:
    """An award or settlement ends the dispute: the agreement stays in force or is cancelled."""
    agreement = _locked(agreement)
    if agreement.state != AgreementState.DISPUTED:
        return
    agreement._history_user = by
    agreement.end_dispute(by=by, description=description)
    agreement.save()
    if cancel:
        agreement.cancel(by=by, description=description)
        agreement.save()


# -- input from the regions ------------------------------------------------------------


@transaction.atomic
def give_table_input(*, actor: User, regional_table, text: str, agreement=None):
    """A regional table's input for the sectorkamer, on one of its sector agreements or for
    its agenda; the sectorkamer's secretaries are told (in the app and by email)."""
    from notifications.models import NotificationKind
    from notifications.services import notify_event
    from regions.models import Role
    from regions.selectors import users_with_role

    from .models import TableInput

    require_perm(actor, "agreements.add_tableinput", regional_table)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what the region wants the sectorkamer to know.")})
    if agreement is not None and (
        agreement.priority_id is None
        or agreement.state not in (AgreementState.PROPOSED, AgreementState.ACTIVE)
    ):
        raise ValidationError(
            {"agreement": _("Input goes with a sector agreement that is proposed or active.")}
        )
    sectorkamer_id = agreement.sectorkamer_id if agreement else regional_table.sectorkamer_id
    if sectorkamer_id is None:
        raise ValidationError(
            {
                "agreement": _(
                    "This table serves no single sectorkamer: choose the sector "
                    "agreement the input is about."
                )
            }  # fmt: skip
        )
    given = TableInput.objects.create(
        regional_table=regional_table, agreement=agreement, text=text, created_by=actor
    )
    about = agreement.title if agreement else _("the sector agenda")
    notify_event(
        actor=actor,
        recipients=users_with_role(Role.SECTORKAMER_SECRETARY, sectorkamer_id=sectorkamer_id),
        subject=f"table-input:{given.pk}",
        event="input",
        kind=NotificationKind.AGREEMENT,
        title=_("%(table)s gives input on %(about)s")
        % {"table": regional_table.name, "about": about},
        body=text,
        url=reverse("agreements:detail", args=[agreement.pk]) if agreement
        else reverse("regions:table_detail", args=[regional_table.pk]),
    )  # fmt: skip
    return given

"""Every write in arbitration: dossiers and their transitions, panels and independence,
challenges, procedural deadlines, documents, awards and settlements."""

import dataclasses
import datetime
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import services as agreement_services
from agreements.models import NoticeConflict
from core.files import checked_upload, detect_type
from core.services import require_perm, validated_save
from core.timeutils import local_today
from core.views import client_address
from core.workflow import check_transition, run_transition
from regions.models import Role, User
from regions.rules import is_arbitration_secretariat
from regions.selectors import active_roles, assignments_valid_on

from .models import (
    AccessKind,
    AccessLogEntry,
    Affiliation,
    ArbiterProfile,
    ArbitrationAgreement,
    Award,
    Challenge,
    ChallengeDecision,
    ConflictDeclaration,
    DeadlineKind,
    Document,
    Dossier,
    DossierParty,
    DossierSequence,
    DossierState,
    PanelMember,
    ProceduralDeadline,
    ProceduralRuleSet,
    Side,
)
from .rules import document_visibilities, dossier_roles


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def dossier_event(dossier: Dossier, actor, what: str) -> None:
    """Tell every participant of the dossier that something happened. Never the content:
    the reference, the step and a link to the portal."""
    from notifications.models import NotificationKind
    from notifications.services import notify_event
    from regions.selectors import users_with_role

    organisations = [p.organisation_id for p in dossier.parties.all()]
    recipients = users_with_role(Role.ORGANISATION_REPRESENTATIVE, organisation_ids=organisations)
    recipients += users_with_role(Role.ARBITRATION_SECRETARIAT)
    recipients += [
        m.arbiter.user
        for m in dossier.panel.select_related("arbiter__user")
        if m.replaced_at is None
    ]
    notify_event(
        actor=actor,
        recipients=recipients,
        subject=f"dossier:{dossier.pk}",
        event=dossier.state,
        kind=NotificationKind.ARBITRATION,
        title=_("Dossier %(reference)s: %(what)s") % {"reference": dossier.reference, "what": what},
        url=reverse("arbitration:dossier_detail", args=[dossier.pk]),
    )


# -- dossiers ----------------------------------------------------------------------------


@transaction.atomic
def create_dossier(
    *,
    actor: User,
    claimants,
    respondents,
    kind: str,
    claim: str,
    ruling_requested: str = "",
    agreements=(),
    notice_conflict: NoticeConflict | None = None,
) -> Dossier:
    """A draft dossier. The author must represent a claimant, unless the secretariat
    prepares it (an escalated start/stop notice conflict)."""
    claimants, respondents = list(claimants), list(respondents)
    represented = active_roles(actor).represents
    if (
        not is_arbitration_secretariat(actor)
        and not any(o.pk in represented for o in claimants)
        and not actor.has_perm("agreements.resolve_noticeconflict", notice_conflict)
    ):
        raise PermissionDenied(_("You can only file a claim for an organisation you represent."))
    errors = {}
    if not claimants:
        errors["claimants"] = _("Name at least one claimant.")
    if not respondents:
        errors["respondents"] = _("Name at least one respondent.")
    both = {o.pk for o in claimants} & {o.pk for o in respondents}
    if both:
        errors["respondents"] = _("An organisation cannot be both claimant and respondent.")
    if errors:
        raise ValidationError(errors)
    dossier = Dossier(
        kind=kind,
        claim=claim,
        ruling_requested=ruling_requested,
        notice_conflict=notice_conflict,
        created_by=actor,
    )
    dossier._history_user = actor
    validated_save(dossier, exclude=["claim"] if not claim else None)
    for side, organisations in ((Side.CLAIMANT, claimants), (Side.RESPONDENT, respondents)):
        for organisation in organisations:
            DossierParty.objects.create(dossier=dossier, organisation=organisation, side=side)
    dossier.agreements.set(agreements)
    return dossier


@transaction.atomic
def escalate_conflict(*, actor: User, conflict: NoticeConflict) -> Dossier:
    """Turn an escalated start/stop notice conflict into a pre-filled draft dossier: the
    agreement's owner against the institution that gave notice."""
    require_perm(actor, "agreements.resolve_noticeconflict", conflict)
    agreement = conflict.rule.agreement
    notice = conflict.notice
    claimants = (
        [agreement.owner]
        if agreement.owner_id != notice.institution_id
        else [
            p.organisation
            for p in agreement.parties.select_related("organisation")
            if p.organisation_id != notice.institution_id and p.role != "informed"
        ]
    )
    if not claimants:
        raise ValidationError(
            {
                "resolution": _(
                    "No other party to the agreement can bring this conflict to arbitration."
                )
            }
        )
    return create_dossier(
        actor=actor,
        claimants=claimants,
        respondents=[notice.institution],
        kind="performance",
        claim=conflict.message,
        ruling_requested=_(
            "Withdraw the start notice or offer the qualification within the agreement."
        ),
        agreements=[agreement],
        notice_conflict=conflict,
    )


def on_conflict_escalated(sender, *, actor, conflict, **kwargs) -> Dossier:
    """Receiver of ``agreements.events.conflict_escalated`` (connected in apps.py)."""
    return escalate_conflict(actor=actor, conflict=conflict)


def _next_reference(year: int) -> str:
    """ARB-<year>-<4 digits>, sequential per year without gaps: the year's counter row is
    locked until the filing commits, so concurrent filings queue instead of colliding."""
    DossierSequence.objects.bulk_create([DossierSequence(year=year)], ignore_conflicts=True)
    sequence = DossierSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"ARB-{year}-{sequence.last:04d}"


# The rule set's term (in days) of each procedural deadline.
TERM_DAYS = {
    DeadlineKind.ADMISSIBILITY: "admissibility_days",
    DeadlineKind.CHALLENGE: "challenge_days",
    DeadlineKind.DEFENCE: "defence_days",
    DeadlineKind.HEARING: "hearing_days",
    DeadlineKind.AWARD: "award_days",
}

# The procedural clock: transition -> (the deadline it meets, the deadline it opens).
CLOCK = {
    "file": (None, DeadlineKind.ADMISSIBILITY),
    "admit": (DeadlineKind.ADMISSIBILITY, None),
    "reject": (DeadlineKind.ADMISSIBILITY, None),
    "propose_panel": (None, DeadlineKind.CHALLENGE),
    "constitute": (DeadlineKind.CHALLENGE, DeadlineKind.DEFENCE),
    "submit_defence": (DeadlineKind.DEFENCE, DeadlineKind.HEARING),
    "hold_hearing": (DeadlineKind.HEARING, DeadlineKind.AWARD),
    "issue_award": (DeadlineKind.AWARD, None),
}


def _open_term(dossier, kind, rules: ProceduralRuleSet | None = None):
    """(Re)open the deadline ``kind``: due its term (of ``rules``, else the dossier's rule
    set) from today."""
    days = getattr(rules or _rules(dossier), TERM_DAYS[kind])
    ProceduralDeadline.objects.update_or_create(
        dossier=dossier,
        kind=kind,
        defaults={"due": local_today() + datetime.timedelta(days=days), "met_at": None},
    )


def _meet(dossier, kind):
    ProceduralDeadline.objects.filter(dossier=dossier, kind=kind, met_at__isnull=True).update(
        met_at=timezone.now()
    )


def _advance(dossier, name, *, actor, comment, rules: ProceduralRuleSet | None = None):
    """Run the transition ``name``, tell the participants and move the clock (``CLOCK``)."""
    run_transition(dossier, name, actor=actor, comment=comment)
    dossier_event(dossier, actor, dossier.get_state_display())
    meets, opens = CLOCK.get(name, (None, None))
    if meets:
        _meet(dossier, meets)
    if opens:
        _open_term(dossier, opens, rules)
    return dossier


@transaction.atomic
def file_dossier(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    check_transition(dossier, "file", actor=actor)
    errors = {}
    if not dossier.claim.strip():
        errors["claim"] = _("State the claim.")
    if not dossier.parties.filter(side=Side.RESPONDENT).exists():
        errors["respondents"] = _("Name at least one respondent.")
    if errors:
        raise ValidationError(errors)
    dossier = _locked(dossier)
    rules = ProceduralRuleSet.current()
    dossier.reference = _next_reference(local_today().year)
    dossier.filed_at = timezone.now()
    dossier.rule_set = rules if rules.pk else None
    return _advance(dossier, "file", actor=actor, comment=comment, rules=rules)


def _rules(dossier) -> ProceduralRuleSet:
    return dossier.rule_set or ProceduralRuleSet.current()


def uncovered_parties(dossier) -> list:
    """Parties without an arbitration agreement covering (one of) the disputed agreements."""
    agreements = list(dossier.agreements.all())
    if dossier.notice_conflict_id and not agreements:
        agreements = [dossier.notice_conflict.rule.agreement]
    missing = []
    for party in dossier.parties.select_related("organisation"):
        covering = ArbitrationAgreement.objects.filter(organisation=party.organisation)
        covered = all(
            covering.filter(
                Q(sectorkamer_id=agreement.sectorkamer_id) | Q(agreements=agreement)
            ).exists()
            for agreement in agreements
        ) and (bool(agreements) or covering.exists())
        if not covered:
            missing.append(party.organisation)
    return missing


@transaction.atomic
def admit_dossier(*, actor: User, dossier: Dossier, comment: str) -> Dossier:
    """Admit (the secretariat): every party must be bound by an arbitration agreement. The
    agreements in dispute become 'disputed'."""
    check_transition(dossier, "admit", actor=actor, comment=comment)
    missing = uncovered_parties(dossier)
    if missing:
        raise ValidationError(
            {
                "comment": _(
                    "Not admissible as it stands: no arbitration agreement covers %(names)s."
                )
                % {"names": ", ".join(o.name for o in missing)}
            }
        )
    _advance(dossier, "admit", actor=actor, comment=comment)
    for agreement in dossier.agreements.all():
        agreement_services.mark_disputed(
            agreement=agreement,
            by=actor,
            description=_("In arbitration: %(reference)s") % {"reference": dossier.reference},
        )
    return dossier


@transaction.atomic
def reject_dossier(*, actor: User, dossier: Dossier, comment: str) -> Dossier:
    return _advance(dossier, "reject", actor=actor, comment=comment)


# -- the panel ---------------------------------------------------------------------------


def independence_problems(arbiter: ArbiterProfile, dossier: Dossier) -> list[str]:
    """Why ``arbiter`` may not sit on ``dossier`` (empty when independent)."""
    today = local_today()
    problems = []
    years = _rules(dossier).affiliation_years
    horizon = today - relativedelta(years=years)
    party_ids = {p.organisation_id for p in dossier.parties.all()}
    for affiliation in (
        Affiliation.objects.filter(arbiter=arbiter, organisation_id__in=party_ids)
        .filter(Q(end__isnull=True) | Q(end__gte=horizon))
        .select_related("organisation")
    ):
        problems.append(
            _(
                "Affiliated with party %(organisation)s (%(start)s – %(end)s), "
                "within %(years)s years."
            )
            % {
                "organisation": affiliation.organisation,
                "start": affiliation.start,
                "end": affiliation.end or _("now"),
                "years": years,
            }
        )
    agreements = list(dossier.agreements.all())
    if dossier.notice_conflict_id:
        agreements.append(dossier.notice_conflict.rule.agreement)
    sectorkamers = {a.sectorkamer_id for a in agreements} - {None}
    tables = {a.regional_table_id for a in agreements} - {None}
    roles = (
        assignments_valid_on(today, user_id=arbiter.user_id)
        .filter(
            Q(
                role__in=[Role.SECTORKAMER_SECRETARY, Role.SECTORKAMER_MEMBER],
                sectorkamer_id__in=sectorkamers,
            )
            | Q(role__in=[Role.TABLE_COORDINATOR, Role.TABLE_MEMBER], regional_table_id__in=tables)
        )
        .select_related("sectorkamer", "regional_table")
    )
    for role in roles:
        problems.append(
            _("Holds the role %(role)s for %(scope)s, whose agreement is in dispute.")
            % {"role": role.get_role_display(), "scope": role.scope}
        )
    if ConflictDeclaration.objects.filter(arbiter=arbiter, dossier=dossier).exists():
        problems.append(_("Declared a conflict of interest for this dossier."))
    if not arbiter.available:
        problems.append(_("Not available."))
    return problems


def _seat(dossier, arbiter, actor):
    problems = independence_problems(arbiter, dossier)
    if problems:
        raise ValidationError(
            {
                "arbiters": [
                    _("%(arbiter)s cannot be proposed: %(reasons)s")
                    % {"arbiter": arbiter, "reasons": " ".join(problems)}
                ]
            }
        )
    member = PanelMember(dossier=dossier, arbiter=arbiter)
    member._history_user = actor
    member.save()
    return member


@transaction.atomic
def propose_panel(*, actor: User, dossier: Dossier, arbiters, comment: str = "") -> Dossier:
    """Propose one or three independent arbiters (the secretariat); the challenge period
    starts."""
    check_transition(dossier, "propose_panel", actor=actor)
    arbiters = list(arbiters)
    if len(arbiters) not in (1, 3) or len({a.pk for a in arbiters}) != len(arbiters):
        raise ValidationError({"arbiters": _("A panel has one or three different arbiters.")})
    dossier = _locked(dossier)
    for arbiter in arbiters:
        _seat(dossier, arbiter, actor)
    return _advance(dossier, "propose_panel", actor=actor, comment=comment)


@transaction.atomic
def declare_independence(*, actor: User, member: PanelMember, declaration: str) -> PanelMember:
    if member.arbiter.user_id != actor.pk or member.replaced_at is not None:
        raise PermissionDenied(_("Only the arbiter on this seat declares independence."))
    if not (declaration or "").strip():
        raise ValidationError({"declaration": _("Write the declaration.")})
    member.declaration = declaration.strip()
    member.declaration_signed_at = timezone.now()
    member._history_user = actor
    member.save()
    return member


@transaction.atomic
def declare_conflict(*, actor: User, dossier: Dossier, reason: str) -> ConflictDeclaration:
    profile = getattr(actor, "arbiter_profile", None)
    if profile is None:
        raise PermissionDenied(_("Only an arbiter declares a conflict of interest."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return ConflictDeclaration.objects.create(arbiter=profile, dossier=dossier, reason=reason)


@transaction.atomic
def challenge_arbiter(*, actor: User, member: PanelMember, reasons: str) -> Challenge:
    """A party challenges (wraking) an arbiter within the challenge period."""
    dossier = member.dossier
    require_perm(actor, "arbitration.challenge_arbiter", dossier)
    deadline = dossier.deadlines.filter(kind=DeadlineKind.CHALLENGE).first()
    if (
        dossier.state != DossierState.PANEL_PROPOSED
        or deadline is None
        or (local_today() > deadline.due)
    ):
        raise ValidationError({"reasons": _("The challenge period has ended.")})
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the challenge.")})
    represented = active_roles(actor).represents
    organisation = next(
        p.organisation
        for p in dossier.parties.select_related("organisation")
        if p.organisation_id in represented
    )
    challenge = Challenge(
        panel_member=member, organisation=organisation, reasons=reasons, filed_by=actor
    )
    challenge._history_user = actor
    challenge.save()
    return challenge


@transaction.atomic
def decide_challenge(
    *,
    actor: User,
    challenge: Challenge,
    sustained: bool,
    reasons: str,
    replacement: ArbiterProfile | None = None,
) -> Challenge:
    """The secretariat decides; a sustained challenge replaces the arbiter (and the challenge
    period runs again for the replacement)."""
    dossier = challenge.panel_member.dossier
    require_perm(actor, "arbitration.decide_challenge", dossier)
    if challenge.decision != ChallengeDecision.PENDING:
        raise ValidationError({"decision": _("This challenge has already been decided.")})
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    if sustained and replacement is None:
        raise ValidationError(
            {"replacement": _("Choose the arbiter who replaces the challenged one.")}
        )
    challenge.decision = ChallengeDecision.SUSTAINED if sustained else ChallengeDecision.REJECTED
    challenge.decision_reasons = reasons.strip()
    challenge.decided_by, challenge.decided_at = actor, timezone.now()
    challenge._history_user = actor
    challenge.save()
    if sustained:
        member = challenge.panel_member
        member.replaced_at = timezone.now()
        member._history_user = actor
        member.save()
        _seat(dossier, replacement, actor)
        _open_term(dossier, DeadlineKind.CHALLENGE)
    return challenge


@transaction.atomic
def constitute_panel(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    check_transition(dossier, "constitute", actor=actor)
    problems = dossier.constitution_problems()
    if problems:
        raise ValidationError({"comment": problems})
    return _advance(dossier, "constitute", actor=actor, comment=comment)


# -- the procedure -----------------------------------------------------------------------


@transaction.atomic
def submit_defence(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    return _advance(dossier, "submit_defence", actor=actor, comment=comment)


@transaction.atomic
def schedule_hearing(
    *, actor: User, dossier: Dossier, at: datetime.datetime, place: str, comment: str = ""
) -> Dossier:
    check_transition(dossier, "schedule_hearing", actor=actor)
    if at is None or not (place or "").strip():
        raise ValidationError({"at": _("Give the date, time and place of the hearing.")})
    dossier.hearing_at, dossier.hearing_place = at, place.strip()
    return _advance(dossier, "schedule_hearing", actor=actor, comment=comment)


@transaction.atomic
def hold_hearing(*, actor: User, dossier: Dossier, minutes: str, comment: str = "") -> Dossier:
    """Record that the hearing was held, with its minutes (the secretariat or the panel)."""
    check_transition(dossier, "hold_hearing", actor=actor)
    if not (minutes or "").strip():
        raise ValidationError({"minutes": _("Record the minutes of the hearing.")})
    dossier.minutes = minutes.strip()
    return _advance(dossier, "hold_hearing", actor=actor, comment=comment)


@transaction.atomic
def issue_award(
    *,
    actor: User,
    dossier: Dossier,
    decision: str,
    reasoning: str,
    agreement_effect: str,
) -> Award:
    """The panel issues the award, signed by its arbiters; its effect on the agreements in
    dispute is applied in the same transaction."""
    check_transition(dossier, "issue_award", actor=actor)
    if not (reasoning or "").strip():
        raise ValidationError({"reasoning": _("Give the reasoning of the award.")})
    award = Award(
        dossier=dossier,
        decision=decision,
        reasoning=reasoning.strip(),
        agreement_effect=agreement_effect,
        issued_on=local_today(),
    )
    award.full_clean(exclude=["dossier"])
    award.save()
    award.signed_by.set([m.arbiter for m in dossier.panel.all() if m.replaced_at is None])
    _advance(dossier, "issue_award", actor=actor, comment=award.get_decision_display())
    for agreement in dossier.agreements.all():
        agreement_services.end_dispute(
            agreement=agreement,
            by=actor,
            cancel=agreement_effect == "cancelled",
            description=_("Award %(reference)s: %(decision)s")
            % {"reference": dossier.reference, "decision": award.get_decision_display()},
        )
    return award


@transaction.atomic
def close_dossier(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    return _advance(dossier, "close", actor=actor, comment=comment)


def _end_early(actor, dossier, name, comment, cancel):
    for deadline in dossier.deadlines.filter(met_at__isnull=True):
        deadline.met_at = timezone.now()
        deadline.save(update_fields=["met_at"])
    for agreement in dossier.agreements.all():
        agreement_services.end_dispute(
            agreement=agreement,
            by=actor,
            cancel=cancel,
            description=f"{dossier.reference}: {comment}",
        )


@transaction.atomic
def withdraw_dossier(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    _advance(dossier, "withdraw", actor=actor, comment=comment)
    _end_early(actor, dossier, "withdraw", comment or _("withdrawn"), cancel=False)
    return dossier


@transaction.atomic
def settle_dossier(
    *, actor: User, dossier: Dossier, terms: str, agreement_effect: str, comment: str = ""
) -> Dossier:
    check_transition(dossier, "settle", actor=actor)
    if not (terms or "").strip():
        raise ValidationError({"terms": _("Record the settlement terms.")})
    dossier.settlement_terms = terms.strip()
    _advance(dossier, "settle", actor=actor, comment=comment)
    _end_early(actor, dossier, "settle", _("settled"), cancel=agreement_effect == "cancelled")
    return dossier


@transaction.atomic
def extend_deadline(
    *, actor: User, deadline: ProceduralDeadline, due: datetime.date, reason: str
) -> ProceduralDeadline:
    require_perm(actor, "arbitration.extend_deadline", deadline.dossier)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if deadline.met_at is not None:
        raise ValidationError({"due": _("This deadline has already been met.")})
    if due <= deadline.due:
        raise ValidationError({"due": _("An extension moves the deadline later.")})
    deadline.due, deadline.extension_reason = due, reason.strip()
    deadline._history_user = actor
    deadline.save(update_fields=["due", "extension_reason"])
    return deadline


# -- documents ---------------------------------------------------------------------------


@transaction.atomic
def upload_document(
    *,
    actor: User,
    dossier: Dossier,
    title: str,
    visibility: str,
    uploaded_file,
    replaces: Document | None = None,
) -> Document:
    require_perm(actor, "arbitration.upload_document", dossier)
    if visibility not in document_visibilities(actor, dossier):
        raise ValidationError({"visibility": _("You cannot choose this visibility.")})
    upload = checked_upload(uploaded_file)
    document = Document(
        dossier=dossier,
        title=title,
        visibility=visibility,
        filename=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=actor,
    )
    if replaces is not None:
        if replaces.dossier_id != dossier.pk:
            raise ValidationError({"replaces": _("That document belongs to another dossier.")})
        latest = Document.objects.filter(lineage=replaces.lineage).order_by("-version").first()
        document.lineage, document.version = replaces.lineage, latest.version + 1
    document.file.save("upload", ContentFile(upload.data), save=False)
    try:
        document.full_clean(exclude=["file"])
        document.save()
    except (ValidationError, IntegrityError):
        document.file.delete(save=False)
        raise
    return document


# -- roster and arbitration agreements ---------------------------------------------------


@transaction.atomic
def register_arbitration_agreement(
    *,
    actor: User,
    organisation,
    signed_on,
    signatory: str,
    sectorkamer=None,
    agreements=(),
    document=None,
) -> ArbitrationAgreement:
    require_perm(actor, "arbitration.add_arbitrationagreement")
    agreements = list(agreements)
    if sectorkamer is None and not agreements:
        raise ValidationError(
            {"sectorkamer": _("An arbitration agreement covers a sectorkamer or named agreements.")}
        )
    record = ArbitrationAgreement(
        organisation=organisation, signed_on=signed_on, signatory=signatory, sectorkamer=sectorkamer
    )
    if document is not None:
        data = document.read()
        detect_type(document.name, data)
        record.document.save("upload", ContentFile(data), save=False)
    record._history_user = actor
    validated_save(record)
    record.agreements.set(agreements)
    return record


@transaction.atomic
def add_arbiter(
    *, actor: User, user: User, expertise=(), themes: str = "", affiliations=()
) -> ArbiterProfile:
    require_perm(actor, "arbitration.manage_roster")
    profile = ArbiterProfile.objects.create(user=user, themes=themes)
    profile.expertise.set(expertise)
    for organisation, start, end in affiliations:
        Affiliation.objects.create(arbiter=profile, organisation=organisation, start=start, end=end)
    return profile


@transaction.atomic
def update_panel_notes(*, actor: User, dossier: Dossier, notes: str) -> Dossier:
    """The panel's internal notes: never shown to the parties."""
    require_perm(actor, "arbitration.view_panel_notes", dossier)
    if not dossier_panel_member(actor, dossier) and not is_arbitration_secretariat(actor):
        raise PermissionDenied(_("Only the panel keeps these notes."))
    Dossier.objects.filter(pk=dossier.pk).update(panel_notes=notes)
    dossier.panel_notes = notes
    return dossier


def dossier_panel_member(actor, dossier) -> bool:
    return dossier.panel.filter(arbiter__user=actor, replaced_at__isnull=True).exists()


# -- the access log ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Opened:
    """One confidential thing a request showed: a dossier, its award or panel notes, a
    document's description or file, or a list (one entry for the whole list)."""

    kind: str
    dossier: Dossier | None = None
    document: Document | None = None
    label: str = ""


def dossier_opened(dossier: Dossier, *, notes: bool = False) -> list[Opened]:
    """What showing a dossier opens: the dossier, its award when issued, its panel notes when
    shown (the page, to the panel and the secretariat)."""
    label = dossier.reference or _("draft %(pk)s") % {"pk": dossier.pk}
    opened = [Opened(AccessKind.DOSSIER, dossier, label=label)]
    try:
        award = dossier.award
    except ObjectDoesNotExist:
        award = None
    if award is not None:
        opened.append(Opened(AccessKind.AWARD, dossier, label=label))
    if notes:
        opened.append(Opened(AccessKind.PANEL_NOTES, dossier, label=label))
    return opened


def document_opened(document: Document, kind: str = AccessKind.DOWNLOAD) -> Opened:
    return Opened(kind, document.dossier, document, f"{document.title} (v{document.version})")


def list_opened(request, count: int) -> Opened:
    return Opened(AccessKind.LIST, label=f"{request.get_full_path()[:230]} ({count})")


def record_access(*, request, channel: str, opened: Iterable[Opened]) -> None:
    """Write who opened what, when and from which address, in the request that shows it:
    one INSERT whatever the number of things. Each entry keeps what the user was on the
    dossier at that moment (party side, panel, secretariat)."""
    user, address = request.user, client_address(request)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            address=address,
            channel=channel,
            kind=item.kind,
            dossier=item.dossier,
            document=item.document,
            label=item.label[:255],
            roles=",".join(sorted(dossier_roles(user, item.dossier))) if item.dossier else "",
        )  # fmt: skip
        for item in opened
    )

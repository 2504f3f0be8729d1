"""Reads shared by the arbitration pages and the API; the querysets are the confidentiality
rules of rules.py as sets."""

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.utils.translation import gettext_lazy

from core.history import TimelineEvent, transition_events
from core.paging import counted_page
from regions.models import Role
from regions.rules import is_arbitration_secretariat
from regions.selectors import active_roles

from .models import (
    FINAL_STATES,
    AccessKind,
    AccessLogEntry,
    ArbiterProfile,
    ArbitrationAgreement,
    Challenge,
    ChallengeDecision,
    DeadlineKind,
    Document,
    Dossier,
    DossierParty,
    DossierState,
    PanelMember,
    ProceduralDeadline,
    Side,
    Visibility,
)


def visible_dossiers(user):
    """The dossiers ``user`` is on (``arbitration.view_dossier`` as a queryset)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    represented = active_roles(user).represents
    party = Q(parties__organisation_id__in=represented) & ~Q(state=DossierState.DRAFT)
    claimant_draft = Q(state=DossierState.DRAFT) & (
        Q(parties__organisation_id__in=represented, parties__side=Side.CLAIMANT)
        | Q(created_by=user)
    )
    panel = Q(panel__arbiter__user=user, panel__replaced_at__isnull=True)
    condition = party | claimant_draft | panel
    if is_arbitration_secretariat(user):
        condition |= ~Q(state=DossierState.DRAFT)
    ids = Dossier.objects.filter(condition).values("pk")
    return Dossier.objects.filter(pk__in=ids)


def _dossier_prefetches() -> tuple:
    return (
        Prefetch("parties", queryset=DossierParty.objects.select_related("organisation")),
        Prefetch("panel", queryset=PanelMember.objects.select_related("arbiter__user")),
        Prefetch("deadlines", queryset=ProceduralDeadline.objects.order_by("due")),
    )


def dossier_queryset(user):
    return _dossier_rows(user).prefetch_related(*_dossier_prefetches())


def _dossier_rows(user):
    """The dossiers ``user`` may see with what a list of them shows, but not yet their
    parties, panel and deadlines (``_dossier_prefetches``)."""
    return (
        visible_dossiers(user)
        .annotate(
            next_due=Min("deadlines__due", filter=Q(deadlines__met_at__isnull=True)),
            # what Dossier.constitution_problems reads, so a page of rows asks no query each
            challenge_due=Min("deadlines__due", filter=Q(deadlines__kind=DeadlineKind.CHALLENGE)),
            challenge_pending=Exists(
                Challenge.objects.filter(
                    panel_member__dossier=OuterRef("pk"), decision=ChallengeDecision.PENDING
                )
            ),
        )
        .order_by(F("next_due").asc(nulls_last=True), "-filed_at", "-pk")
    )


def dossier_api_queryset(user):
    """What the API's dossier list and detail show: no documents, challenges or notes."""
    return dossier_queryset(user).select_related("award").prefetch_related("agreements")


def workload_queryset(user, *, finished: int):
    """What the arbitration home lists: every dossier still running, and only the
    ``finished`` most recently created finished ones (the API pages through them all)."""
    recent = (
        visible_dossiers(user)
        .filter(state__in=FINAL_STATES)
        .order_by("-created_at", "-pk")
        .values("pk")[:finished]
    )
    return dossier_queryset(user).filter(~Q(state__in=FINAL_STATES) | Q(pk__in=recent))


def dossier_detail_queryset(user):
    return (
        dossier_queryset(user)
        .select_related("award", "notice_conflict")
        .prefetch_related(
            "agreements",
            "award__signed_by__user",
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("uploaded_by").order_by("uploaded_at"),
            ),
            Prefetch(
                "panel__challenges",
                queryset=Challenge.objects.select_related("organisation").order_by("filed_at"),
            ),
        )
    )


def visible_documents(user, dossier) -> list:
    return [d for d in dossier.documents.all() if user.has_perm("arbitration.view_document", d)]


def document_queryset(user):
    """The documents ``user`` may see (``arbitration.view_document`` as a queryset): on a
    dossier they are on, the secretariat every one, the panel those for all participants or
    the panel, the parties those for all participants."""
    if not getattr(user, "is_authenticated", False):
        return Document.objects.none()
    on_dossier = Document.objects.filter(dossier__in=visible_dossiers(user))
    if not is_arbitration_secretariat(user):
        on_panel = Q(dossier__panel__arbiter__user=user, dossier__panel__replaced_at__isnull=True)
        party = Q(dossier__parties__organisation_id__in=active_roles(user).represents)
        on_dossier = on_dossier.filter(
            (Q(visibility=Visibility.PANEL) & on_panel)
            | (Q(visibility=Visibility.ALL) & (on_panel | party))
        )
    return Document.objects.filter(pk__in=on_dossier.values("pk")).select_related(
        "dossier", "uploaded_by"
    )


def arbiter_queryset():
    return ArbiterProfile.objects.select_related("user").prefetch_related(
        "expertise", "affiliations__organisation"
    )


def dossier_timeline(user, dossier) -> list:
    """Transitions, documents the user may see, challenges and deadline extensions."""
    events = transition_events(dossier)
    for document in visible_documents(user, dossier):
        events.append(TimelineEvent(
            at=document.uploaded_at, who=document.uploaded_by, kind="edit",
            action=str(gettext_lazy("uploaded")), subject=document.title,
            subject_label=str(gettext_lazy("document")),
        ))  # fmt: skip
    for member in dossier.panel.all():
        for challenge in member.challenges.all():
            events.append(TimelineEvent(
                at=challenge.filed_at, who=challenge.organisation, kind="edit",
                action=str(gettext_lazy("challenged")), subject=str(member.arbiter),
                subject_label=str(gettext_lazy("arbiter")),
                comment=challenge.get_decision_display(),
            ))  # fmt: skip
    extensions = (
        ProceduralDeadline.history.filter(dossier_id=dossier.pk, history_type="~")
        .exclude(extension_reason="")
        .select_related("history_user")
    )
    for record in extensions:
        events.append(TimelineEvent(
            at=record.history_date, who=record.history_user, kind="edit",
            action=str(gettext_lazy("deadline extended")), subject=str(record.due),
            subject_label=record.get_kind_display(), comment=record.extension_reason,
        ))  # fmt: skip
    events.sort(key=lambda event: event.at)
    return events


def statistics() -> dict:
    """What the SBB board sees: counts and durations, never contents."""
    counts = dict(
        Dossier.objects.exclude(state=DossierState.DRAFT)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    duration = ExpressionWrapper(
        F("award__issued_on") - F("filed_at__date"), output_field=DurationField()
    )
    average = Dossier.objects.filter(award__isnull=False).aggregate(days=Avg(duration))["days"]
    return {
        "counts": [
            (value, label, counts.get(value, 0))
            for value, label in DossierState.choices
            if value != DossierState.DRAFT
        ],  # fmt: skip
        "total": sum(counts.values()),
        "average_days_to_award": average.days if average is not None else None,
    }


def arbitration_agreement_queryset():
    return ArbitrationAgreement.objects.select_related(
        "organisation", "sectorkamer"
    ).prefetch_related("agreements")


# The next step of a running dossier and whose it is, for the secretariat's work queue.
NEXT_STEP = {
    DossierState.FILED: gettext_lazy("Decide on admissibility (secretariat)"),
    DossierState.ADMITTED: gettext_lazy("Propose the panel (secretariat)"),
    DossierState.PANEL_PROPOSED: gettext_lazy(
        "Independence declarations, then constitute the panel"
    ),
    DossierState.PANEL_CONSTITUTED: gettext_lazy("Defence by the respondent"),
    DossierState.DEFENCE_SUBMITTED: gettext_lazy("Schedule the hearing (secretariat)"),
    DossierState.HEARING_SCHEDULED: gettext_lazy("Hold the hearing"),
    DossierState.HEARING_HELD: gettext_lazy("Award by the panel"),
    DossierState.AWARD_ISSUED: gettext_lazy("Close the dossier (secretariat)"),
}


def work_queue(dossiers, today) -> list:
    """The running dossiers, nearest procedural deadline first, each with ``next_step`` and
    ``overdue`` set (the list comes from ``workload_queryset``: no extra query)."""
    running = [d for d in dossiers if d.state in NEXT_STEP]
    _mark_steps(running, today)
    return sorted(running, key=lambda d: (d.next_due is None, d.next_due or today, d.pk))


def _mark_steps(dossiers, today) -> None:
    for dossier in dossiers:
        dossier.next_step = NEXT_STEP[dossier.state]
        dossier.overdue = dossier.next_due is not None and dossier.next_due < today


DOCKET_PAGE = 50


def docket(user, page_number, today, *, finished: int) -> dict:
    """The secretariat's home, with one set of prefetches for the three lists on it:
    ``page``, a page of the work queue (the running dossiers, nearest procedural deadline
    first, sorted, counted and cut in one query, marked with their next step), ``finished``,
    the latest ``finished`` finished ones, and ``own``, those ``user`` is on in person."""
    rows = _dossier_rows(user)
    running = rows.filter(state__in=list(NEXT_STEP)).order_by(
        F("next_due").asc(nulls_last=True), "pk"
    )
    page = counted_page(running, DOCKET_PAGE, page_number)
    _mark_steps(page.object_list, today)
    ended = list(rows.filter(state__in=FINAL_STATES).order_by("-created_at", "-pk")[:finished])
    own = _own(rows, user)
    prefetch_related_objects([*page.object_list, *ended, *own], *_dossier_prefetches())
    return {"page": page, "finished": ended, "own": own}


def _own(rows, user) -> list:
    """The dossiers of ``rows`` that ``user`` is on in person (on its panel, or for a party
    they represent, or filed by them), whatever else their role lets them see. Only an
    arbiter or a party's representative can be on one: for anyone else, no query."""
    roles = active_roles(user)
    if not (roles.represents or roles.has(Role.ARBITER)):
        return []
    mine = (
        Q(panel__arbiter__user=user, panel__replaced_at__isnull=True)
        | Q(parties__organisation_id__in=roles.represents)
        | Q(created_by=user)
    )
    return list(rows.filter(pk__in=Dossier.objects.filter(mine).values("pk")))


# -- the access log ----------------------------------------------------------------------

OPENED_BY_OFFICE = Q(roles__contains="panel") | Q(roles__contains="secretariat")


def access_log(user, dossier):
    """The dossier's access log as ``user`` may read it: the secretariat every entry; a
    party who of the panel and the secretariat opened the dossier's documents."""
    entries = AccessLogEntry.objects.filter(dossier=dossier).select_related("user")
    if is_arbitration_secretariat(user):
        return entries
    return entries.filter(OPENED_BY_OFFICE, kind__in=[AccessKind.DOCUMENT, AccessKind.DOWNLOAD])

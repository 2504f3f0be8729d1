"""Every write in the agendas app: agendas, yearly revisions, their transitions, priorities,
and the qualification catalogue import."""

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atlas.models import Qualification
from core.files import checked_upload
from core.services import require_perm, validated_save
from core.timeutils import local_today
from core.workflow import check_transition, run_transition, state_conflict
from regions.models import Arbeidsmarktregio, Sectorkamer, User

from . import selectors
from .models import (
    COMBINABLE_TOPIC_STATES,
    Agenda,
    AgendaRevision,
    AgendaTopic,
    Priority,
    RevisionState,
    SignalResponse,
)

# -- agendas ---------------------------------------------------------------------------


@transaction.atomic
def create_agenda(
    *, actor: User, sectorkamer: Sectorkamer, title: str, first_year: int, last_year: int
) -> Agenda:
    require_perm(actor, "agendas.add_agenda", sectorkamer)
    agenda = Agenda(
        sectorkamer=sectorkamer, title=title, first_year=first_year, last_year=last_year
    )
    agenda._history_user = actor
    validated_save(agenda)
    return agenda


@transaction.atomic
def update_agenda(
    *, actor: User, agenda: Agenda, title: str | None = None, last_year: int | None = None
) -> Agenda:
    require_perm(actor, "agendas.change_agenda", agenda)
    agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
    if title is not None:
        agenda.title = title
    if last_year is not None:
        latest = agenda.revisions.aggregate(latest=Max("year"))["latest"]
        if latest is not None and last_year < latest:
            raise ValidationError(
                {"last_year": _("There is already a revision for %(year)s.") % {"year": latest}}
            )
        if last_year < agenda.last_year and (problem := selectors.running_past(agenda, last_year)):
            raise ValidationError({"last_year": problem})
        agenda.last_year = last_year
    agenda._history_user = actor
    validated_save(agenda)
    return agenda


# -- revisions --------------------------------------------------------------------------


def _locked(revision: AgendaRevision) -> AgendaRevision:
    """The revision row, locked for this transaction, with its current state."""
    return AgendaRevision.objects.select_for_update().select_related("agenda").get(pk=revision.pk)


def _require_editable(revision: AgendaRevision) -> None:
    if not revision.is_editable:
        if revision.state in (RevisionState.RATIFIED, RevisionState.SUPERSEDED):
            message = _("A ratified revision is read-only and can no longer be changed.")
        else:
            message = _(
                "This revision is '%(state)s' and can only be changed after it is returned "
                "to draft."
            ) % {"state": revision.get_state_display()}
        raise state_conflict(revision, message)


@transaction.atomic
def start_revision(*, actor: User, agenda: Agenda, year: int) -> AgendaRevision:
    """Start the revision for cycle year ``year`` as a draft.

    It copies the priorities of the agenda's last ratified revision, with their
    evidence links and lineage, so the diff and the links carry over.
    """
    require_perm(actor, "agendas.start_revision", agenda)
    Agenda.objects.select_for_update().filter(pk=agenda.pk).first()
    if agenda.revisions.filter(year=year).exists():
        raise ValidationError({"year": _("This agenda already has a revision for this year.")})
    base = (
        agenda.revisions.filter(state=RevisionState.RATIFIED, year__lt=year)
        .order_by("-year")
        .first()
    )
    revision = AgendaRevision(agenda=agenda, year=year, based_on=base)
    if base is not None:
        revision.summary = base.summary
    revision._history_user = actor
    validated_save(revision)
    if base is not None:
        for old in base.priorities.prefetch_related("qualifications", "regions"):
            new = Priority(
                revision=revision,
                lineage=old.lineage,
                order=old.order,
                **{field: getattr(old, field) for field in PRIORITY_FIELDS},
            )
            new._history_user = actor
            new.save()
            new.qualifications.set(old.qualifications.all())
            new.regions.set(old.regions.all())
    return revision


@transaction.atomic
def update_revision(*, actor: User, revision: AgendaRevision, summary: str) -> AgendaRevision:
    require_perm(actor, "agendas.change_agendarevision", revision)
    revision = _locked(revision)
    _require_editable(revision)
    revision.summary = summary
    revision._history_user = actor
    revision.save(update_fields=["summary"])
    return revision


@transaction.atomic
def submit_revision(
    *, actor: User, revision: AgendaRevision, comment: str = "", confirm_open_signals=False
):
    """Submit the draft to the sectorkamer. While top signals of the cycle's atlas are neither
    addressed nor set aside, the secretary must confirm submitting anyway."""
    check_transition(revision, "submit", actor=actor)
    if not revision.priorities.exists():
        raise ValidationError(
            {"priorities": _("Add at least one priority before submitting the revision.")}
        )
    still_open = selectors.open_top_signals(revision).count()
    if still_open and not confirm_open_signals:
        raise ValidationError(
            {
                "confirm_open_signals": ngettext(
                    "%(count)s top signal of the atlas is neither addressed nor set aside: "
                    "confirm that you submit the revision anyway.",
                    "%(count)s top signals of the atlas are neither addressed nor set aside: "
                    "confirm that you submit the revision anyway.",
                    still_open,
                )
                % {"count": still_open}
            }
        )
    run_transition(revision, "submit", actor=actor, comment=comment)
    _revision_event(revision, "submitted", actor)
    return revision


@transaction.atomic
def adopt_revision(
    *,
    actor: User,
    revision: AgendaRevision,
    meeting_date: datetime.date | None,
    education_side_agreed: bool,
    business_side_agreed: bool,
    comment: str = "",
):
    """Record that the sectorkamer adopted the revision with both sides agreeing."""
    check_transition(revision, "adopt", actor=actor)
    errors = {}
    if meeting_date is None:
        errors["meeting_date"] = _("Give the date of the sectorkamer meeting.")
    elif meeting_date > timezone.localdate():
        errors["meeting_date"] = _("The meeting date cannot be in the future.")
    if not education_side_agreed:
        errors["education_side_agreed"] = _("Adoption needs the agreement of the education side.")
    if not business_side_agreed:
        errors["business_side_agreed"] = _("Adoption needs the agreement of the business side.")
    if errors:
        raise ValidationError(errors)
    run_transition(revision, "adopt", actor=actor, comment=comment, meeting_date=meeting_date)
    _revision_event(revision, "adopted", actor)
    return revision


@transaction.atomic
def ratify_revision(*, actor: User, revision: AgendaRevision, comment: str = ""):
    """The SBB board ratifies; the agenda's earlier ratified revision is superseded."""
    revision = run_transition(revision, "ratify", actor=actor, comment=comment, at=timezone.now())
    newest = revision.agenda.revisions.filter(state=RevisionState.RATIFIED).order_by("-year")
    newest_pk = newest.values_list("pk", flat=True).first()
    for older in newest.exclude(pk=newest_pk).select_for_update():
        older._history_user = actor
        older.supersede(
            by=actor,
            description=_("Superseded by the ratified revision for %(year)s.")
            % {"year": newest.first().year},
        )
        older.save()
    _revision_event(revision, "ratified", actor)
    return revision


@transaction.atomic
def return_revision(*, actor: User, revision: AgendaRevision, comment: str):
    run_transition(revision, "return", actor=actor, comment=comment)
    _revision_event(revision, "returned", actor)
    return revision


def _revision_event(revision, event: str, actor) -> None:
    """Tell the people concerned what happened to the revision (in this transaction)."""
    from notifications.models import NotificationKind
    from notifications.services import notify_event
    from regions.models import Role
    from regions.selectors import users_with_role

    sectorkamer_id = revision.agenda.sectorkamer_id
    secretaries = users_with_role(Role.SECTORKAMER_SECRETARY, sectorkamer_id=sectorkamer_id)
    recipients = {
        "submitted": users_with_role(Role.SECTORKAMER_MEMBER, sectorkamer_id=sectorkamer_id),
        "adopted": users_with_role(Role.BOARD_MEMBER),
        "ratified": secretaries
        + users_with_role(Role.SECTORKAMER_MEMBER, sectorkamer_id=sectorkamer_id),
        "returned": secretaries,
    }[event]
    labels = {
        "submitted": _("submitted"),
        "adopted": _("adopted by the sectorkamer"),
        "ratified": _("ratified by the SBB board"),
        "returned": _("returned to draft"),
    }
    notify_event(
        actor=actor,
        recipients=recipients,
        subject=f"revision:{revision.pk}",
        event=event,
        kind=NotificationKind.AGENDA,
        title=_("Agenda %(s)s %(year)s: %(event)s")
        % {
            "s": revision.agenda.sectorkamer.abbreviation,
            "year": revision.year,
            "event": labels[event],
        },
        url=reverse("agendas:revision_detail", args=[revision.pk]),
    )


# -- priorities -------------------------------------------------------------------------

PRIORITY_FIELDS = (
    "kind",
    "title",
    "description",
    "evidence",
    "national",
    "sectoral",
    "regional",
)


def _set_priority_fields(priority, fields, qualifications, regions):
    for key, value in fields.items():
        if key not in PRIORITY_FIELDS:
            raise TypeError(f"unknown priority field: {key}")
        setattr(priority, key, value)
    validated_save(priority, exclude=["revision"])
    if qualifications is not None:
        priority.qualifications.set(qualifications)
    if regions is not None:
        priority.regions.set(regions)


@transaction.atomic
def add_priority(
    *,
    actor: User,
    revision: AgendaRevision,
    qualifications: Iterable[Qualification] | None = None,
    regions: Iterable[Arbeidsmarktregio] | None = None,
    **fields,
) -> Priority:
    require_perm(actor, "agendas.add_priority", revision)
    revision = _locked(revision)
    _require_editable(revision)
    last = revision.priorities.aggregate(last=Max("order"))["last"]
    priority = Priority(revision=revision, order=(last or 0) + 1)
    priority._history_user = actor
    _set_priority_fields(priority, fields, qualifications, regions)
    return priority


@transaction.atomic
def update_priority(
    *,
    actor: User,
    priority: Priority,
    qualifications: Iterable[Qualification] | None = None,
    regions: Iterable[Arbeidsmarktregio] | None = None,
    **fields,
) -> Priority:
    require_perm(actor, "agendas.change_priority", priority)
    _require_editable(_locked(priority.revision))
    priority._history_user = actor
    _set_priority_fields(priority, fields, qualifications, regions)
    return priority


@transaction.atomic
def delete_priority(*, actor: User, priority: Priority) -> None:
    require_perm(actor, "agendas.delete_priority", priority)
    _require_editable(_locked(priority.revision))
    if priority.topics.exists():
        raise ValidationError(
            {"priority": _("Agenda topics were taken up as this priority: it cannot be deleted.")}
        )
    priority._history_user = actor
    priority.delete()


@transaction.atomic
def move_priority(*, actor: User, priority: Priority, direction: int) -> None:
    """Swap the priority with its neighbour above (-1) or below (+1)."""
    require_perm(actor, "agendas.change_priority", priority)
    revision = _locked(priority.revision)
    _require_editable(revision)
    ordered = list(revision.priorities.order_by("order", "pk"))
    index = next(i for i, p in enumerate(ordered) if p.pk == priority.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            item.order = position
            item._history_user = actor
            item.save(update_fields=["order"])


# -- qualification catalogue import -----------------------------------------------------

# Accepted headers: the crebo-list/DUO names and plain English ones.
QUALIFICATION_COLUMNS = {
    "crebo": ("ERKENDE OPLEIDING CODE", "CREBO", "crebo"),
    "name": ("ERKENDE OPLEIDING NAAM", "NAAM", "name"),
    "level": ("NIVEAU", "level"),
    "sectorkamer": ("SECTORKAMER NAAM", "SECTORKAMER CODE", "SECTORKAMER", "sectorkamer"),
    "valid_from": ("GELDIG VANAF", "BEGINDATUM", "valid_from"),
    "valid_until": ("GELDIG TOT", "EINDDATUM", "valid_until"),
}
REQUIRED_COLUMNS = ("crebo", "name", "level", "sectorkamer")


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.errors)} bad rows")
        self.report = report


def _parse_date(value: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("'%(value)s' is not a date (use YYYY-MM-DD).") % {"value": value})


def _sectorkamer_lookup() -> dict[str, Sectorkamer]:
    lookup = {}
    for sectorkamer in Sectorkamer.objects.all():
        for key in (sectorkamer.code, sectorkamer.name, sectorkamer.abbreviation):
            lookup[key.strip().lower()] = sectorkamer
    return lookup


def _read_rows(text: str):
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {h.strip(): h for h in (reader.fieldnames or [])}
    mapping = {}
    for field, names in QUALIFICATION_COLUMNS.items():
        for name in names:
            if name in headers:
                mapping[field] = headers[name]
                break
    missing = [f for f in REQUIRED_COLUMNS if f not in mapping]
    return reader, mapping, missing


@transaction.atomic
def import_qualifications(*, text: str, skip_invalid: bool = False) -> ImportReport:
    """Upsert qualifications from a crebo list (CSV). Idempotent.

    Every bad row is reported with its line number and reason. When any row is bad
    nothing is written, unless ``skip_invalid`` is set: then the good rows are written
    and the bad ones skipped. Rows repeating a crebo (a DUO file has one per institution)
    must agree with each other.
    """
    report = ImportReport()
    reader, mapping, missing = _read_rows(text)
    if missing:
        names = ", ".join(QUALIFICATION_COLUMNS[f][0] for f in missing)
        report.errors.append((1, _("Missing column(s): %(names)s.") % {"names": names}))
        raise ImportFailed(report)

    sectorkamers = _sectorkamer_lookup()
    wanted: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):

        def cell(field, row=row):
            return (row.get(mapping[field]) or "").strip() if field in mapping else ""

        crebo = cell("crebo")
        try:
            level_text = cell("level").lower().removeprefix("niveau").strip()
            values = {
                "name": cell("name"),
                "level": int(level_text) if level_text.isdigit() else level_text,
                "sectorkamer": sectorkamers.get(cell("sectorkamer").lower()),
                "valid_from": _parse_date(cell("valid_from")),
                "valid_until": _parse_date(cell("valid_until")),
            }
        except ValueError as exc:
            report.errors.append((line, str(exc)))
            continue
        if values["sectorkamer"] is None:
            report.errors.append(
                (line, _("Unknown sectorkamer '%(value)s'.") % {"value": cell("sectorkamer")})
            )
            continue
        candidate = Qualification(crebo=crebo, **values)
        try:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            reasons = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
            )
            report.errors.append((line, reasons))
            continue
        if crebo in wanted and wanted[crebo] != values:
            report.errors.append(
                (line, _("Crebo %(crebo)s appears earlier with other values.") % {"crebo": crebo})
            )
            continue
        wanted[crebo] = values

    if report.errors and not skip_invalid:
        raise ImportFailed(report)
    report.skipped = len(report.errors)

    existing = {q.crebo: q for q in Qualification.objects.filter(crebo__in=wanted)}
    for crebo, values in wanted.items():
        current = existing.get(crebo)
        if current is None:
            Qualification.objects.create(crebo=crebo, **values)
            report.created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.save()
            report.updated += 1
        else:
            report.unchanged += 1
    return report


# -- from the atlas's signals to priorities ------------------------------------------------


def _signals_of(revision, signals):
    signals = list(signals)
    wrong = [
        s for s in signals
        if s.sectorkamer_id != revision.agenda.sectorkamer_id or s.year != revision.year
    ]  # fmt: skip
    if not signals or wrong:
        raise ValidationError(
            {"signals": _("Choose signals of this sectorkamer's atlas for %(year)s.")
             % {"year": revision.year}}
        )  # fmt: skip
    return signals


def _signal_line(signal) -> str:
    about = ", ".join(
        str(part) for part in (signal.qualification and signal.qualification.name,
                               signal.institution and signal.institution.name,
                               signal.region and signal.region.name) if part
    )  # fmt: skip
    return f"Bosatlas {signal.year}: {signal.rule.name}: {about} ({signal.value})"


@transaction.atomic
def priority_from_signals(*, actor: User, revision: AgendaRevision, signals, title: str = ""):
    """A draft priority prefilled from one or more signals, which become its evidence; the
    signals count as addressed in this revision."""
    require_perm(actor, "agendas.add_priority", revision)
    signals = _signals_of(revision, signals)
    first = signals[0]
    if not title:
        title = first.rule.name
        if first.qualification_id:
            title = f"{title}: {first.qualification.name}"
    priority = add_priority(
        actor=actor, revision=revision, kind="challenge", title=title[:255],
        description="", evidence="\n".join(_signal_line(s) for s in signals),
        sectoral=True, regional=any(s.region_id for s in signals),
        qualifications=[s.qualification for s in signals if s.qualification_id],
        regions=[s.region for s in signals if s.region_id],
    )  # fmt: skip
    for signal in signals:
        SignalResponse.objects.update_or_create(
            revision=revision, signal=signal,
            defaults={"priority": priority, "reason": "", "decided_by": actor},
        )  # fmt: skip
    return priority


@transaction.atomic
def set_signal_aside(*, actor: User, revision: AgendaRevision, signal, reason: str):
    """Record why the sectorkamer takes no action on a signal in this revision."""
    require_perm(actor, "agendas.change_agendarevision", revision)
    _require_editable(revision)
    [signal] = _signals_of(revision, [signal])
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why no action is taken.")})
    response, _created = SignalResponse.objects.update_or_create(
        revision=revision, signal=signal,
        defaults={"priority": None, "reason": reason.strip(), "decided_by": actor},
    )  # fmt: skip
    return response


# -- agenda topics (agenderingsrecht) ------------------------------------------------------


def _topic_event(topic: AgendaTopic, event: str, actor, recipients) -> None:
    """Tell the people concerned what happened to the topic (in this transaction)."""
    from notifications.models import NotificationKind
    from notifications.services import notify_event

    labels = {
        "submitted": _("submitted"),
        "considered": _("under consideration"),
        "taken_up": _("taken up on the agenda"),
        "combined": _("combined with another topic"),
        "declined": _("not taken up"),
        "withdrawn": _("withdrawn"),
    }
    notify_event(
        actor=actor,
        recipients=recipients,
        subject=f"topic:{topic.pk}",
        event=event,
        kind=NotificationKind.AGENDA,
        title=_("Agenda topic %(s)s %(year)s '%(title)s': %(event)s")
        % {
            "s": topic.sectorkamer.abbreviation,
            "year": topic.year,
            "title": topic.title,
            "event": labels[event],
        },
        url=reverse("agendas:topic_detail", args=[topic.pk]),
        body=topic.decision_reason,
    )


def _secretaries(topic: AgendaTopic) -> list:
    from regions.models import Role
    from regions.selectors import users_with_role

    return users_with_role(Role.SECTORKAMER_SECRETARY, sectorkamer_id=topic.sectorkamer_id)


def _check_topic_year(year) -> None:
    today = local_today()
    first = selectors.open_topic_year(today)
    if year is None or not (first <= year <= first + 1):
        closes = selectors.topics_close_on(year) if year and first - 1 <= year < first else None
        if closes is not None:
            message = _(
                "Topics for %(year)s closed on %(day)s; submit it for %(first)s or %(next)s."
            ) % {
                "year": year,
                "day": formats.date_format(closes),
                "first": first,
                "next": first + 1,
            }
        else:
            message = _("Topics can be submitted for %(first)s or %(next)s.") % {
                "first": first,
                "next": first + 1,
            }
        raise ValidationError({"year": message})


def _choose_channel(channels, on_behalf: str):
    if on_behalf:
        for channel in channels:
            if channel.key == on_behalf:
                return channel
        raise ValidationError({"on_behalf": _("You cannot submit a topic on this behalf.")})
    if len(channels) == 1:
        return channels[0]
    raise ValidationError(
        {"on_behalf": _("Choose on whose behalf you submit the topic: %(choices)s.")
         % {"choices": ", ".join(c.key for c in channels)}}
    )  # fmt: skip


@transaction.atomic
def submit_topic(
    *,
    actor: User,
    sectorkamer: Sectorkamer,
    year: int,
    title: str,
    explanation: str,
    evidence: str = "",
    links: str = "",
    qualifications: Iterable[Qualification] = (),
    regions: Iterable[Arbeidsmarktregio] = (),
    on_behalf: str = "",
    attachment=None,
) -> AgendaTopic:
    """Put a topic on the sectorkamer's agenda for cycle ``year`` on behalf of an organisation
    or regional table the actor speaks for (agenderingsrecht); while topics for that year are
    open (until the topics milestone, 1 January by default, Amsterdam date)."""
    channels = selectors.topic_channels(actor, sectorkamer)
    if not channels:
        raise PermissionDenied(
            _(
                "You can put topics on the agenda of a sectorkamer only for an organisation "
                "or regional table that takes part in it."
            )
        )
    channel = _choose_channel(channels, on_behalf)
    _check_topic_year(year)
    qualifications, regions = list(qualifications), list(regions)
    foreign = [q.crebo for q in qualifications if q.sectorkamer_id != sectorkamer.pk]
    if foreign:
        raise ValidationError(
            {
                "qualifications": _("Not a qualification of this sectorkamer: %(crebos)s.")
                % {"crebos": ", ".join(foreign)}
            }
        )
    upload = checked_upload(attachment, field="attachment") if attachment else None
    topic = AgendaTopic(
        sectorkamer=sectorkamer, year=year, title=title, explanation=explanation,
        evidence=evidence, links=links, submitted_by=actor,
        organisation=channel.organisation, regional_table=channel.regional_table,
    )  # fmt: skip
    if upload is not None:
        topic.attachment_name, topic.attachment_type = upload.name, upload.content_type
        topic.attachment_size, topic.attachment_sha256 = upload.size, upload.sha256
    topic._history_user = actor
    topic.full_clean(exclude=["state", "attachment"])
    if upload is not None:
        topic.attachment.save("upload", ContentFile(upload.data), save=False)
    try:
        topic.save()
    except Exception:
        if upload is not None:
            topic.attachment.delete(save=False)
        raise
    topic.qualifications.set(qualifications)
    topic.regions.set(regions)
    _topic_event(topic, "submitted", actor, _secretaries(topic))
    return topic


def _decided(topic: AgendaTopic, event: str, actor) -> AgendaTopic:
    _topic_event(topic, event, actor, [topic.submitted_by])
    return topic


@transaction.atomic
def consider_topic(*, actor: User, topic: AgendaTopic, comment: str = "") -> AgendaTopic:
    """The secretary takes the topic into consideration for the revision."""
    run_transition(topic, "consider", actor=actor, comment=comment)
    return _decided(topic, "considered", actor)


def _new_priority_for(actor, topic: AgendaTopic) -> Priority:
    from .selectors import cycle_revision

    revision = cycle_revision(topic.sectorkamer, topic.year)
    if revision is None:
        raise ValidationError(
            {"priority": _("There is no agenda revision %(year)s yet: start it first.")
             % {"year": topic.year}}
        )  # fmt: skip
    if not revision.is_editable:
        raise ValidationError(
            {"priority": _("The revision %(year)s is no longer a draft: choose one of its "
                           "priorities.") % {"year": topic.year}}
        )  # fmt: skip
    evidence = "\n".join(part for part in (topic.evidence, topic.links) if part)
    regions = list(topic.regions.all())
    return add_priority(
        actor=actor, revision=revision, kind="challenge", title=topic.title,
        description=topic.explanation, evidence=evidence, sectoral=True,
        regional=bool(regions), qualifications=topic.qualifications.all(), regions=regions,
    )  # fmt: skip


@transaction.atomic
def take_up_topic(
    *, actor: User, topic: AgendaTopic, priority: Priority | None = None, comment: str = ""
) -> AgendaTopic:
    """The topic becomes a priority: one of the cycle revision's priorities, or a new one
    added to the draft revision (made from the topic's text, opleidingen and regions)."""
    check_transition(topic, "take_up", actor=actor)
    if priority is not None:
        revision = priority.revision
        if revision.agenda.sectorkamer_id != topic.sectorkamer_id or revision.year != topic.year:
            raise ValidationError(
                {"priority": _("Choose a priority of the sectorkamer's revision %(year)s.")
                 % {"year": topic.year}}
            )  # fmt: skip
    else:
        priority = _new_priority_for(actor, topic)
    run_transition(
        topic, "take_up", actor=actor, comment=comment, priority=priority, at=timezone.now()
    )
    return _decided(topic, "taken_up", actor)


@transaction.atomic
def combine_topic(
    *, actor: User, topic: AgendaTopic, with_topic: AgendaTopic | None, comment: str = ""
) -> AgendaTopic:
    """The topic is taken on together with another topic of the same sectorkamer and year."""
    check_transition(topic, "combine", actor=actor)
    error = None
    if with_topic is None:
        error = _("Choose the topic to combine it with.")
    elif with_topic.pk == topic.pk:
        error = _("A topic cannot be combined with itself.")
    elif (with_topic.sectorkamer_id, with_topic.year) != (topic.sectorkamer_id, topic.year):
        error = _("Choose a topic of the same sectorkamer and cycle year.")
    elif with_topic.state not in COMBINABLE_TOPIC_STATES:
        error = _("That topic is '%(state)s': choose one that is open or taken up.") % {
            "state": with_topic.get_state_display()
        }
    if error:
        raise ValidationError({"with_topic": error})
    run_transition(
        topic, "combine", actor=actor, comment=comment, with_topic=with_topic, at=timezone.now()
    )
    return _decided(topic, "combined", actor)


@transaction.atomic
def decline_topic(*, actor: User, topic: AgendaTopic, comment: str) -> AgendaTopic:
    """The topic is not taken up; the reason is required and told to the submitter."""
    run_transition(topic, "decline", actor=actor, comment=comment, at=timezone.now())
    return _decided(topic, "declined", actor)


@transaction.atomic
def withdraw_topic(*, actor: User, topic: AgendaTopic, comment: str = "") -> AgendaTopic:
    """The submitter withdraws the topic while it is undecided."""
    if topic.submitted_by_id != actor.pk and actor.has_perm("agendas.view_agendatopic", topic):
        raise PermissionDenied(_("Only the person who submitted the topic can withdraw it."))
    run_transition(topic, "withdraw", actor=actor, comment=comment, at=timezone.now())
    _topic_event(topic, "withdrawn", actor, _secretaries(topic))
    return topic

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django_fsm_log.models import StateLog

from agendas import services
from agendas.models import Agenda, AgendaRevision, Priority, RevisionState
from core.workflow import StateConflict

from .conftest import PRIORITY

pytestmark = pytest.mark.django_db


def logs(revision):
    return list(
        StateLog.objects.for_(revision)
        .order_by("timestamp", "pk")
        .values_list("source_state", "state", "transition", "by__username", "description")
    )


# -- agendas -------------------------------------------------------------------------


def test_secretary_creates_an_agenda(secretary, tgo):
    agenda = services.create_agenda(
        actor=secretary, sectorkamer=tgo, title="TGO", first_year=2026, last_year=2029
    )
    assert agenda.history.get().history_user == secretary


def test_last_year_before_first_year_is_rejected(secretary, tgo):
    with pytest.raises(ValidationError) as error:
        services.create_agenda(
            actor=secretary, sectorkamer=tgo, title="TGO", first_year=2029, last_year=2026
        )
    assert "last_year" in error.value.message_dict
    assert not Agenda.objects.exists()


def test_overlapping_agendas_of_one_sectorkamer_are_rejected(secretary, agenda, tgo):
    with pytest.raises(ValidationError) as error:
        services.create_agenda(
            actor=secretary, sectorkamer=tgo, title="TGO", first_year=2029, last_year=2032
        )
    assert "first_year" in error.value.message_dict


def test_only_the_sectorkamers_secretary_creates_an_agenda(secretary, member, board, zws):
    for actor in (member, board):
        with pytest.raises(PermissionDenied):
            services.create_agenda(
                actor=actor, sectorkamer=zws, title="X", first_year=2026, last_year=2027
            )
    with pytest.raises(PermissionDenied):  # secretary of TGO, not of ZWS
        services.create_agenda(
            actor=secretary, sectorkamer=zws, title="X", first_year=2026, last_year=2027
        )


# -- the lifecycle ---------------------------------------------------------------------


def test_full_lifecycle_is_logged(ratified, secretary, board):
    assert ratified.state == RevisionState.RATIFIED
    assert ratified.ratified_at is not None
    assert ratified.adoption_meeting_date == datetime.date(2026, 1, 15)
    assert logs(ratified) == [
        ("draft", "submitted", "submit", "secretaris", None),
        ("submitted", "adopted", "adopt", "secretaris", None),
        ("adopted", "ratified", "ratify", "bestuur", None),
    ]


def test_a_revision_without_priorities_cannot_be_submitted(draft, secretary):
    with pytest.raises(ValidationError) as error:
        services.submit_revision(actor=secretary, revision=draft)
    assert "priorities" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.state == RevisionState.DRAFT and not logs(draft)


@pytest.mark.parametrize("who", ["member", "board", "outsider"])
def test_only_the_secretary_submits(with_priority, who, request):
    with pytest.raises(PermissionDenied):
        services.submit_revision(actor=request.getfixturevalue(who), revision=with_priority)
    assert AgendaRevision.objects.get().state == RevisionState.DRAFT


@pytest.mark.parametrize(
    "education, business, meeting, fields",
    [
        (True, False, datetime.date(2026, 1, 15), {"business_side_agreed"}),
        (False, True, datetime.date(2026, 1, 15), {"education_side_agreed"}),
        (False, False, None, {"education_side_agreed", "business_side_agreed", "meeting_date"}),
    ],
)
def test_adoption_needs_both_sides_and_a_meeting_date(
    submitted, secretary, education, business, meeting, fields
):
    with pytest.raises(ValidationError) as error:
        services.adopt_revision(
            actor=secretary, revision=submitted, meeting_date=meeting,
            education_side_agreed=education, business_side_agreed=business,
        )  # fmt: skip
    assert set(error.value.message_dict) == fields
    assert AgendaRevision.objects.get().state == RevisionState.SUBMITTED


def test_adoption_meeting_cannot_be_in_the_future(submitted, secretary):
    with pytest.raises(ValidationError) as error:
        services.adopt_revision(
            actor=secretary, revision=submitted,
            meeting_date=datetime.date.today() + datetime.timedelta(days=2),
            education_side_agreed=True, business_side_agreed=True,
        )  # fmt: skip
    assert "meeting_date" in error.value.message_dict


@pytest.mark.parametrize("who", ["member", "board"])
def test_only_the_secretary_records_adoption(submitted, who, request):
    with pytest.raises(PermissionDenied):
        services.adopt_revision(
            actor=request.getfixturevalue(who), revision=submitted,
            meeting_date=datetime.date(2026, 1, 15), education_side_agreed=True,
            business_side_agreed=True,
        )  # fmt: skip


@pytest.mark.parametrize("who", ["secretary", "member", "outsider"])
def test_only_the_board_ratifies_or_returns(adopted, who, request):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.ratify_revision(actor=actor, revision=adopted)
    with pytest.raises(PermissionDenied):
        services.return_revision(actor=actor, revision=adopted, comment="Nee")
    assert AgendaRevision.objects.get().state == RevisionState.ADOPTED


def test_the_board_returns_with_a_reason(adopted, board):
    services.return_revision(
        actor=board, revision=adopted, comment="  Prioriteit 2 is niet SMART. "
    )
    adopted.refresh_from_db()
    assert adopted.state == RevisionState.DRAFT
    assert not adopted.education_side_agreed and adopted.adoption_meeting_date is None
    assert logs(adopted)[-1] == (
        "adopted",
        "draft",
        "return_to_draft",
        "bestuur",
        "Prioriteit 2 is niet SMART.",
    )


@pytest.mark.parametrize("comment", ["", "   "])
def test_a_return_needs_a_reason(adopted, board, comment):
    with pytest.raises(ValidationError) as error:
        services.return_revision(actor=board, revision=adopted, comment=comment)
    assert "comment" in error.value.message_dict
    assert AgendaRevision.objects.get().state == RevisionState.ADOPTED


def test_transition_from_the_wrong_state_is_a_conflict(draft, with_priority, secretary, board):
    with pytest.raises(StateConflict) as error:
        services.ratify_revision(actor=board, revision=draft)
    assert error.value.current_state == "draft"
    assert error.value.allowed == ["submit"]
    with pytest.raises(StateConflict):
        services.adopt_revision(
            actor=secretary, revision=draft, meeting_date=datetime.date(2026, 1, 15),
            education_side_agreed=True, business_side_agreed=True,
        )  # fmt: skip


def test_state_cannot_be_set_directly(draft):
    with pytest.raises(AttributeError):
        draft.state = RevisionState.RATIFIED


def test_a_stale_copy_gets_a_conflict_and_changes_nothing(adopted, board, make_user):
    from regions.models import Role

    other_board_member = make_user(Role.BOARD_MEMBER)
    stale = AgendaRevision.objects.get(pk=adopted.pk)
    services.return_revision(actor=board, revision=adopted, comment="Terug")
    with pytest.raises(StateConflict) as error:
        services.ratify_revision(actor=other_board_member, revision=stale)
    assert error.value.current_state == "draft"
    adopted.refresh_from_db()
    assert adopted.state == RevisionState.DRAFT and adopted.ratified_at is None
    assert [log[2] for log in logs(adopted)] == ["submit", "adopt", "return_to_draft"]


# -- read-only when ratified -----------------------------------------------------------


def test_a_ratified_revision_is_read_only(ratified, secretary):
    priority = ratified.priorities.get()
    for attempt in (
        lambda: services.add_priority(actor=secretary, revision=ratified, **PRIORITY),
        lambda: services.update_priority(actor=secretary, priority=priority, title="Anders"),
        lambda: services.delete_priority(actor=secretary, priority=priority),
        lambda: services.move_priority(actor=secretary, priority=priority, direction=1),
        lambda: services.update_revision(actor=secretary, revision=ratified, summary="Anders"),
    ):
        with pytest.raises(StateConflict) as error:
            attempt()
        assert "read-only" in error.value.message or "alleen-lezen" in error.value.message
    priority.refresh_from_db()
    assert priority.title == PRIORITY["title"] and ratified.priorities.count() == 1


def test_a_submitted_revision_is_locked_until_returned(submitted, secretary):
    with pytest.raises(StateConflict):
        services.add_priority(actor=secretary, revision=submitted, **PRIORITY)


# -- the yearly revision ---------------------------------------------------------------


def test_next_year_copies_the_ratified_priorities(ratified, secretary, tgo):
    from atlas.models import Qualification
    from regions.models import Arbeidsmarktregio

    old = ratified.priorities.get()
    qualification = Qualification.objects.create(crebo="25655", name="Verzorgende-IG", level=3,
                                                 sectorkamer=tgo)  # fmt: skip
    Priority.objects.filter(pk=old.pk)  # links are copied too:
    old.qualifications.add(qualification)
    old.regions.add(Arbeidsmarktregio.objects.get(code="AM22"))
    revision = services.start_revision(actor=secretary, agenda=ratified.agenda, year=2027)
    assert revision.state == RevisionState.DRAFT and revision.based_on == ratified
    new = revision.priorities.get()
    assert new.pk != old.pk and new.lineage == old.lineage and new.title == old.title
    assert list(new.qualifications.all()) == [qualification]
    assert [r.code for r in new.regions.all()] == ["AM22"]


def test_one_revision_per_agenda_per_year(draft, secretary, agenda):
    with pytest.raises(ValidationError) as error:
        services.start_revision(actor=secretary, agenda=agenda, year=2026)
    assert "year" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaRevision.objects.create(agenda=agenda, year=2026)


def test_a_revision_year_lies_within_the_agenda(secretary, agenda):
    with pytest.raises(ValidationError) as error:
        services.start_revision(actor=secretary, agenda=agenda, year=2030)
    assert "year" in error.value.message_dict


def test_ratifying_next_year_supersedes_the_previous(ratified, secretary, board):
    nxt = services.start_revision(actor=secretary, agenda=ratified.agenda, year=2027)
    services.submit_revision(actor=secretary, revision=nxt)
    services.adopt_revision(
        actor=secretary, revision=nxt, meeting_date=datetime.date(2026, 1, 20),
        education_side_agreed=True, business_side_agreed=True,
    )  # fmt: skip
    services.ratify_revision(actor=board, revision=nxt)
    ratified.refresh_from_db()
    assert ratified.state == RevisionState.SUPERSEDED
    assert logs(ratified)[-1][:4] == ("ratified", "superseded", "supersede", "bestuur")


def test_only_the_secretary_starts_a_revision(agenda, board, member):
    for actor in (board, member):
        with pytest.raises(PermissionDenied):
            services.start_revision(actor=actor, agenda=agenda, year=2026)


# -- priorities ------------------------------------------------------------------------


def test_a_priority_needs_a_level(draft, secretary):
    with pytest.raises(ValidationError) as error:
        services.add_priority(actor=secretary, revision=draft, kind="challenge", title="X")
    assert "levels" in error.value.message_dict
    assert not Priority.objects.exists()


def test_priorities_are_ordered_and_movable(draft, secretary):
    first = services.add_priority(actor=secretary, revision=draft, **PRIORITY)
    second = services.add_priority(actor=secretary, revision=draft, **{**PRIORITY, "title": "B"})
    assert [p.pk for p in draft.priorities.all()] == [first.pk, second.pk]
    services.move_priority(actor=secretary, priority=second, direction=-1)
    assert [p.pk for p in draft.priorities.all()] == [second.pk, first.pk]
    services.move_priority(actor=secretary, priority=second, direction=-1)  # already first
    assert [p.pk for p in draft.priorities.all()] == [second.pk, first.pk]


def test_every_priority_edit_is_kept(draft, secretary):
    priority = services.add_priority(actor=secretary, revision=draft, **PRIORITY)
    services.update_priority(actor=secretary, priority=priority, title="Nieuwe titel")
    history = list(priority.history.order_by("history_date").values_list("history_type", "title"))
    assert history == [("+", PRIORITY["title"]), ("~", "Nieuwe titel")]
    assert {h.history_user for h in priority.history.all()} == {secretary}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger is PostgreSQL's")
def test_history_cannot_be_edited_or_deleted(ratified):
    log = StateLog.objects.for_(ratified).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        StateLog.objects.filter(pk=log.pk).update(description="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        StateLog.objects.filter(pk=log.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        ratified.priorities.get().history.all().delete()


# -- 1 February status -----------------------------------------------------------------


def test_deadline_status_around_midnight(draft):
    # 31 January 23:59:59 in Amsterdam is 22:59:59 UTC (winter time, UTC+1).
    with time_machine.travel(datetime.datetime(2026, 1, 31, 22, 59, 59, tzinfo=datetime.UTC)):
        status = draft.deadline
        assert status.status == "open" and status.days_left == 0
    with time_machine.travel(datetime.datetime(2026, 1, 31, 23, 0, 0, tzinfo=datetime.UTC)):
        assert draft.deadline.status == "overdue"
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)):
        assert draft.deadline.days_left == 30


def test_ratified_on_time_or_late(ratified):
    from core.timeutils import cycle_deadline

    due = cycle_deadline(2026)
    assert due.isoformat() == "2026-02-01T00:00:00+01:00"
    just_in_time = datetime.datetime(2026, 1, 31, 22, 59, 59, tzinfo=datetime.UTC)
    AgendaRevision.objects.filter(pk=ratified.pk).update(ratified_at=just_in_time)
    ratified.refresh_from_db()
    assert ratified.deadline.status == "on_time"
    AgendaRevision.objects.filter(pk=ratified.pk).update(ratified_at=due)
    ratified.refresh_from_db()
    assert ratified.deadline.status == "late"


def test_timeline_shows_every_transition_and_edit_once(draft, secretary):
    from agendas.selectors import revision_timeline
    from regions.models import Arbeidsmarktregio

    twente = Arbeidsmarktregio.objects.get(code="AM05")
    priority = services.add_priority(actor=secretary, revision=draft, regions=[twente], **PRIORITY)
    services.update_priority(actor=secretary, priority=priority, title="Nieuwe titel")
    services.update_priority(actor=secretary, priority=priority, regions=[])
    services.submit_revision(actor=secretary, revision=draft, comment="Klaar")
    events = [(e.kind, e.subject, [c[0] for c in e.changes]) for e in revision_timeline(draft)]
    assert events == [
        ("edit", "", []),  # revision started
        ("edit", PRIORITY["title"], []),  # added, with its links in one event
        ("edit", "Nieuwe titel", ["title"]),
        ("edit", "Nieuwe titel", ["links"]),
        ("transition", "", []),
    ]
    assert revision_timeline(draft)[-1].comment == "Klaar"

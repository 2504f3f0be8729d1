"""What agendas puts on the attention list: the secretary's next step on this cycle's revision,
the open top signals of the atlas (secretary and members), and the board's ratifications and
late or overdue sectorkamers."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agendas import services
from agendas.attention import board_ratification, revision_steps
from agendas.models import Agenda, AgendaRevision
from agendas.selectors import TOP_SIGNAL_WEIGHT
from atlas.models import Signal, SignalRule
from core.timeutils import cycle_year_for, local_today
from notifications.selectors import Urgency, attention_for
from regions.models import OrganisationKind, Role, RoleAssignment, Sectorkamer
from regions.selectors import active_roles, forget_active_roles

from .conftest import PRIORITY

pytestmark = pytest.mark.django_db

TODAY = local_today()
YEAR = cycle_year_for(TODAY)
DUE = datetime.date(YEAR, 1, 31)  # the last day before 1 February of this cycle


def days_before_due(n):
    return DUE - datetime.timedelta(days=n)


def items(source, user, today=TODAY):
    return list(source(user, active_roles(user), today))


def kinds(user, today=TODAY):
    """(kind, source) of the user's whole attention list."""
    return [(e.item.kind, e.item.source) for e in attention_for(user, today=today)]


@pytest.fixture
def agenda(tgo):
    return Agenda.objects.create(
        sectorkamer=tgo, title="Agenda TGO", first_year=YEAR - 1, last_year=YEAR + 3
    )


@pytest.fixture
def revision_in(agenda, secretary, board):
    """This cycle's revision of TGO (or ``year``'s), brought to ``state`` by the services."""

    def make(state, year=YEAR):
        revision = services.start_revision(actor=secretary, agenda=agenda, year=year)
        if state == "draft":
            return revision
        services.add_priority(actor=secretary, revision=revision, **PRIORITY)
        services.submit_revision(actor=secretary, revision=revision, confirm_open_signals=True)
        if state == "submitted":
            return revision
        services.adopt_revision(
            actor=secretary,
            revision=revision,
            meeting_date=local_today(),
            education_side_agreed=True,
            business_side_agreed=True,
        )
        if state == "adopted":
            return revision
        return services.ratify_revision(actor=board, revision=revision)

    return make


def top_signals(kamer, n, *, year=YEAR, weight=TOP_SIGNAL_WEIGHT, state="open"):
    rule = SignalRule.objects.order_by("code").first()
    return [
        Signal.objects.create(
            rule=rule,
            year=year,
            subject=f"{kamer.code}-{year}-{weight}-{state}-{i}",
            sectorkamer=kamer,
            value="1",
            weight=weight,
            state=state,
            details={},
        )
        for i in range(n)
    ]


# -- the secretary's next step ----------------------------------------------------------


def test_a_secretary_is_asked_to_start_this_cycles_revision(secretary, tgo, revision_in):
    revision_in("ratified", year=YEAR - 1)  # last cycle's does not count
    [item] = items(revision_steps, secretary)
    assert (item.kind, item.source) == ("revision_start", f"sectorkamer:{tgo.pk}:{YEAR}")
    assert item.due == DUE
    assert item.url == reverse("agendas:sectorkamer_detail", args=[tgo.code])


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        ("draft", "revision_draft"),
        ("submitted", "revision_submitted"),
        ("adopted", "revision_adopted"),
        ("ratified", None),
    ],
)
def test_the_revisions_next_step_follows_its_state(secretary, revision_in, state, kind):
    revision = revision_in(state)
    found = items(revision_steps, secretary)
    if kind is None:
        assert found == []
        return
    [item] = found
    assert (item.kind, item.source, item.due) == (kind, f"revision:{revision.pk}", DUE)
    assert item.url == reverse("agendas:revision_detail", args=[revision.pk])


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2027, 1, 31), 2027),  # the last day of the 2027 cycle
        (datetime.date(2027, 2, 1), 2028),  # the next cycle has begun
    ],
)
def test_the_step_is_due_on_31_january_of_the_cycle_year(secretary, tgo, today, year):
    assert cycle_year_for(today) == year
    [item] = items(revision_steps, secretary, today)
    assert item.source == f"sectorkamer:{tgo.pk}:{year}"
    assert item.due == datetime.date(year, 1, 31)


def test_a_member_gets_no_next_step(member, revision_in):
    revision_in("draft")
    assert items(revision_steps, member) == []


def test_a_secretary_of_another_sectorkamer_sees_nothing_of_it(make_user, zws, revision_in, tgo):
    revision_in("draft")
    top_signals(tgo, 2)
    other = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=zws)
    other_member = make_user(Role.SECTORKAMER_MEMBER, sectorkamer=zws, side="business")
    assert [(i.kind, i.source) for i in items(revision_steps, other)] == [
        ("revision_start", f"sectorkamer:{zws.pk}:{YEAR}")
    ]
    assert items(revision_steps, other_member) == []


# -- the open top signals of the atlas ----------------------------------------------------


def signal_items(user, today=TODAY):
    return [i for i in items(revision_steps, user, today) if i.kind == "atlas_signals"]


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_open_top_signals_wait_for_the_secretary_and_the_members(
    secretary, member, tgo, zws, revision_in, state
):
    revision = revision_in(state)
    top_signals(tgo, 3)
    # neither counted: below the top weight, closed, another cycle, another sectorkamer
    top_signals(tgo, 1, weight=TOP_SIGNAL_WEIGHT - 1)
    top_signals(tgo, 1, state="closed")
    top_signals(tgo, 1, year=YEAR - 1)
    top_signals(zws, 1)
    for user in (secretary, member):
        [item] = signal_items(user)
        assert item.source == f"signals:{revision.pk}" and item.due == DUE
        assert item.url == reverse("atlas:sectorkamer", args=[tgo.code, YEAR])
        assert re.search(r"\b3\b", item.title)  # the number still open


def test_the_signals_are_gone_once_every_top_signal_is_answered(secretary, tgo, revision_in):
    revision = revision_in("draft")
    first, second = top_signals(tgo, 2)
    services.priority_from_signals(actor=secretary, revision=revision, signals=[first])
    [item] = signal_items(secretary)
    assert re.search(r"\b1\b", item.title)
    services.set_signal_aside(actor=secretary, revision=revision, signal=second, reason="belegd")
    assert signal_items(secretary) == []
    assert [i.kind for i in items(revision_steps, secretary)] == ["revision_draft"]


def test_no_signals_for_an_adopted_revision(secretary, member, tgo, revision_in):
    revision_in("adopted")
    top_signals(tgo, 2)
    assert signal_items(secretary) == [] and signal_items(member) == []


def test_no_signals_without_a_revision(secretary, member, tgo):
    top_signals(tgo, 2)
    assert signal_items(secretary) == [] and signal_items(member) == []


# -- the board ----------------------------------------------------------------------------


def board_items(board, kind, today=TODAY):
    return [i for i in items(board_ratification, board, today) if i.kind == kind]


def test_the_board_ratifies_each_adopted_revision(board, secretary, zws, make_user, revision_in):
    tgo_revision = revision_in("adopted")
    zws_secretary = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=zws)
    zws_agenda = Agenda.objects.create(
        sectorkamer=zws, title="ZWS", first_year=YEAR - 1, last_year=YEAR + 3
    )
    zws_revision = services.start_revision(actor=zws_secretary, agenda=zws_agenda, year=YEAR)
    assert [i.source for i in board_items(board, "ratify")] == [f"revision:{tgo_revision.pk}"]
    [item] = board_items(board, "ratify")
    assert item.due == DUE
    assert item.url == reverse("agendas:revision_detail", args=[tgo_revision.pk])
    services.add_priority(actor=zws_secretary, revision=zws_revision, **PRIORITY)
    services.submit_revision(actor=zws_secretary, revision=zws_revision)
    services.adopt_revision(
        actor=zws_secretary,
        revision=zws_revision,
        meeting_date=local_today(),
        education_side_agreed=True,
        business_side_agreed=True,
    )
    assert {i.source for i in board_items(board, "ratify")} == {
        f"revision:{tgo_revision.pk}",
        f"revision:{zws_revision.pk}",
    }
    services.ratify_revision(actor=board, revision=tgo_revision)
    assert [i.source for i in board_items(board, "ratify")] == [f"revision:{zws_revision.pk}"]
    # the secretaries are not asked to ratify
    assert "ratify" not in {i.kind for i in items(board_ratification, secretary)}


def late_sources(board, today):
    return {i.source for i in board_items(board, "sectorkamer_late", today)}


def test_sectorkamers_are_late_only_in_the_last_31_days(board, tgo, zws, revision_in, make_user):
    revision_in("adopted")  # TGO is in time
    zws_agenda = Agenda.objects.create(
        sectorkamer=zws, title="ZWS", first_year=YEAR - 1, last_year=YEAR + 3
    )
    services.start_revision(
        actor=make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=zws), agenda=zws_agenda, year=YEAR
    )
    assert late_sources(board, days_before_due(32)) == set()
    late = late_sources(board, days_before_due(31))
    # ZWS's draft and every sectorkamer without a revision; not TGO's adopted one
    assert late == {f"sectorkamer:{k.pk}:{YEAR}" for k in Sectorkamer.objects.exclude(pk=tgo.pk)}
    [zws_item] = [
        i
        for i in board_items(board, "sectorkamer_late", days_before_due(31))
        if i.source == f"sectorkamer:{zws.pk}:{YEAR}"
    ]
    assert zws_item.due == DUE
    assert zws_item.url == reverse("agendas:sectorkamer_detail", args=[zws.code])
    assert late_sources(board, DUE) == late  # up to the last day
    # the whole list, asked for that day, says so too
    day = days_before_due(31)
    assert sum(kind == "sectorkamer_late" for kind, _ in kinds(board, day)) == len(late)
    assert not any(kind == "sectorkamer_late" for kind, _ in kinds(board, days_before_due(32)))


def test_a_ratified_revision_is_not_late(board, tgo, revision_in):
    revision_in("ratified")
    assert f"sectorkamer:{tgo.pk}:{YEAR}" not in late_sources(board, days_before_due(1))


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        ("draft", "sectorkamer_overdue"),
        ("submitted", "sectorkamer_overdue"),
        ("adopted", "ratify"),
        ("ratified", None),
    ],
)
def test_last_cycles_unfinished_revision_is_overdue(board, revision_in, state, kind):
    revision = revision_in(state, year=YEAR - 1)
    found = [
        (e.item.kind, e.item.source, e.item.due, e.urgency)
        for e in attention_for(board, today=TODAY)
        if e.item.source == f"revision:{revision.pk}"
    ]
    if kind is None:
        assert found == []
        return
    assert found == [(kind, f"revision:{revision.pk}", DUE.replace(year=YEAR - 1), Urgency.OVERDUE)]


def test_this_cycles_draft_is_not_overdue(board, revision_in):
    revision_in("draft")
    assert board_items(board, "sectorkamer_overdue") == []


# -- scope and cost -------------------------------------------------------------------------


def test_a_user_without_a_role_costs_no_query(make_user, make_org, django_assert_num_queries):
    nobody = make_user()
    school = make_org("Albeda", OrganisationKind.MBO_INSTITUTION)
    representative = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=school)
    for user in (nobody, representative):
        roles = active_roles(user)
        with django_assert_num_queries(0):
            assert list(revision_steps(user, roles, TODAY)) == []
            assert list(board_ratification(user, roles, TODAY)) == []


def queries(source, user, today=TODAY):
    forget_active_roles(user)
    roles = active_roles(user)
    with CaptureQueriesContext(connection) as captured:
        found = list(source(user, roles, today))
    return len(captured), found


def drafts_with_signals(user, codes, role=Role.SECTORKAMER_SECRETARY):
    for code in codes:
        kamer = Sectorkamer.objects.get(code=code)
        RoleAssignment.objects.create(
            user=user, role=role, sectorkamer=kamer, valid_from=datetime.date(2020, 1, 1)
        )
        agenda = Agenda.objects.create(
            sectorkamer=kamer, title=code, first_year=YEAR - 1, last_year=YEAR + 3
        )
        AgendaRevision.objects.create(agenda=agenda, year=YEAR)
        top_signals(kamer, 2)


def test_the_secretarys_steps_cost_the_same_for_one_or_five_sectorkamers(
    make_user, django_assert_num_queries
):
    secretary = make_user()
    drafts_with_signals(secretary, ["01"])
    one, found = queries(revision_steps, secretary)
    assert [i.kind for i in found] == ["revision_draft", "atlas_signals"]
    assert one == 4  # revisions, sectorkamers, top signals, responses
    drafts_with_signals(secretary, ["02", "03", "04", "05"])
    forget_active_roles(secretary)
    roles = active_roles(secretary)
    with django_assert_num_queries(one):
        found = list(revision_steps(secretary, roles, TODAY))
    assert [i.kind for i in found].count("atlas_signals") == 5 and len(found) == 10


def test_the_boards_list_costs_the_same_for_one_or_five_revisions(
    board, make_user, django_assert_num_queries
):
    def revisions(codes):
        for code in codes:
            kamer = Sectorkamer.objects.get(code=code)
            agenda = Agenda.objects.create(
                sectorkamer=kamer, title=code, first_year=YEAR - 1, last_year=YEAR + 3
            )
            AgendaRevision.objects.filter(
                pk=AgendaRevision.objects.create(agenda=agenda, year=YEAR).pk
            ).update(state="adopted")
            AgendaRevision.objects.create(agenda=agenda, year=YEAR - 1)  # last cycle's, a draft

    day = days_before_due(10)  # within the late window: every part of the source runs
    revisions(["01"])
    one, found = queries(board_ratification, board, day)
    assert one == 4  # ratifications, overdue, this cycle's revisions, sectorkamers
    assert [i.kind for i in found].count("ratify") == 1
    revisions(["02", "03", "04", "05"])
    roles = active_roles(board)
    with django_assert_num_queries(one):
        found = list(board_ratification(board, roles, day))
    assert [i.kind for i in found].count("ratify") == 5
    assert [i.kind for i in found].count("sectorkamer_overdue") == 5

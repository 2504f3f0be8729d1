"""What arbitration puts on the attention list: the secretariat's admissibility decisions,
procedural deadlines and challenges; an arbiter's declaration and next step. The items carry a
dossier's reference and step only, never its content."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arbitration import services
from arbitration.attention import arbiter_seats, secretariat_desk
from arbitration.models import DeadlineKind, ProceduralDeadline
from core.timeutils import local_today
from regions.models import Role
from regions.selectors import active_roles

pytestmark = pytest.mark.django_db

SOURCES = (secretariat_desk, arbiter_seats)


def today():
    return local_today()


def items(user, day=None):
    day = day or today()
    roles = active_roles(user)
    return [item for source in SOURCES for item in source(user, roles, day)]


def of_kind(user, kind, day=None):
    return [i for i in items(user, day) if i.kind == kind]


def page(dossier, anchor=""):
    return reverse("arbitration:dossier_detail", args=[dossier.pk]) + anchor


def deadline(dossier, kind):
    return ProceduralDeadline.objects.get(dossier=dossier, kind=kind)


# -- the secretariat --------------------------------------------------------------------------


def test_a_filed_dossier_waits_for_the_admissibility_decision(filed, clerk, covered):
    [item] = of_kind(clerk, "admissibility")
    assert item.source == f"dossier:{filed.pk}" and item.url == page(filed)
    assert item.due == today() + datetime.timedelta(days=14)  # beyond the week: still listed
    services.admit_dossier(actor=clerk, dossier=filed, comment="Ontvankelijk")
    assert of_kind(clerk, "admissibility") == []


def test_a_draft_dossier_is_not_the_secretariats_yet(dossier, clerk):
    assert items(clerk) == []


@pytest.mark.parametrize(("days_left", "listed"), [(8, False), (7, True), (0, True), (-1, True)])
def test_a_procedural_deadline_is_listed_from_a_week_before(
    proposed_panel, clerk, days_left, listed
):
    challenge_period = deadline(proposed_panel, DeadlineKind.CHALLENGE)
    day = challenge_period.due - datetime.timedelta(days=days_left)
    found = of_kind(clerk, "procedural", day)
    assert [i.source for i in found] == ([f"deadline:{challenge_period.pk}"] if listed else [])
    if listed:
        assert found[0].due == challenge_period.due and found[0].url == page(proposed_panel)


def test_no_procedural_deadline_of_a_finished_dossier(proposed_panel, clerk, school_rep):
    due = deadline(proposed_panel, DeadlineKind.CHALLENGE).due
    assert of_kind(clerk, "procedural", due)
    services.withdraw_dossier(actor=school_rep, dossier=proposed_panel, comment="Geschikt")
    assert of_kind(clerk, "procedural", due) == []


def test_a_pending_challenge_waits_for_a_decision(proposed_panel, clerk, branch_rep):
    member = proposed_panel.panel.get()
    challenge = services.challenge_arbiter(actor=branch_rep, member=member, reasons="Partijdig")
    [item] = of_kind(clerk, "challenge")
    assert item.source == f"challenge:{challenge.pk}" and item.due is None
    assert item.url == page(proposed_panel, "#panel-heading")
    services.decide_challenge(actor=clerk, challenge=challenge, sustained=False, reasons="Nee")
    assert of_kind(clerk, "challenge") == []


# -- the arbiter ------------------------------------------------------------------------------


def test_the_arbiter_signs_the_declaration_then_follows_the_next_step(proposed_panel, arbiters):
    member = proposed_panel.panel.get()
    arbiter = member.arbiter.user
    assert [(i.kind, i.source) for i in items(arbiter)] == [("declaration", f"seat:{member.pk}")]
    assert items(arbiter)[0].url == page(proposed_panel, "#panel-heading")
    services.declare_independence(actor=arbiter, member=member, declaration="Onafhankelijk")
    challenge_period = deadline(proposed_panel, DeadlineKind.CHALLENGE)
    # the admissibility deadline came earlier, but it is met
    [item] = items(arbiter)
    assert (item.kind, item.source) == ("dossier_step", f"deadline:{challenge_period.pk}")
    assert item.due == challenge_period.due and item.url == page(proposed_panel)
    # of the open deadlines, the nearest
    ProceduralDeadline.objects.create(
        dossier=proposed_panel,
        kind=DeadlineKind.DEFENCE,
        due=challenge_period.due + datetime.timedelta(days=1),
    )
    assert [i.source for i in items(arbiter)] == [f"deadline:{challenge_period.pk}"]
    sooner = ProceduralDeadline.objects.create(
        dossier=proposed_panel,
        kind=DeadlineKind.HEARING,
        due=challenge_period.due - datetime.timedelta(days=1),
    )
    assert [i.source for i in items(arbiter)] == [f"deadline:{sooner.pk}"]


def test_the_constituted_panels_next_step_is_the_defence(constituted):
    member = constituted.panel.get()
    defence = deadline(constituted, DeadlineKind.DEFENCE)
    [item] = items(member.arbiter.user)
    assert (item.kind, item.source, item.due) == (
        "dossier_step",
        f"deadline:{defence.pk}",
        defence.due,
    )


def test_an_arbiter_not_on_the_panel_sees_nothing(proposed_panel, arbiters, clerk, branch_rep):
    member = proposed_panel.panel.get()
    assert items(arbiters[1].user) == []
    # nor one who was replaced after a challenge; the replacement signs first
    challenge = services.challenge_arbiter(actor=branch_rep, member=member, reasons="Partijdig")
    services.decide_challenge(
        actor=clerk, challenge=challenge, sustained=True, reasons="Ja", replacement=arbiters[3]
    )
    assert items(member.arbiter.user) == []
    assert [i.kind for i in items(arbiters[3].user)] == ["declaration"]


def test_no_step_once_the_dossier_is_finished(proposed_panel, school_rep):
    arbiter = proposed_panel.panel.get().arbiter.user
    services.withdraw_dossier(actor=school_rep, dossier=proposed_panel, comment="Geschikt")
    assert items(arbiter) == []


def test_the_parties_and_others_see_nothing_and_cost_no_query(
    proposed_panel, school_rep, branch_rep, make_user, django_assert_num_queries
):
    for user in (school_rep, branch_rep, make_user(), make_user(Role.BOARD_MEMBER)):
        roles = active_roles(user)
        with django_assert_num_queries(0):
            assert [i for source in SOURCES for i in source(user, roles, today())] == []


def test_no_item_carries_the_dossiers_content(
    proposed_panel, clerk, branch_rep, school_rep, school, branch, active
):
    second = services.create_dossier(
        actor=school_rep,
        claimants=[school],
        respondents=[branch],
        kind="content",
        claim="Het opleidingsaanbod in Twente schendt de afspraak.",
        agreements=[active],
    )
    filed = services.file_dossier(actor=school_rep, dossier=second)
    member = proposed_panel.panel.get()
    services.challenge_arbiter(actor=branch_rep, member=member, reasons="Adviseerde de eiser")
    arbiter = member.arbiter.user
    day = deadline(proposed_panel, DeadlineKind.CHALLENGE).due
    seen = items(clerk, day) + items(arbiter, day)
    services.declare_independence(actor=arbiter, member=member, declaration="Onafhankelijk")
    seen += items(arbiter, day)
    assert {i.kind for i in seen} == {
        "admissibility",
        "procedural",
        "challenge",
        "declaration",
        "dossier_step",
    }
    secrets = [
        proposed_panel.claim,
        proposed_panel.ruling_requested,
        filed.claim,
        "Adviseerde de eiser",
        school.name,
        branch.name,
    ]
    for item in seen:
        text = f"{item.title} {item.action} {item.url}"
        assert not [s for s in secrets if s in text], item
        assert proposed_panel.reference in item.title or filed.reference in item.title


# -- cost ---------------------------------------------------------------------------------------


@pytest.fixture
def grow(school_rep, branch_rep, school, branch, active, covered, clerk, arbiters):
    """Add ``n`` filed dossiers and ``n`` proposed panels (arbiters[0]) with a challenge each."""

    def dossier():
        made = services.create_dossier(
            actor=school_rep,
            claimants=[school],
            respondents=[branch],
            kind="performance",
            claim="Geheim",
            agreements=[active],
        )
        return services.file_dossier(actor=school_rep, dossier=made)

    def add(n):
        for _ in range(n):
            dossier()
            admitted = services.admit_dossier(actor=clerk, dossier=dossier(), comment="Ja")
            proposed = services.propose_panel(actor=clerk, dossier=admitted, arbiters=[arbiters[0]])
            services.challenge_arbiter(
                actor=branch_rep, member=proposed.panel.get(), reasons="Partijdig"
            )

    return add


@pytest.mark.parametrize(
    ("who", "source", "queries", "kinds"),
    [
        ("clerk", secretariat_desk, 3, {"admissibility", "procedural", "challenge"}),
        ("arbiter", arbiter_seats, 2, {"declaration"}),  # the seats, their deadlines
    ],
)
def test_a_source_costs_the_same_for_one_or_five(
    request, grow, arbiters, who, source, queries, kinds, django_assert_num_queries
):
    user = arbiters[0].user if who == "arbiter" else request.getfixturevalue(who)
    day = today() + datetime.timedelta(days=25)  # the challenge periods end within the week
    grow(1)
    roles = active_roles(user)
    with CaptureQueriesContext(connection) as captured:
        found = list(source(user, roles, day))
    assert len(captured) == queries
    assert sorted(i.kind for i in found) == sorted(kinds)
    grow(4)
    with django_assert_num_queries(queries):
        found = list(source(user, roles, day))
    assert sorted(i.kind for i in found) == sorted(sorted(kinds) * 5)

"""What agreements puts on the attention list: the secretary's agreements waiting for their
parties, reports, notice conflicts and regional commitments; a representative's acceptances,
reports and draft notices; a regional table's reports and sector agreements to work out."""

import datetime
import itertools
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.attention import (
    representative_agreements,
    secretary_agreements,
    table_agreements,
)
from agreements.models import Agreement, NoticeConflict
from core.timeutils import cycle_year_for, local_today
from regions.models import Arbeidsmarktregio, RegionalTable, Role, RoleAssignment, Sectorkamer
from regions.selectors import active_roles, forget_active_roles
from tests.fixtures_agreements import SMART

pytestmark = pytest.mark.django_db

TODAY = local_today()
CYCLE = cycle_year_for(TODAY)
NOTICE_DUE = datetime.date(CYCLE, 1, 31)  # the last day for a BOL notice of CYCLE + 1
SOURCES = (secretary_agreements, representative_agreements, table_agreements)


def items(source, user, today=TODAY):
    return list(source(user, active_roles(user), today))


def of_kind(user, kind, today=TODAY):
    return [i for source in SOURCES for i in items(source, user, today) if i.kind == kind]


def detail(agreement, anchor=""):
    return reverse("agreements:detail", args=[agreement.pk]) + anchor


def days(n, base=TODAY):
    return base + datetime.timedelta(days=n)


@pytest.fixture
def table(reference, tgo):
    """TGO's regional table (the shared fixture's table has no sectorkamer)."""
    table = RegionalTable.objects.create(name="Techniek Twente", sectorkamer=tgo)
    table.regions.set([Arbeidsmarktregio.objects.get(code="AM05")])
    return table


@pytest.fixture
def mtlm(reference):
    return Sectorkamer.objects.get(code="02")


@pytest.fixture
def zws(reference):
    return Sectorkamer.objects.get(code="03")


@pytest.fixture
def mtlm_secretary(make_user, mtlm):
    return make_user(Role.SECTORKAMER_SECRETARY, username="secretaris-mtlm", sectorkamer=mtlm)


@pytest.fixture
def table_member(make_user, table):
    return make_user(Role.TABLE_MEMBER, username="tafellid", regional_table=table)


@pytest.fixture
def commitment(coordinator, table, active, school, school_rep):
    """A regional commitment of the table working out ``parent``: active unless ``draft``."""

    def make(parent=active, *, draft=False, on=table, actor=coordinator):
        agreement = services.create_agreement(
            actor=actor,
            regional_table=on,
            parent=parent,
            owner=school,
            **{**SMART, "level": "regional", "title": "Leerbanen Twente"},
            parties=[(school, "responsible")],
        )
        if draft:
            return agreement
        services.propose_agreement(actor=actor, agreement=agreement)
        return services.accept_agreement(actor=school_rep, agreement=agreement)

    return make


@pytest.fixture
def offer(secretary, priority, school, school_rep, luchtvaart):
    """An active agreement of TGO that allows no new starts of Luchtvaartdienstverlener."""
    agreement = services.create_agreement(
        actor=secretary,
        priority=priority,
        owner=school,
        **{**SMART, "category": "programme_offer", "title": "Geen nieuwe luchtvaart"},
        parties=[(school, "responsible")],
    )
    services.set_offer_rule(
        actor=secretary, agreement=agreement, kind="no_new_starts", qualifications=[luchtvaart]
    )
    services.propose_agreement(actor=secretary, agreement=agreement)
    return services.accept_agreement(actor=school_rep, agreement=agreement)


@pytest.fixture
def notice(school_rep, school, luchtvaart):
    """A draft BOL start notice, by default for the study year after the cycle (due 31 January
    CYCLE)."""
    counter = itertools.count()

    def make(submit=False, study_year=CYCLE + 1):
        made = services.create_notice(
            actor=school_rep,
            institution=school,
            qualification=luchtvaart,
            action="start",
            leerweg="BOL",
            municipality=f"Plaats {next(counter)}",
            region=Arbeidsmarktregio.objects.get(code="AM22"),
            study_year=study_year,
        )
        return services.submit_notice(actor=school_rep, notice=made) if submit else made

    return make


@pytest.fixture
def conflict(offer, notice):
    return NoticeConflict.objects.get(notice=notice(submit=True))


# -- the secretary ------------------------------------------------------------------------


def test_a_proposed_agreement_waits_until_every_party_accepted(
    secretary, proposed, school_rep, branch_rep
):
    [item] = of_kind(secretary, "agreement_waiting")
    assert item.source == f"agreement:{proposed.pk}" and item.due is None
    assert item.url == detail(proposed, "#parties-heading")
    services.accept_agreement(actor=school_rep, agreement=proposed)
    assert [i.source for i in of_kind(secretary, "agreement_waiting")] == [item.source]
    services.accept_agreement(actor=branch_rep, agreement=proposed)  # the last responsible one
    assert of_kind(secretary, "agreement_waiting") == []


def test_a_draft_does_not_wait_for_its_parties(secretary, with_parties):
    assert of_kind(secretary, "agreement_waiting") == []


@pytest.fixture(params=["report_monitor", "report", "report_table"])
def reporting(request, secretary, school_rep, coordinator, active, commitment):
    """(who, the agreement they see a report of, the kind they see it as)."""
    if request.param == "report_monitor":
        return secretary, active, "report_monitor"
    if request.param == "report":
        return school_rep, active, "report"
    mine = commitment()
    return coordinator, mine, "report_table"


@pytest.mark.parametrize(("days_left", "listed"), [(32, False), (31, True), (0, True), (-10, True)])
def test_a_report_is_listed_from_31_days_before_it_is_due(reporting, days_left, listed):
    user, agreement, kind = reporting
    due = Agreement.objects.get(pk=agreement.pk).next_report_due
    found = [
        i
        for i in of_kind(user, kind, days(-days_left, due))
        if i.source == f"report:{agreement.pk}"
    ]
    assert bool(found) is listed
    if listed:
        assert found[0].due == due
        assert found[0].url == detail(agreement, "#progress-heading")


def test_no_report_once_the_agreement_is_no_longer_active(secretary, school_rep, active):
    due = Agreement.objects.get(pk=active.pk).next_report_due
    assert of_kind(secretary, "report_monitor", due) and of_kind(school_rep, "report", due)
    services.cancel_agreement(actor=secretary, agreement=active, comment="Vervangen")
    assert of_kind(secretary, "report_monitor", due) == []
    assert of_kind(school_rep, "report", due) == []


def test_an_open_conflict_waits_for_the_secretary_of_the_qualification(
    conflict, mtlm_secretary, secretary
):
    [item] = of_kind(mtlm_secretary, "conflict")
    assert item.source == f"conflict:{conflict.pk}"
    assert item.url == (
        reverse("agreements:notice_detail", args=[conflict.notice_id]) + "#conflicts-heading"
    )
    # the notice's last day, as its draft had (the deadline is the first instant too late)
    assert item.due == NOTICE_DUE
    # TGO's agreement, but MTLM's qualification: the TGO secretary does not resolve it
    assert of_kind(secretary, "conflict") == []
    services.resolve_conflict(actor=mtlm_secretary, conflict=conflict, resolution="consistent")
    assert of_kind(mtlm_secretary, "conflict") == []


@pytest.mark.parametrize(("age", "listed"), [(0, True), (14, True), (15, False)])
def test_a_new_commitment_is_listed_for_14_days(secretary, commitment, active, age, listed):
    mine = commitment(draft=True)
    found = [i.source for i in of_kind(secretary, "commitment_new", days(age))]
    assert found == ([f"agreement:{mine.pk}"] if listed else [])


def test_the_new_commitment_links_to_it(secretary, commitment):
    mine = commitment()
    [item] = of_kind(secretary, "commitment_new")
    assert item.url == detail(mine) and item.due is None


def test_a_commitment_of_its_own_is_not_new_to_the_secretary(
    secretary, coordinator, table, school, active
):
    services.create_agreement(
        actor=coordinator,
        regional_table=table,
        owner=school,
        **{**SMART, "level": "regional", "title": "Eigen afspraak"},
    )
    assert of_kind(secretary, "commitment_new") == []


@pytest.mark.parametrize(
    ("status", "kind"),
    [("at_risk", "commitment_at_risk"), ("off_track", "commitment_at_risk"), ("on_track", None)],
)
def test_a_commitment_at_risk_is_listed_after_it_is_new(
    secretary, commitment, school_rep, status, kind
):
    mine = commitment()
    services.report_progress(
        actor=school_rep,
        agreement=mine,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 4, 30),
        value=110,
        status=status,
    )
    later = days(30)  # no longer new
    found = [
        (i.kind, i.source)
        for source in SOURCES
        for i in items(source, secretary, later)
        if i.kind.startswith("commitment")
    ]
    assert found == ([(kind, f"agreement:{mine.pk}")] if kind else [])


def test_a_secretary_of_another_sectorkamer_sees_nothing_of_it(
    make_user, zws, proposed, commitment, conflict
):
    commitment()
    other = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=zws)
    assert items(secretary_agreements, other, days(-400)) == []
    assert items(secretary_agreements, other) == []


# -- a representative -----------------------------------------------------------------------


def test_a_party_is_asked_to_accept_until_it_did(
    proposed, school_rep, branch_rep, union_rep, school
):
    party = proposed.parties.get(organisation=school)
    [item] = of_kind(school_rep, "accept")
    assert item.source == f"party:{party.pk}"
    assert item.url == detail(proposed, "#parties-heading")
    services.accept_agreement(actor=school_rep, agreement=proposed)
    assert of_kind(school_rep, "accept") == []
    assert len(of_kind(branch_rep, "accept")) == 1
    assert len(of_kind(union_rep, "accept")) == 1  # an informed party may accept too


def test_a_responsible_party_reports_an_informed_one_does_not(active, branch_rep, union_rep):
    due = Agreement.objects.get(pk=active.pk).next_report_due
    assert [i.source for i in of_kind(branch_rep, "report", due)] == [f"report:{active.pk}"]
    assert of_kind(union_rep, "report", due) == []


def test_a_representative_of_another_organisation_sees_nothing(
    make_user, make_org, proposed, active, notice
):
    notice()
    outsider = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=make_org("Zadkine"))
    assert items(representative_agreements, outsider) == []


@pytest.mark.parametrize(("days_left", "listed"), [(93, False), (92, True), (0, True)])
def test_a_draft_notice_is_listed_from_92_days_before_its_last_day(
    school_rep, notice, days_left, listed
):
    draft = notice()
    found = of_kind(school_rep, "notice_draft", days(-days_left, NOTICE_DUE))
    assert [i.source for i in found] == ([f"notice:{draft.pk}"] if listed else [])
    if listed:
        assert found[0].due == NOTICE_DUE
        assert found[0].url == reverse("agreements:notice_detail", args=[draft.pk])


def test_a_submitted_notice_is_no_longer_listed(school_rep, notice):
    draft = notice()
    assert of_kind(school_rep, "notice_draft", NOTICE_DUE)
    services.submit_notice(actor=school_rep, notice=draft)
    assert of_kind(school_rep, "notice_draft", NOTICE_DUE) == []


# -- a regional table ------------------------------------------------------------------------


def test_the_table_works_out_its_sectorkamers_agreements(
    coordinator, table_member, table, active, commitment, make_user
):
    [item] = of_kind(coordinator, "work_out")
    assert item.source == f"work-out:{table.pk}:{active.pk}" and item.due == active.deadline
    assert item.url == (
        reverse("agreements:create_for_table", args=[table.pk]) + f"?parent={active.pk}"
    )
    [seen] = of_kind(table_member, "work_out")
    assert seen.source == item.source and seen.url == detail(active)
    # another table of TGO working it out does not do it for this one
    other = RegionalTable.objects.create(name="Techniek Zwolle", sectorkamer=table.sectorkamer)
    other_coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=other)
    commitment(on=other, actor=other_coordinator, draft=True)
    assert [i.source for i in of_kind(coordinator, "work_out")] == [item.source]
    assert of_kind(other_coordinator, "work_out") == []
    commitment(draft=True)  # logged, not yet active: worked out
    assert of_kind(coordinator, "work_out") == [] and of_kind(table_member, "work_out") == []


def test_only_an_active_sector_agreement_is_worked_out(coordinator, proposed):
    assert of_kind(coordinator, "work_out") == []


def test_a_table_of_another_sectorkamer_sees_nothing_of_it(make_user, zws, active, commitment):
    commitment()
    other = RegionalTable.objects.create(name="Zorg Twente", sectorkamer=zws)
    for role in (Role.TABLE_COORDINATOR, Role.TABLE_MEMBER):
        user = make_user(role, regional_table=other)
        assert items(table_agreements, user, days(-400)) == []
        assert items(table_agreements, user) == []


def test_a_table_member_does_not_report(table_member, commitment):
    mine = commitment()
    due = Agreement.objects.get(pk=mine.pk).next_report_due
    assert of_kind(table_member, "report_table", due) == []


# -- scope and cost ---------------------------------------------------------------------------


def test_a_user_without_these_roles_costs_no_query(make_user, django_assert_num_queries, active):
    nobody, board = make_user(), make_user(Role.BOARD_MEMBER)
    for user in (nobody, board):
        roles = active_roles(user)
        with django_assert_num_queries(0):
            for source in SOURCES:
                assert list(source(user, roles, TODAY)) == []


@pytest.fixture
def grow(
    secretary, priority, school, school_rep, coordinator, table, offer, notice, mtlm, commitment
):
    """Add ``n`` of everything the secretary (also of MTLM), the school and the table see."""
    RoleAssignment.objects.create(
        user=secretary,
        role=Role.SECTORKAMER_SECRETARY,
        sectorkamer=mtlm,
        valid_from=datetime.date(2020, 1, 1),
    )
    counter = itertools.count()

    def sector_agreement(activate):
        agreement = services.create_agreement(
            actor=secretary,
            priority=priority,
            owner=school,
            **{**SMART, "title": f"Afspraak {next(counter)}"},
            parties=[(school, "responsible")],
        )
        services.propose_agreement(actor=secretary, agreement=agreement)
        if activate:
            services.accept_agreement(actor=school_rep, agreement=agreement)

    def add(n):
        for _ in range(n):
            sector_agreement(activate=False)  # waits for the school
            sector_agreement(activate=True)  # a report, and the table works it out
            commitment(parent=offer)  # new, with a report for the table
            services.give_table_input(  # the table's input on the sector agreement
                actor=coordinator, regional_table=table, agreement=offer, text="Inbreng"
            )
            notice(submit=True)  # a conflict
            notice(study_year=CYCLE)  # a draft, overdue whatever the day
        for user in (secretary, school_rep, coordinator):
            forget_active_roles(user)

    return add


def counted(source, user, today=TODAY):
    roles = active_roles(user)
    with CaptureQueriesContext(connection) as captured:
        found = list(source(user, roles, today))
    return len(captured), found


@pytest.mark.parametrize(
    ("who", "source", "queries", "kinds"),
    [
        (
            "secretary",
            secretary_agreements,
            5,
            {"agreement_waiting", "report_monitor", "conflict", "commitment_new", "table_input"},
        ),
        ("school_rep", representative_agreements, 3, {"accept", "report", "notice_draft"}),
        ("coordinator", table_agreements, 3, {"report_table", "work_out"}),
    ],
)
def test_a_source_costs_the_same_for_one_or_five(
    request, grow, who, source, queries, kinds, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    grow(1)
    one, found = counted(source, user)
    assert one == queries and {i.kind for i in found} >= kinds
    before = {kind: sum(i.kind == kind for i in found) for kind in kinds}
    grow(4)
    roles = active_roles(user)
    with django_assert_num_queries(one):
        found = list(source(user, roles, TODAY))
    for kind in kinds:  # each kind grew with the four more (some by two a round)
        assert sum(i.kind == kind for i in found) >= before[kind] + 4, kind


def test_a_table_costs_the_same_for_one_or_five_tables(
    coordinator, table, active, make_user, django_assert_num_queries
):
    one, found = counted(table_agreements, coordinator)
    assert [i.kind for i in found] == ["work_out"]
    for n in range(4):
        more = RegionalTable.objects.create(name=f"Tafel {n}", sectorkamer=table.sectorkamer)
        RoleAssignment.objects.create(
            user=coordinator,
            role=Role.TABLE_COORDINATOR,
            regional_table=more,
            valid_from=datetime.date(2020, 1, 1),
        )
    forget_active_roles(coordinator)
    roles = active_roles(coordinator)
    with django_assert_num_queries(one):
        found = list(table_agreements(coordinator, roles, TODAY))
    assert [i.kind for i in found] == ["work_out"] * 5
    assert len({i.source for i in found}) == 5


def test_the_secretarys_home_page_costs_the_same_for_one_or_five(client, secretary, grow):
    cache.clear()
    client.force_login(secretary)
    grow(1)
    client.get("/")  # the first request of a process loads what it keeps (content types)
    with CaptureQueriesContext(connection) as one:
        first = client.get("/").content.decode()
    grow(4)
    with CaptureQueriesContext(connection) as five:
        second = client.get("/").content.decode()
    assert len(one) == len(five)
    listed = re.compile(r'data-kind="(agreement_waiting|conflict|report_monitor)"')
    assert len(listed.findall(second)) >= len(listed.findall(first)) + 3 * 4
    assert re.search(r'data-testid="attention-count">(\d+)<', second).group(1) == str(
        second.count('class="attention-item')
    )

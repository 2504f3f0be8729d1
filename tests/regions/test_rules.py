"""Every permission predicate with a positive and a negative case."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from regions import rules as r
from regions.models import OrganisationKind, RegionalTable, Role, Sectorkamer

pytestmark = pytest.mark.django_db


@pytest.fixture
def tgo(reference):
    return Sectorkamer.objects.get(code="01")


@pytest.fixture
def zws(reference):
    return Sectorkamer.objects.get(code="03")


@pytest.fixture
def other_table(reference):
    return RegionalTable.objects.create(name="Techniek Twente")


@pytest.mark.parametrize(
    "predicate, role",
    [
        (r.is_board_member, Role.BOARD_MEMBER),
        (r.is_arbitration_secretariat, Role.ARBITRATION_SECRETARIAT),
        (r.is_arbiter, Role.ARBITER),
    ],
)
def test_unscoped_role_predicates(make_user, predicate, role):
    assert predicate(make_user(role))
    other_role = Role.ARBITER if role != Role.ARBITER else Role.BOARD_MEMBER
    assert not predicate(make_user(other_role))
    assert not predicate(make_user())
    assert not predicate(AnonymousUser())


def test_is_sbb_staff(make_user):
    assert r.is_sbb_staff(make_user(is_staff=True))
    assert not r.is_sbb_staff(make_user(Role.BOARD_MEMBER))
    inactive = make_user(is_staff=True)
    inactive.is_active = False
    assert not r.is_sbb_staff(inactive)
    assert not r.is_sbb_staff(AnonymousUser())


def test_secretary_of_sectorkamer(make_user, tgo, zws):
    secretary = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=tgo)
    assert r.is_secretary_of_sectorkamer(secretary, tgo)
    assert r.is_any_secretary(secretary)
    assert not r.is_secretary_of_sectorkamer(secretary, zws)
    member = make_user(Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="education")
    assert not r.is_secretary_of_sectorkamer(member, tgo)
    assert not r.is_any_secretary(member)


def test_member_of_sectorkamer(make_user, tgo, zws):
    member = make_user(Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="business")
    assert r.is_member_of_sectorkamer(member, tgo)
    assert not r.is_member_of_sectorkamer(member, zws)
    secretary = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=tgo)
    assert not r.is_member_of_sectorkamer(secretary, tgo)


def test_coordinator_and_member_of_table(make_user, table, other_table):
    coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=table)
    member = make_user(Role.TABLE_MEMBER, regional_table=table)
    assert r.is_coordinator_of_table(coordinator, table)
    assert r.is_any_coordinator(coordinator)
    assert not r.is_coordinator_of_table(coordinator, other_table)
    assert not r.is_coordinator_of_table(member, table)
    assert not r.is_any_coordinator(member)
    assert r.is_member_of_table(member, table)
    assert not r.is_member_of_table(member, other_table)
    assert not r.is_member_of_table(coordinator, table)


def test_represents_organisation(make_user, make_org):
    school = make_org("Albeda College", OrganisationKind.MBO_INSTITUTION)
    other = make_org("Zadkine", OrganisationKind.MBO_INSTITUTION)
    representative = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=school)
    assert r.represents_organisation(representative, school)
    assert r.is_any_representative(representative)
    assert not r.represents_organisation(representative, other)
    # Working for an organisation is not representing it.
    employee = make_user(works_for=school)
    assert not r.represents_organisation(employee, school)
    assert not r.is_any_representative(employee)


def test_expired_and_future_assignments_grant_nothing(make_user, tgo):
    today = datetime.date(2026, 11, 23)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0), tick=False):
        expired = make_user(
            Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
            valid_from=datetime.date(2025, 1, 1), valid_until=today - datetime.timedelta(days=1),
        )  # fmt: skip
        future = make_user(
            Role.SECTORKAMER_SECRETARY, sectorkamer=tgo, valid_from=today + datetime.timedelta(1)
        )
        last_day = make_user(
            Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
            valid_from=datetime.date(2025, 1, 1), valid_until=today,
        )  # fmt: skip
        assert not r.is_secretary_of_sectorkamer(expired, tgo)
        assert not r.is_secretary_of_sectorkamer(future, tgo)
        assert r.is_secretary_of_sectorkamer(last_day, tgo)
        assert not expired.has_perm("regions.manage_table_members", None)


def test_validity_is_judged_on_the_amsterdam_date(make_user, tgo):
    # 23:30 UTC on 31 January is already 1 February in Amsterdam (UTC+1 in winter).
    user = make_user(
        Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
        valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2026, 1, 31),
    )  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 1, 31, 22, 59, tzinfo=datetime.UTC)):
        assert r.is_secretary_of_sectorkamer(user, tgo)
    user = type(user).objects.get(pk=user.pk)
    with time_machine.travel(datetime.datetime(2026, 1, 31, 23, 1, tzinfo=datetime.UTC)):
        assert not r.is_secretary_of_sectorkamer(user, tgo)


def test_inactive_users_hold_no_role(make_user):
    board = make_user(Role.BOARD_MEMBER)
    board.is_active = False
    assert not r.is_board_member(board)


@pytest.mark.parametrize(
    "perm, needs",
    [
        ("regions.add_organisation", "staff"),
        ("regions.change_organisation", "staff"),
        ("regions.add_regionaltable", "staff"),
        ("regions.change_regionaltable", "staff"),
        ("regions.add_roleassignment", "staff"),
        ("regions.view_roleassignment", "staff"),
        ("regions.view_organisation", "user"),
        ("regions.view_regionaltable", "user"),
        ("regions.view_arbeidsmarktregio", "user"),
        ("regions.view_sectorkamer", "user"),
    ],
)
def test_registered_permissions(make_user, perm, needs):
    staff = make_user(is_staff=True)
    board = make_user(Role.BOARD_MEMBER)
    assert staff.has_perm(perm)
    assert board.has_perm(perm) is (needs == "user")
    assert not AnonymousUser().has_perm(perm)


def test_manage_table_members_permission(make_user, table, other_table):
    coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=table)
    assert coordinator.has_perm("regions.manage_table_members", table)
    assert not coordinator.has_perm("regions.manage_table_members", other_table)
    assert make_user(is_staff=True).has_perm("regions.manage_table_members", other_table)
    assert not make_user(Role.TABLE_MEMBER, regional_table=table).has_perm(
        "regions.manage_table_members", table
    )

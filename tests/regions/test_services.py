import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from regions import services
from regions.models import (
    Arbeidsmarktregio,
    Organisation,
    OrganisationKind,
    Role,
    RoleAssignment,
    Sectorkamer,
    TableMembership,
)
from regions.selectors import active_roles

pytestmark = pytest.mark.django_db


def test_reference_data_counts_and_codes(reference):
    assert Arbeidsmarktregio.objects.count() == 35
    assert Sectorkamer.objects.count() == 8
    codes = set(Arbeidsmarktregio.objects.values_list("code", flat=True))
    # CBS codes have gaps: never assume AM01..AM35.
    assert {"AM04", "AM16", "AM31"}.isdisjoint(codes)
    assert Arbeidsmarktregio.objects.get(code="AM22").name == "Rijnmond"
    assert Sectorkamer.objects.get(code="03").abbreviation == "ZWS"


def test_loading_reference_data_twice_changes_nothing(reference):
    before = list(Arbeidsmarktregio.objects.values_list("pk", "code", "name"))
    report = services.load_reference_data()
    assert report["arbeidsmarktregios"] == {"created": 0, "updated": 0, "unchanged": 35}
    assert report["sectorkamers"] == {"created": 0, "updated": 0, "unchanged": 8}
    assert list(Arbeidsmarktregio.objects.values_list("pk", "code", "name")) == before


def test_loading_reference_data_repairs_a_changed_name(reference):
    Arbeidsmarktregio.objects.filter(code="AM22").update(name="Wrong")
    report = services.load_reference_data()
    assert report["arbeidsmarktregios"]["updated"] == 1
    assert Arbeidsmarktregio.objects.get(code="AM22").name == "Rijnmond"


def test_staff_creates_an_mbo_institution(staff):
    rijnmond = Arbeidsmarktregio.objects.get(code="AM22")
    org = services.create_organisation(
        actor=staff,
        name="Albeda College",
        kind=OrganisationKind.MBO_INSTITUTION,
        institution_code=" 00gt ",
        regions=[rijnmond],
    )
    assert org.institution_code == "00GT"
    assert list(org.regions.all()) == [rijnmond]


@pytest.mark.parametrize("code", ["00G", "00GTX", "ABCD", "0-GT", ""])
def test_an_mbo_institution_needs_a_4_character_code(staff, code):
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            actor=staff, name="Albeda College", kind=OrganisationKind.MBO_INSTITUTION,
            institution_code=code,
        )  # fmt: skip
    assert "institution_code" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_only_an_mbo_institution_has_an_institution_code(staff):
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            actor=staff, name="FNV", kind=OrganisationKind.UNION, institution_code="00GT"
        )
    assert "institution_code" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_institution_codes_are_unique(staff, make_org):
    make_org("Albeda College", OrganisationKind.MBO_INSTITUTION, "00GT")
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            actor=staff,
            name="Other",
            kind=OrganisationKind.MBO_INSTITUTION,
            institution_code="00GT",
        )
    assert "institution_code" in error.value.message_dict


def test_database_rejects_a_code_on_a_non_institution(reference):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="FNV", kind=OrganisationKind.UNION, institution_code="00GT"
        )


def test_only_staff_create_or_change_organisations(make_user, make_org):
    secretary = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=Sectorkamer.objects.first())
    with pytest.raises(PermissionDenied):
        services.create_organisation(actor=secretary, name="X", kind=OrganisationKind.OTHER)
    org = make_org("Y")
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=secretary, organisation=org, name="Z")
    assert Organisation.objects.get(pk=org.pk).name == "Y"


def test_a_failed_update_writes_nothing(staff, make_org):
    org = make_org("Techniek Nederland", OrganisationKind.BRANCH)
    rijnmond = Arbeidsmarktregio.objects.get(code="AM22")
    with pytest.raises(ValidationError):
        services.update_organisation(
            actor=staff,
            organisation=org,
            name="New name",
            institution_code="00GT",
            regions=[rijnmond],
        )
    org.refresh_from_db()
    assert org.name == "Techniek Nederland"
    assert not org.regions.exists()


# --- roles ------------------------------------------------------------------------------


@pytest.fixture
def tgo(reference):
    return Sectorkamer.objects.get(code="01")


def test_assign_a_secretary(staff, make_user, tgo):
    user = make_user()
    assignment = services.assign_role(
        actor=staff, user=user, role=Role.SECTORKAMER_SECRETARY, sectorkamer=tgo
    )
    assert assignment.pk
    assert tgo.pk in active_roles(user).secretary_of


@pytest.mark.parametrize(
    "role, scope, field",
    [
        (Role.SECTORKAMER_SECRETARY, {}, "sectorkamer"),
        (Role.SECTORKAMER_MEMBER, {"sectorkamer": "tgo"}, "side"),
        (Role.TABLE_COORDINATOR, {}, "regional_table"),
        (Role.ORGANISATION_REPRESENTATIVE, {}, "organisation"),
        (Role.BOARD_MEMBER, {"sectorkamer": "tgo"}, "sectorkamer"),
        (Role.TABLE_COORDINATOR, {"regional_table": "table", "sectorkamer": "tgo"}, "sectorkamer"),
        (Role.ARBITER, {"side": "education"}, "side"),
    ],
)
def test_a_role_scope_must_fit_the_role(staff, make_user, tgo, table, role, scope, field):
    values = {"tgo": tgo, "table": table, "education": "education"}
    kwargs = {key: values[value] for key, value in scope.items()}
    with pytest.raises(ValidationError) as error:
        services.assign_role(actor=staff, user=make_user(), role=role, **kwargs)
    assert field in error.value.message_dict
    assert not RoleAssignment.objects.exists()


def test_the_database_backs_the_scope_rule(make_user):
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.SECTORKAMER_SECRETARY)


def test_overlapping_validity_is_rejected(staff, make_user, tgo):
    user = make_user()
    services.assign_role(
        actor=staff, user=user, role=Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
        valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2026, 6, 30),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.assign_role(
            actor=staff, user=user, role=Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
            valid_from=datetime.date(2026, 6, 30),
        )  # fmt: skip
    assert "valid_from" in error.value.message_dict
    # The day after the first period ends is fine, and so is another sectorkamer.
    services.assign_role(
        actor=staff, user=user, role=Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
        valid_from=datetime.date(2026, 7, 1),
    )  # fmt: skip
    services.assign_role(
        actor=staff, user=user, role=Role.SECTORKAMER_SECRETARY,
        sectorkamer=Sectorkamer.objects.get(code="02"), valid_from=datetime.date(2026, 1, 1),
    )  # fmt: skip
    assert RoleAssignment.objects.filter(user=user).count() == 3


def test_open_ended_assignment_overlaps_any_later_one(staff, make_user, tgo):
    user = make_user()
    services.assign_role(
        actor=staff, user=user, role=Role.BOARD_MEMBER, valid_from=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.assign_role(
            actor=staff, user=user, role=Role.BOARD_MEMBER, valid_from=datetime.date(2030, 1, 1)
        )


def test_end_before_start_is_rejected(staff, make_user):
    with pytest.raises(ValidationError) as error:
        services.assign_role(
            actor=staff, user=make_user(), role=Role.ARBITER,
            valid_from=datetime.date(2026, 5, 1), valid_until=datetime.date(2026, 4, 30),
        )  # fmt: skip
    assert "valid_until" in error.value.message_dict


def test_only_staff_assign_roles(make_user):
    board = make_user(Role.BOARD_MEMBER)
    with pytest.raises(PermissionDenied):
        services.assign_role(actor=board, user=make_user(), role=Role.ARBITER)


def test_end_role_takes_effect_the_next_day(staff, make_user):
    user = make_user(Role.ARBITER)
    assignment = user.role_assignments.get()
    services.end_role(
        actor=staff, assignment=assignment, last_day=datetime.date.today() - datetime.timedelta(1)
    )
    user.refresh_from_db()
    assert not active_roles(user).has(Role.ARBITER)


# --- regional tables --------------------------------------------------------------------


def test_create_a_table_with_coordinator_and_members(staff, make_user, make_org):
    coordinator = make_user()
    school = make_org("Albeda College", OrganisationKind.MBO_INSTITUTION)
    table = services.create_regional_table(
        actor=staff,
        name="Rotterdamse Zorg",
        regions=[Arbeidsmarktregio.objects.get(code="AM22")],
        sectorkamer=Sectorkamer.objects.get(code="03"),
        coordinator=coordinator,
        members=[school],
    )
    assert list(table.members.all()) == [school]
    assert table.pk in active_roles(coordinator).coordinator_of


def test_a_table_needs_a_region(staff):
    with pytest.raises(ValidationError) as error:
        services.create_regional_table(actor=staff, name="Nowhere", regions=[])
    assert "regions" in error.value.message_dict


def test_changing_the_coordinator_ends_the_previous_one(staff, make_user, table):
    first, second = make_user(), make_user()
    services.update_regional_table(actor=staff, table=table, coordinator=first)
    services.update_regional_table(actor=staff, table=table, coordinator=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert table.pk not in active_roles(first).coordinator_of
    assert table.pk in active_roles(second).coordinator_of
    # Setting the same coordinator again changes nothing.
    services.update_regional_table(actor=staff, table=table, coordinator=second)
    assert RoleAssignment.objects.filter(role=Role.TABLE_COORDINATOR, user=second).count() == 1


def test_the_coordinator_manages_the_tables_members(make_user, make_org, table, reference):
    coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=table)
    school = make_org(kind=OrganisationKind.MBO_INSTITUTION)
    services.add_table_member(actor=coordinator, table=table, organisation=school)
    with pytest.raises(ValidationError):
        services.add_table_member(actor=coordinator, table=table, organisation=school)
    services.remove_table_member(actor=coordinator, table=table, organisation=school)
    assert not TableMembership.objects.exists()
    with pytest.raises(ValidationError):
        services.remove_table_member(actor=coordinator, table=table, organisation=school)


def test_others_may_not_manage_a_tables_members(make_user, make_org, table, staff):
    other_table = services.create_regional_table(
        actor=staff, name="Techniek Twente", regions=[Arbeidsmarktregio.objects.get(code="AM05")]
    )
    other_coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=other_table)
    member = make_user(Role.TABLE_MEMBER, regional_table=table)
    school = make_org()
    for actor in (other_coordinator, member):
        with pytest.raises(PermissionDenied):
            services.add_table_member(actor=actor, table=table, organisation=school)
    assert not TableMembership.objects.exists()

import pytest
from django.urls import reverse

from regions.models import Arbeidsmarktregio, Organisation, OrganisationKind, Role, TableMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(is_staff=True))
    return client


@pytest.fixture
def board_client(client, make_user):
    client.force_login(make_user(Role.BOARD_MEMBER))
    return client


def test_pages_need_login(client, reference):
    for name in ("regions:organisation_list", "regions:table_list", "regions:region_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_region_list_shows_all_35(board_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = board_client.get(reverse("regions:region_list"))
    assert response.status_code == 200
    assert response.content.decode().count("<td>AM") == 35


def _page_queries(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_organisation_list_query_count_is_constant(
    board_client,
    make_org,
    django_assert_num_queries,
):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    region = Arbeidsmarktregio.objects.get(code="AM22")
    for _ in range(2):
        make_org().regions.add(region)
    url = reverse("regions:organisation_list")
    # user, roles (navigation), count, page, regions prefetch
    _page_queries(board_client, url, django_assert_num_queries, 7)
    for _ in range(30):
        make_org().regions.add(region)
    response = _page_queries(board_client, url, django_assert_num_queries, 7)
    assert response.content.decode().count("Rijnmond") == 32


def test_organisation_list_filters(board_client, make_org):
    make_org("Albeda College", OrganisationKind.MBO_INSTITUTION, "00GT")
    make_org("FNV", OrganisationKind.UNION)
    page = board_client.get(reverse("regions:organisation_list"), {"kind": "union"})
    assert "FNV" in page.content.decode() and "Albeda" not in page.content.decode()


def test_table_pages_query_count_is_constant(
    board_client,
    make_org,
    make_user,
    table,
    django_assert_num_queries,
):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    make_user(Role.TABLE_COORDINATOR, regional_table=table)
    for _ in range(2):
        TableMembership.objects.create(table=table, organisation=make_org())
    list_url, detail_url = (
        reverse("regions:table_list"),
        reverse("regions:table_detail", args=[table.pk]),
    )
    # user, roles, tables, regions, memberships, coordinators
    _page_queries(board_client, list_url, django_assert_num_queries, 8)
    _page_queries(board_client, detail_url, django_assert_num_queries, 8)
    for _ in range(15):
        TableMembership.objects.create(table=table, organisation=make_org())
    _page_queries(board_client, list_url, django_assert_num_queries, 8)
    response = _page_queries(board_client, detail_url, django_assert_num_queries, 8)
    assert response.content.decode().count("/organisaties/") >= 17


def test_staff_creates_an_organisation_through_the_form(staff_client):
    response = staff_client.post(
        reverse("regions:organisation_create"),
        {"name": "Albeda College", "kind": "mbo_institution", "institution_code": "00gt",
         "regions": [Arbeidsmarktregio.objects.get(code="AM22").pk]},
    )  # fmt: skip
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("regions:organisation_detail", args=[organisation.pk])
    assert organisation.institution_code == "00GT"


def test_a_wrong_institution_code_is_a_dutch_field_error(staff_client):
    response = staff_client.post(
        reverse("regions:organisation_create"),
        {"name": "Albeda College", "kind": "mbo_institution", "institution_code": "00G"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["institution_code"]
    assert "precies 4 tekens" in errors["institution_code"][0]
    assert 'id="id_institution_code_error"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_non_staff_may_not_open_the_organisation_form(board_client, make_org):
    org = make_org()
    assert board_client.get(reverse("regions:organisation_create")).status_code == 403
    assert (
        board_client.post(
            reverse("regions:organisation_edit", args=[org.pk]), {"name": "X"}
        ).status_code
        == 403
    )
    assert board_client.get(reverse("regions:table_create")).status_code == 403


def test_edit_links_only_for_those_who_may(client, make_user, make_org):
    org = make_org()
    url = reverse("regions:organisation_detail", args=[org.pk])
    edit = reverse("regions:organisation_edit", args=[org.pk])
    client.force_login(make_user(Role.BOARD_MEMBER))
    assert edit not in client.get(url).content.decode()
    client.force_login(make_user(is_staff=True))
    assert edit in client.get(url).content.decode()


def test_coordinator_adds_and_removes_members_on_the_page(client, make_user, make_org, table):
    client.force_login(make_user(Role.TABLE_COORDINATOR, regional_table=table))
    school = make_org("Albeda College", OrganisationKind.MBO_INSTITUTION)
    detail = reverse("regions:table_detail", args=[table.pk])
    assert "Lid toevoegen" in client.get(detail).content.decode()
    client.post(reverse("regions:table_member_add", args=[table.pk]), {"organisation": school.pk})
    assert list(table.members.all()) == [school]
    client.post(reverse("regions:table_member_remove", args=[table.pk, school.pk]))
    assert not table.members.exists()


def test_member_cannot_manage_members_on_the_page(client, make_user, make_org, table):
    client.force_login(make_user(Role.TABLE_MEMBER, regional_table=table))
    school = make_org()
    assert (
        "Lid toevoegen"
        not in client.get(reverse("regions:table_detail", args=[table.pk])).content.decode()
    )
    response = client.post(
        reverse("regions:table_member_add", args=[table.pk]), {"organisation": school.pk}
    )
    assert response.status_code == 403
    assert not table.members.exists()


def test_staff_creates_a_table_with_field_errors_first(staff_client, make_user):
    url = reverse("regions:table_create")
    response = staff_client.post(url, {"name": "Rotterdamse Zorg"})
    assert "regions" in response.context["form"].errors
    coordinator = make_user()
    response = staff_client.post(
        url,
        {"name": "Rotterdamse Zorg", "regions": [Arbeidsmarktregio.objects.get(code="AM22").pk],
         "coordinator": coordinator.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert coordinator.role_assignments.get().role == Role.TABLE_COORDINATOR

import datetime
import re

import pytest
from rest_framework.authtoken.models import Token

from regions.models import Organisation, OrganisationKind, RegionalTable, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_api(api, make_user):
    api.force_authenticate(make_user(is_staff=True))
    return api


@pytest.fixture
def board_api(api, make_user):
    api.force_authenticate(make_user(Role.BOARD_MEMBER))
    return api


def test_anonymous_gets_401_in_the_error_shape(api, reference):
    response = api.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Token")


def test_token_authentication(api, make_user):
    user = make_user(Role.BOARD_MEMBER)
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").json()["roles"][0]["role"] == "board_member"
    api.credentials(HTTP_AUTHORIZATION="Token not-a-valid-token")
    assert api.get("/api/v1/me/").status_code == 401


def test_obtain_a_token_with_username_and_password(api, make_user):
    make_user(username="bestuur")
    response = api.post("/api/v1/auth/token/", {"username": "bestuur", "password": "pw"})
    assert response.status_code == 200
    assert Token.objects.get(user__username="bestuur").key == response.json()["token"]
    bad = api.post("/api/v1/auth/token/", {"username": "bestuur", "password": "wrong"})
    assert bad.status_code == 400
    assert "non_field_errors" in bad.json()["errors"]


def test_a_token_is_revoked_at_once_and_a_new_one_can_be_obtained(api, make_user):
    user = make_user(username="bestuur")
    key = api.post("/api/v1/auth/token/", {"username": "bestuur", "password": "pw"}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 200
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert api.get("/api/v1/me/").status_code == 401  # the revoked token no longer works
    api.credentials()
    new = api.post("/api/v1/auth/token/", {"username": "bestuur", "password": "pw"}).json()
    assert new["token"] != key


def test_revoking_a_token_needs_one(api, make_user):
    assert api.delete("/api/v1/auth/token/").status_code == 401
    make_user(username="bestuur")
    api.credentials(HTTP_AUTHORIZATION="Token not-a-valid-token")
    assert api.delete("/api/v1/auth/token/").status_code == 401


def test_a_deactivated_user_can_not_use_the_token(api, make_user):
    user = make_user(username="bestuur")
    key = api.post("/api/v1/auth/token/", {"username": "bestuur", "password": "pw"}).json()["token"]
    User.objects.filter(pk=user.pk).update(is_active=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_reference_endpoints(board_api):
    regions = board_api.get("/api/v1/arbeidsmarktregios/", {"page_size": 100}).json()
    assert regions["count"] == 35
    assert board_api.get("/api/v1/arbeidsmarktregios/AM22/").json()["name"] == "Rijnmond"
    assert board_api.get("/api/v1/sectorkamers/").json()["count"] == 8
    assert board_api.get("/api/v1/sectorkamers/03/").json()["abbreviation"] == "ZWS"


def test_unknown_object_gives_404_in_the_error_shape(board_api):
    for url in ("/api/v1/arbeidsmarktregios/AM04/", "/api/v1/organisations/999/"):
        response = board_api.get(url)
        assert response.status_code == 404
        body = response.json()
        assert body["status"] == 404 and body["code"] == "not_found" and body["detail"]


def test_staff_create_an_organisation(staff_api):
    response = staff_api.post(
        "/api/v1/organisations/",
        {"name": "Albeda College", "kind": "mbo_institution", "institution_code": "00GT",
         "city": "Rotterdam", "regions": ["AM22"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["regions"] == ["AM22"]
    assert Organisation.objects.get().institution_code == "00GT"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"institution_code": "00G"}, "institution_code"),
        ({"institution_code": "00GTX"}, "institution_code"),
        ({"institution_code": ""}, "institution_code"),
        ({"regions": ["AM04"]}, "regions"),
        ({"kind": "school"}, "kind"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_organisation_gives_400_with_field_errors(staff_api, payload, field):
    data = {"name": "Albeda College", "kind": "mbo_institution", "institution_code": "00GT"}
    data.update(payload)
    response = staff_api.post("/api/v1/organisations/", data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert isinstance(body["errors"][field][0], str)
    assert not Organisation.objects.exists()


def test_unknown_region_message_names_the_code(staff_api):
    response = staff_api.post(
        "/api/v1/organisations/",
        {"name": "X", "kind": "employer", "regions": ["AM99"]},
        format="json",
    )
    assert "AM99" in response.json()["errors"]["regions"][0]


def test_non_staff_gets_403_for_writes(board_api, make_org):
    org = make_org("Techniek Nederland", OrganisationKind.BRANCH)
    response = board_api.post(
        "/api/v1/organisations/", {"name": "X", "kind": "employer"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert board_api.patch(f"/api/v1/organisations/{org.pk}/", {"name": "Y"}).status_code == 403
    assert board_api.post("/api/v1/regional-tables/", {"name": "T"}).status_code == 403
    assert Organisation.objects.get().name == "Techniek Nederland"


def test_staff_update_an_organisation(staff_api, make_org):
    org = make_org("Techniek NL", OrganisationKind.BRANCH)
    response = staff_api.patch(
        f"/api/v1/organisations/{org.pk}/",
        {"name": "Techniek Nederland", "regions": ["AM22", "AM05"]},
        format="json",
    )
    assert response.status_code == 200
    assert sorted(response.json()["regions"]) == ["AM05", "AM22"]


def test_organisation_filters(board_api, make_org, reference):
    from regions.models import Arbeidsmarktregio

    albeda = make_org("Albeda College", OrganisationKind.MBO_INSTITUTION, "00GT")
    albeda.regions.add(Arbeidsmarktregio.objects.get(code="AM22"))
    make_org("FNV", OrganisationKind.UNION)
    names = lambda r: [o["name"] for o in r.json()["results"]]  # noqa: E731
    assert names(board_api.get("/api/v1/organisations/", {"kind": "union"})) == ["FNV"]
    assert names(board_api.get("/api/v1/organisations/", {"region": "AM22"})) == ["Albeda College"]
    assert names(board_api.get("/api/v1/organisations/", {"q": "00gt"})) == ["Albeda College"]


def test_organisation_list_query_count_does_not_grow(
    board_api, make_org, django_assert_num_queries, reference
):
    from regions.models import Arbeidsmarktregio

    region = Arbeidsmarktregio.objects.get(code="AM22")
    for _ in range(3):
        make_org().regions.add(region)
    # session-less auth: count, page, prefetch regions (+ the user's roles: none needed)
    with django_assert_num_queries(3):
        assert board_api.get("/api/v1/organisations/").status_code == 200
    for _ in range(20):
        make_org().regions.add(region)
    with django_assert_num_queries(3):
        assert len(board_api.get("/api/v1/organisations/").json()["results"]) == 23


def test_regional_table_list_query_count_does_not_grow(
    staff_api, make_org, make_user, django_assert_num_queries, reference
):
    from regions import services
    from regions.models import Arbeidsmarktregio, User

    staff = User.objects.get(is_staff=True)
    region = Arbeidsmarktregio.objects.get(code="AM22")

    def add_tables(n, offset):
        for i in range(n):
            services.create_regional_table(
                actor=staff, name=f"Table {offset + i}", regions=[region],
                members=[make_org(), make_org()], coordinator=make_user(),
            )  # fmt: skip

    add_tables(2, 0)
    with django_assert_num_queries(5):
        staff_api.get("/api/v1/regional-tables/")
    add_tables(10, 100)
    with django_assert_num_queries(5):
        results = staff_api.get("/api/v1/regional-tables/").json()["results"]
    assert len(results) == 12
    assert len(results[0]["members"]) == 2 and len(results[0]["coordinators"]) == 1


def test_staff_create_a_table_with_a_coordinator(staff_api, make_user):
    coordinator = make_user()
    response = staff_api.post(
        "/api/v1/regional-tables/",
        {"name": "Rotterdamse Zorg", "regions": ["AM22"], "sectorkamer": "03",
         "coordinator": coordinator.pk},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["coordinators"][0]["id"] == coordinator.pk
    assert response.json()["sectorkamer"] == "03"


def test_a_table_without_regions_is_a_400(staff_api):
    response = staff_api.post(
        "/api/v1/regional-tables/", {"name": "Nowhere", "regions": []}, format="json"
    )
    assert response.status_code == 400
    assert "regions" in response.json()["errors"]
    assert not RegionalTable.objects.exists()


def test_the_coordinator_manages_membership(api, make_user, make_org, table):
    coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=table)
    school = make_org("Albeda College", OrganisationKind.MBO_INSTITUTION)
    api.force_authenticate(coordinator)
    url = f"/api/v1/regional-tables/{table.pk}/members/"
    response = api.post(url, {"organisation": school.pk}, format="json")
    assert response.status_code == 201
    assert [m["name"] for m in response.json()["members"]] == ["Albeda College"]
    duplicate = api.post(url, {"organisation": school.pk}, format="json")
    assert duplicate.status_code == 400 and "organisation" in duplicate.json()["errors"]
    assert api.post(url, {"organisation": 9999}, format="json").status_code == 400
    assert api.delete(f"{url}{school.pk}/").status_code == 204
    assert not table.members.exists()
    assert api.delete(f"{url}{school.pk}/").status_code == 400
    # The coordinator may not rename the table.
    assert api.patch(f"/api/v1/regional-tables/{table.pk}/", {"name": "X"}).status_code == 403


def test_others_may_not_manage_membership(api, make_user, make_org, table):
    school = make_org()
    for user in (make_user(Role.TABLE_MEMBER, regional_table=table), make_user(Role.BOARD_MEMBER)):
        api.force_authenticate(user)
        url = f"/api/v1/regional-tables/{table.pk}/members/"
        assert api.post(url, {"organisation": school.pk}, format="json").status_code == 403
    assert (
        api.post("/api/v1/regional-tables/999/members/", {"organisation": school.pk}).status_code
        == 404
    )
    assert not table.members.exists()


def test_role_assignment_api(staff_api, make_user, reference):
    user = make_user()
    response = staff_api.post(
        "/api/v1/role-assignments/",
        {"user": user.pk, "role": "sectorkamer_member", "sectorkamer": "01", "side": "business",
         "valid_from": "2026-01-01"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    ended = staff_api.post(
        f"/api/v1/role-assignments/{response.json()['id']}/end/",
        {"valid_until": "2026-12-31"},
        format="json",
    )
    assert ended.status_code == 200 and ended.json()["valid_until"] == "2026-12-31"
    before_start = staff_api.post(
        f"/api/v1/role-assignments/{response.json()['id']}/end/",
        {"valid_until": "2025-12-31"},
        format="json",
    )
    assert before_start.status_code == 400 and "valid_until" in before_start.json()["errors"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"role": "sectorkamer_secretary"}, "sectorkamer"),
        ({"role": "sectorkamer_member", "sectorkamer": "01"}, "side"),
        ({"role": "table_coordinator"}, "regional_table"),
        (
            {"role": "arbiter", "valid_from": "2026-02-01", "valid_until": "2026-01-01"},
            "valid_until",
        ),
        ({"role": "arbiter", "sectorkamer": "99"}, "sectorkamer"),
    ],
)
def test_bad_role_assignment_is_a_400(staff_api, make_user, payload, field):
    response = staff_api.post(
        "/api/v1/role-assignments/", {"user": make_user().pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not RoleAssignment.objects.exists()


def test_overlapping_role_assignment_is_a_400(staff_api, make_user):
    user = make_user(Role.ARBITER)
    response = staff_api.post(
        "/api/v1/role-assignments/",
        {"user": user.pk, "role": "arbiter", "valid_from": str(datetime.date.today())},
        format="json",
    )
    assert response.status_code == 400
    assert "valid_from" in response.json()["errors"]
    assert RoleAssignment.objects.count() == 1


def test_role_assignments_are_for_staff_only(board_api, make_user):
    assignment = make_user(Role.ARBITER).role_assignments.get()
    assert board_api.get("/api/v1/role-assignments/").status_code == 403
    assert board_api.get(f"/api/v1/role-assignments/{assignment.pk}/").status_code == 403
    assert (
        board_api.post(
            "/api/v1/role-assignments/", {"user": assignment.user_id, "role": "board_member"}
        ).status_code
        == 403
    )


def test_me_lists_only_todays_roles(api, make_user, reference):
    user = make_user(Role.BOARD_MEMBER)
    RoleAssignment.objects.create(
        user=user, role=Role.ARBITER, valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2019, 12, 31),
    )  # fmt: skip
    api.force_authenticate(user)
    assert [r["role"] for r in api.get("/api/v1/me/").json()["roles"]] == ["board_member"]


def test_schema_and_docs_are_served_offline(board_api):
    schema = board_api.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/organisations/",
        "/api/v1/regional-tables/{id}/members/",
        "/api/v1/arbeidsmarktregios/{code}/",
        "/api/v1/role-assignments/",
    ):
        assert path in paths
    docs = board_api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert not re.search(r'(src|href)="https?://', html)  # nothing from a CDN

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from arbitration import services
from arbitration.models import Dossier
from regions.models import OrganisationKind, Role

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_file_and_admit_through_the_api(school_rep, school, branch, active, clerk, covered):
    client = client_for(school_rep)
    created = client.post(
        "/api/v1/arbitration/dossiers/",
        {
            "claimants": [school.pk],
            "respondents": [branch.pk],
            "kind": "performance",
            "claim": "Niet nagekomen",
            "agreements": [active.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/arbitration/dossiers/{created.json()['id']}/"
    filed = client.post(url + "file/")
    assert filed.json()["state"] == "filed" and filed.json()["reference"].startswith("ARB-")
    assert client.post(url + "admit/", {"comment": "Ok"}).status_code == 403
    conflict = client_for(clerk).post(url + "propose-panel/", {"arbiters": []}, format="json")
    assert conflict.status_code == 409 and conflict.json()["current_state"] == "filed"
    admitted = client_for(clerk).post(url + "admit/", {"comment": "Ontvankelijk"})
    assert admitted.json()["state"] == "admitted"


def test_a_respondent_who_is_claimant_is_400(school_rep, school, active):
    response = client_for(school_rep).post(
        "/api/v1/arbitration/dossiers/",
        {"claimants": [school.pk], "respondents": [school.pk], "kind": "content", "claim": "X"},
        format="json",
    )
    assert response.status_code == 400 and "respondents" in response.json()["errors"]
    assert not Dossier.objects.exists()


def test_upload_and_download_through_the_api(filed, school_rep, branch_rep):
    client = client_for(school_rep)
    response = client.post(
        "/api/v1/arbitration/documents/",
        {"dossier": filed.pk, "title": "Conclusie", "visibility": "all", "file": pdf()},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    download = client.get(response.json()["download"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    fake = client.post(
        "/api/v1/arbitration/documents/",
        {
            "dossier": filed.pk,
            "title": "Nep",
            "visibility": "all",
            "file": pdf("nep.pdf", b"not a pdf"),
        },
        format="multipart",
    )
    assert fake.status_code == 400 and "file" in fake.json()["errors"]


@pytest.fixture
def outsiders(make_user, make_org, active, table, tgo, coordinator, secretary):
    """Everyone who is not on the dossier, in every role the system has."""
    other_school = make_org("Zadkine", OrganisationKind.MBO_INSTITUTION, "01NK")
    from arbitration.models import ArbiterProfile

    other_arbiter = make_user(Role.ARBITER, username="buitenarbiter")
    ArbiterProfile.objects.create(user=other_arbiter)
    return {
        "board": make_user(Role.BOARD_MEMBER),
        "secretary": secretary,
        "member": make_user(Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="education"),
        "coordinator": coordinator,
        "table member": make_user(Role.TABLE_MEMBER, regional_table=table),
        "other school": make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=other_school),
        "other arbiter": other_arbiter,
        "staff": make_user(is_staff=True),
    }


@pytest.fixture
def full_dossier(admitted, clerk, arbiters, school_rep):
    services.propose_panel(actor=clerk, dossier=admitted, arbiters=[arbiters[0]])
    document = services.upload_document(
        actor=school_rep, dossier=admitted, title="Eis", visibility="all", uploaded_file=pdf()
    )
    return admitted, document


def test_every_outsider_gets_404_everywhere(full_dossier, outsiders, client):
    dossier, document = full_dossier
    api_paths = [
        f"/api/v1/arbitration/dossiers/{dossier.pk}/",
        f"/api/v1/arbitration/documents/{document.pk}/",
        f"/api/v1/arbitration/documents/{document.pk}/download/",
    ]
    posts = [
        f"/api/v1/arbitration/dossiers/{dossier.pk}/withdraw/",
        f"/api/v1/arbitration/dossiers/{dossier.pk}/constitute/",
    ]
    pages = [
        reverse("arbitration:dossier_detail", args=[dossier.pk]),
        reverse("arbitration:document_download", args=[document.pk]),
    ]
    for role, user in outsiders.items():
        api = client_for(user)
        for path in api_paths:
            assert api.get(path).status_code == 404, (role, path)
        for path in posts:
            assert api.post(path).status_code == 404, (role, path)
        listed = api.get("/api/v1/arbitration/dossiers/").json()
        assert listed["count"] == 0, role
        assert api.get("/api/v1/arbitration/documents/").json()["count"] == 0, role
        client.force_login(user)
        for path in pages:
            assert client.get(path).status_code == 404, (role, path)
        admin = client.get(reverse("admin:arbitration_dossier_change", args=[dossier.pk]))
        assert admin.status_code in (302, 403, 404), (role, "admin")


def test_participants_see_what_they_should(full_dossier, school_rep, branch_rep, arbiters, clerk):
    dossier, document = full_dossier
    secret = services.upload_document(
        actor=clerk, dossier=dossier, title="Intern", visibility="secretariat", uploaded_file=pdf()
    )
    panel_only = services.upload_document(
        actor=clerk, dossier=dossier, title="Voor panel", visibility="panel", uploaded_file=pdf()
    )
    expected = {
        school_rep: {document.pk},
        branch_rep: {document.pk},
        arbiters[0].user: {document.pk, panel_only.pk},
        clerk: {document.pk, panel_only.pk, secret.pk},
    }
    for user, ids in expected.items():
        api = client_for(user)
        assert api.get(f"/api/v1/arbitration/dossiers/{dossier.pk}/").status_code == 200
        listed = {d["id"] for d in api.get("/api/v1/arbitration/documents/").json()["results"]}
        assert listed == ids, user
        for doc in (secret, panel_only):
            status = api.get(f"/api/v1/arbitration/documents/{doc.pk}/download/").status_code
            assert status == (200 if doc.pk in ids else 404), (user, doc.title)


def test_board_sees_statistics_not_contents(full_dossier, make_user, school_rep):
    dossier, _document = full_dossier
    board = client_for(make_user(Role.BOARD_MEMBER))
    stats = board.get("/api/v1/arbitration/statistics/").json()
    assert stats["counts"]["panel_proposed"] == 1 and stats["total"] == 1
    assert board.get(f"/api/v1/arbitration/dossiers/{dossier.pk}/").status_code == 404
    assert client_for(school_rep).get("/api/v1/arbitration/statistics/").status_code == 403


def test_list_query_counts(
    school_rep,
    school,
    branch,
    active,
    clerk,
    covered,
    django_assert_num_queries,
):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    def make(n):
        for i in range(n):
            d = services.create_dossier(
                actor=school_rep,
                claimants=[school],
                respondents=[branch],
                kind="content",
                claim=f"C{i}",
                agreements=[active],
            )
            services.file_dossier(actor=school_rep, dossier=d)

    api = APIClient()
    api.force_login(clerk)
    make(1)
    # user, roles, count, dossiers (+ award), parties, panel, deadlines, agreements,
    # and the one access-log entry for the list: no documents, challenges or panel notes
    with django_assert_num_queries(10) as first:
        api.get("/api/v1/arbitration/dossiers/")
    make(6)
    with django_assert_num_queries(len(first.captured_queries)):
        assert api.get("/api/v1/arbitration/dossiers/").json()["count"] == 7


def test_list_query_counts_do_not_grow_with_panels_being_formed(
    proposed_panel, clerk, school_rep, school, branch, active, arbiters, django_assert_num_queries
):
    """A proposed panel's allowed transitions depend on its challenge period and pending
    challenges: the list annotates both, so a page of such dossiers asks no query per row."""
    api = APIClient()
    api.force_login(clerk)
    with django_assert_num_queries(10) as first:
        rows = api.get("/api/v1/arbitration/dossiers/").json()["results"]
    assert [row["state"] for row in rows] == ["panel_proposed"]
    for i in range(3):
        d = services.create_dossier(
            actor=school_rep, claimants=[school], respondents=[branch], kind="content",
            claim=f"C{i}", agreements=[active],
        )  # fmt: skip
        d = services.file_dossier(actor=school_rep, dossier=d)
        d = services.admit_dossier(actor=clerk, dossier=d, comment="Ontvankelijk")
        services.propose_panel(actor=clerk, dossier=d, arbiters=[arbiters[0]])
    with django_assert_num_queries(len(first.captured_queries)):
        rows = api.get("/api/v1/arbitration/dossiers/").json()["results"]
    assert [row["state"] for row in rows] == ["panel_proposed"] * 4


def test_award_through_the_api(heard, arbiters, active):
    api = client_for(arbiters[0].user)
    url = f"/api/v1/arbitration/dossiers/{heard.pk}/issue-award/"
    bad = api.post(url, {"decision": "granted", "reasoning": "", "agreement_effect": "active"})
    assert bad.status_code == 400 and "reasoning" in bad.json()["errors"]
    ok = api.post(
        url, {"decision": "granted", "reasoning": "Gegrond", "agreement_effect": "active"}
    )
    assert ok.json()["state"] == "award_issued" and ok.json()["award"]["decision"] == "granted"

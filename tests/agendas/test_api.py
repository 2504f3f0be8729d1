import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from agendas import services
from agendas.models import AgendaRevision, Priority, RevisionState
from atlas.models import Qualification

from .conftest import PRIORITY

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(revision, action=""):
    return f"/api/v1/agenda-revisions/{revision.pk}/" + (f"{action}/" if action else "")


def test_the_lifecycle_through_the_api(agenda, secretary, board):
    sec, bestuur = client_for(secretary), client_for(board)
    response = sec.post(f"/api/v1/agendas/{agenda.pk}/start-revision/", {"year": 2026})
    assert response.status_code == 201, response.json()
    revision_id = response.json()["id"]
    assert response.json()["allowed_transitions"] == ["submit"]
    created = sec.post("/api/v1/priorities/", {"revision": revision_id, **PRIORITY}, format="json")
    assert created.status_code == 201, created.json()
    revision = AgendaRevision.objects.get(pk=revision_id)
    assert sec.post(url(revision, "submit"), {"comment": "Klaar"}).json()["state"] == "submitted"
    adopted = sec.post(
        url(revision, "adopt"),
        {"meeting_date": "2026-01-15", "education_side_agreed": True, "business_side_agreed": True},
        format="json",
    )
    assert adopted.status_code == 200 and adopted.json()["state"] == "adopted"
    assert adopted.json()["allowed_transitions"] == []  # the secretary may not ratify
    body = bestuur.get(url(revision)).json()
    assert body["allowed_transitions"] == ["ratify", "return"]
    ratified = bestuur.post(url(revision, "ratify"))
    assert ratified.json()["state"] == "ratified" and ratified.json()["ratified_at"]
    history = bestuur.get(url(revision, "history")).json()
    transitions = [e["action"] for e in history if e["kind"] == "transition"]
    assert transitions == ["ingediend", "vaststelling vastgelegd", "bekrachtigd"]
    assert history[0]["who"] and any(e["comment"] == "Klaar" for e in history)


def test_a_transition_from_the_wrong_state_is_409(draft, board, secretary):
    response = client_for(board).post(url(draft, "ratify"))
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == 409 and body["code"] == "invalid_state"
    assert body["current_state"] == "draft" and body["allowed_transitions"] == ["submit"]
    assert body["detail"]


def test_no_right_is_403_before_the_state_is_judged(draft, member):
    response = client_for(member).post(url(draft, "ratify"))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_draft_is_404_for_outsiders_and_visible_once_ratified(ratified, outsider, secretary):
    client = client_for(outsider)
    assert client.get(url(ratified)).status_code == 200
    draft = services.start_revision(actor=secretary, agenda=ratified.agenda, year=2027)
    for path in (url(draft), url(draft, "history"), url(draft, "submit")):
        response = client.get(path) if not path.endswith("submit/") else client.post(path)
        assert response.status_code == 404, path
    assert [r["id"] for r in client.get("/api/v1/agenda-revisions/").json()["results"]] == [
        ratified.pk
    ]
    priority = draft.priorities.get()
    assert client.get(f"/api/v1/priorities/{priority.pk}/").status_code == 404


def test_a_return_without_reason_is_400(adopted, board):
    response = client_for(board).post(url(adopted, "return"), {"comment": " "})
    assert response.status_code == 400 and "comment" in response.json()["errors"]
    response = client_for(board).post(url(adopted, "return"), {})
    assert response.status_code == 400 and "comment" in response.json()["errors"]
    assert AgendaRevision.objects.get().state == "adopted"


def test_adoption_without_both_sides_is_400(submitted, secretary):
    response = client_for(secretary).post(
        url(submitted, "adopt"), {"meeting_date": "2026-01-15", "education_side_agreed": True}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["business_side_agreed"]


def test_submitting_without_priorities_is_400(draft, secretary):
    response = client_for(secretary).post(url(draft, "submit"))
    assert response.status_code == 400 and "priorities" in response.json()["errors"]


def test_a_ratified_revision_refuses_every_change(ratified, secretary):
    client = client_for(secretary)
    priority = ratified.priorities.get()
    attempts = [
        client.post("/api/v1/priorities/", {"revision": ratified.pk, **PRIORITY}, format="json"),
        client.patch(f"/api/v1/priorities/{priority.pk}/", {"title": "X"}, format="json"),
        client.delete(f"/api/v1/priorities/{priority.pk}/"),
        client.patch(url(ratified), {"summary": "X"}, format="json"),
        client.post(f"/api/v1/priorities/{priority.pk}/move/", {"direction": "up"}),
    ]
    for response in attempts:
        assert response.status_code == 409, response.json()
        assert "alleen-lezen" in response.json()["detail"]
    assert Priority.objects.get().title == PRIORITY["title"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"crebo": "1"}, "qualifications"),
        ({"regions": ["AM04"]}, "regions"),
        ({"national": False, "sectoral": False, "regional": False}, "levels"),
        ({"kind": "threat"}, "kind"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_priorities_are_400(draft, secretary, payload, field):
    data = {"revision": draft.pk, **PRIORITY, **payload}
    if "crebo" in data:
        data["qualifications"] = [data.pop("crebo")]
    response = client_for(secretary).post("/api/v1/priorities/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Priority.objects.exists()


def test_priority_with_links(draft, secretary, tgo):
    Qualification.objects.create(crebo="25304", name="Eerste monteur", level=3, sectorkamer=tgo)
    response = client_for(secretary).post(
        "/api/v1/priorities/",
        {"revision": draft.pk, **PRIORITY, "qualifications": ["25304"], "regions": ["AM05"]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["qualifications"] == ["25304"] and response.json()["regions"] == ["AM05"]


def test_a_second_revision_for_the_same_year_is_400(draft, secretary, agenda):
    response = client_for(secretary).post(
        f"/api/v1/agendas/{agenda.pk}/start-revision/", {"year": 2026}
    )
    assert response.status_code == 400 and "year" in response.json()["errors"]


def test_agenda_create_and_bad_years(secretary, tgo):
    client = client_for(secretary)
    bad = client.post("/api/v1/agendas/", {"sectorkamer": "01", "title": "TGO",
                                           "first_year": 2029, "last_year": 2026})  # fmt: skip
    assert bad.status_code == 400 and "last_year" in bad.json()["errors"]
    good = client.post("/api/v1/agendas/", {"sectorkamer": "01", "title": "TGO",
                                            "first_year": 2026, "last_year": 2029})  # fmt: skip
    assert good.status_code == 201
    other = client.post("/api/v1/agendas/", {"sectorkamer": "03", "title": "ZWS",
                                             "first_year": 2026, "last_year": 2029})  # fmt: skip
    assert other.status_code == 403


def test_diff_between_revisions(ratified, secretary):
    nxt = services.start_revision(actor=secretary, agenda=ratified.agenda, year=2027)
    kept = nxt.priorities.get()
    services.update_priority(actor=secretary, priority=kept, title="Tekort aan monteurs")
    services.add_priority(actor=secretary, revision=nxt, **{**PRIORITY, "title": "LLO-aanbod"})
    diff = client_for(secretary).get(url(nxt, "diff"), {"with": ratified.pk}).json()
    assert [(d["status"], (d["new"] or d["old"])["title"]) for d in diff] == [
        ("added", "LLO-aanbod"),
        ("changed", "Tekort aan monteurs"),
    ]
    assert diff[1]["changes"] == [["title", PRIORITY["title"], "Tekort aan monteurs"]]
    assert client_for(secretary).get(url(nxt, "diff"), {"with": "x"}).status_code == 400


def test_list_query_counts_do_not_grow(secretary, board, tgo, zws, django_assert_num_queries):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    from agendas.models import Agenda

    client = APIClient()
    client.force_login(board)  # the user and their roles are loaded per request, as in real use

    def make(sectorkamer, years):
        agenda = Agenda.objects.create(sectorkamer=sectorkamer, title="A", first_year=2020,
                                       last_year=2030)  # fmt: skip
        for year in years:
            revision = AgendaRevision.objects.create(agenda=agenda, year=year)
            for i in range(3):
                Priority.objects.create(revision=revision, kind="challenge", title=f"P{i}",
                                        sectoral=True)  # fmt: skip

    make(tgo, [2025])
    # user, roles, count, revisions, priorities, qualifications, regions
    with django_assert_num_queries(8):
        assert client.get("/api/v1/agenda-revisions/").status_code == 200
    make(zws, [2025, 2026, 2027])
    with django_assert_num_queries(8):
        assert len(client.get("/api/v1/agenda-revisions/").json()["results"]) == 4
    with django_assert_num_queries(7):
        assert client.get("/api/v1/priorities/").json()["count"] == 12
    with django_assert_num_queries(4):
        client.get("/api/v1/agendas/")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_board_members_at_the_same_moment_exactly_one_wins(adopted, board, make_user):
    """Ratify and return race on PostgreSQL: one wins, the other gets 409."""
    from regions.models import Role

    other = make_user(Role.BOARD_MEMBER)
    barrier = threading.Barrier(2)
    results = {}

    def act(name, user, action, data):
        client = client_for(user)
        stale = AgendaRevision.objects.get(pk=adopted.pk)  # both read 'adopted'
        barrier.wait()
        try:
            results[name] = client.post(url(stale, action), data).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("ratify", board, "ratify", {})),
        threading.Thread(target=act, args=("return", other, "return", {"comment": "Nee"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [200, 409]
    revision = AgendaRevision.objects.get(pk=adopted.pk)
    winner = "ratify" if results["ratify"] == 200 else "return"
    assert revision.state == (RevisionState.RATIFIED if winner == "ratify" else RevisionState.DRAFT)
    from django_fsm_log.models import StateLog

    assert [log.transition for log in StateLog.objects.for_(revision)].count("ratify") <= 1
    assert StateLog.objects.for_(revision).count() == 3  # submit, adopt and the winner


def test_qualification_catalogue_api(secretary, tgo):
    Qualification.objects.create(crebo="25304", name="Eerste monteur", level=3, sectorkamer=tgo)
    client = client_for(secretary)
    assert client.get("/api/v1/qualifications/25304/").json()["sectorkamer"] == "01"
    assert client.get("/api/v1/qualifications/", {"level": 4}).json()["count"] == 0
    assert client.get("/api/v1/qualifications/", {"q": "monteur"}).json()["count"] == 1


def test_reference_list_endpoints_have_constant_query_counts(board, tgo, django_assert_num_queries):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    client = APIClient()
    client.force_login(board)
    for i in range(3):
        Qualification.objects.create(crebo=f"2500{i}", name=f"Q{i}", level=2, sectorkamer=tgo)
    with django_assert_num_queries(4):  # user, count, page
        client.get("/api/v1/qualifications/")
    Qualification.objects.bulk_create(
        Qualification(crebo=f"26{i:03d}", name=f"R{i}", level=3, sectorkamer=tgo) for i in range(20)
    )
    with django_assert_num_queries(4):
        assert client.get("/api/v1/qualifications/").json()["count"] == 23
    with django_assert_num_queries(4):
        assert client.get("/api/v1/sectorkamers/").json()["count"] == 8

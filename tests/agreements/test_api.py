import datetime

import pytest
import time_machine
from django.db import transaction
from rest_framework.test import APIClient

from agreements import services
from agreements.models import Agreement, NoticeConflict, ProgressReport, StartStopNotice
from tests.fixtures_agreements import SMART

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(**extra):
    data = {k: str(v) if not isinstance(v, str) else v for k, v in SMART.items()}
    return {**data, **extra}


def test_draft_smart_check_propose_and_accept_through_the_api(
    secretary, priority, school, branch, school_rep, branch_rep
):
    sec = client_for(secretary)
    created = sec.post("/api/v1/agreements/", payload(priority=priority.pk, owner=school.pk),
                       format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert [x["letter"] for x in body["smart"] if not x["ok"]] == ["A"]
    url = f"/api/v1/agreements/{body['id']}/"
    refused = sec.post(url + "propose/")
    assert refused.status_code == 400 and "smart" in refused.json()["errors"]
    sec.patch(url, {"parties": [{"organisation": school.pk, "role": "responsible"},
                                {"organisation": branch.pk, "role": "responsible"}]},
              format="json")  # fmt: skip
    proposed = sec.post(url + "propose/")
    assert proposed.json()["state"] == "proposed"
    assert client_for(school_rep).post(url + "accept/").json()["state"] == "proposed"
    active = client_for(branch_rep).post(url + "accept/")
    assert active.json()["state"] == "active"
    assert client_for(branch_rep).post(url + "accept/").status_code == 409


@pytest.mark.parametrize(
    "change, field",
    [
        ({"deadline": "2026-01-01"}, "deadline"),
        ({"deadline": "2031-01-01"}, "deadline"),
        ({"target_value": "100"}, "target_value"),
        ({"target_value": "90"}, "target_value"),
        ({"unit": ""}, "unit"),
    ],
)
def test_bad_agreements_are_400_with_the_field(secretary, priority, school, change, field):
    response = client_for(secretary).post(
        "/api/v1/agreements/", payload(priority=priority.pk, owner=school.pk, **change),
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Agreement.objects.exists()


def test_a_party_twice_is_400_and_nothing_saved(secretary, priority, school):
    response = client_for(secretary).post(
        "/api/v1/agreements/",
        payload(priority=priority.pk, owner=school.pk,
                parties=[{"organisation": school.pk, "role": "responsible"},
                         {"organisation": school.pk, "role": "informed"}]),
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "parties" in response.json()["errors"]
    assert not Agreement.objects.exists()


def test_others_may_not_draft_or_propose(proposed, branch_rep, priority, school, make_user):
    client = client_for(branch_rep)
    response = client.post("/api/v1/agreements/", payload(priority=priority.pk, owner=school.pk),
                           format="json")  # fmt: skip
    # a priority of a draft revision they cannot see is answered as an unknown priority
    assert response.status_code == 400 and "priority" in response.json()["errors"]
    assert (
        client.post(f"/api/v1/agreements/{proposed.pk}/cancel/", {"comment": "x"}).status_code
        == 403
    )


def test_progress_report_only_for_active(proposed, active, school_rep):
    client = client_for(school_rep)
    report = {"agreement": active.pk, "period_start": "2026-02-01", "period_end": "2026-04-30",
              "value": "130", "status": "on_track"}  # fmt: skip
    assert client.post("/api/v1/progress-reports/", report).status_code == 201
    detail = client.get(f"/api/v1/agreements/{active.pk}/").json()
    assert detail["progress"] == "30.0" and detail["latest_status"] == "on_track"
    Agreement.objects.filter(pk=active.pk)  # cancel and try again
    from agreements import services
    from regions.models import User

    services.cancel_agreement(actor=User.objects.get(username="secretaris"), agreement=active,
                              comment="Gestopt")  # fmt: skip
    response = client.post("/api/v1/progress-reports/", report)
    assert response.status_code == 400 and "agreement" in response.json()["errors"]
    assert ProgressReport.objects.count() == 1


def test_board_filters(active, secretary, branch, django_assert_num_queries, school):
    client = APIClient()
    client.force_login(secretary)
    assert client.get("/api/v1/agreements/", {"party": branch.pk}).json()["count"] == 1
    assert client.get("/api/v1/agreements/", {"category": "guidance"}).json()["count"] == 0
    assert client.get("/api/v1/agreements/", {"sectorkamer": "01"}).json()["count"] == 1
    assert client.get("/api/v1/agreements/", {"state": "active"}).json()["count"] == 1
    assert client.get("/api/v1/agreements/", {"deadline_before": "2027-01-01"}).json()["count"] == 0
    # user, count, agreements, parties, milestones, roles (allowed transitions)
    with django_assert_num_queries(6):
        client.get("/api/v1/agreements/")


def test_the_list_costs_the_same_with_commitments_working_out_sector_agreements(
    active, table, school, make_user, django_assert_num_queries
):
    """Each row's SMART check reads the agenda of the sector agreement a commitment works
    out: the list loads it with the rows, not once per row."""
    from regions.models import Role

    coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=table)
    client = APIClient()
    client.force_login(coordinator)

    def commitment(n):
        return services.create_agreement(
            actor=coordinator, regional_table=table, parent=active, owner=school,
            **{**SMART, "level": "regional", "title": f"Leerbanen {n}"},
            parties=[(school, "responsible")],
        )  # fmt: skip

    commitment(0)
    url = f"/api/v1/agreements/?regional_table={table.pk}"
    with django_assert_num_queries(7) as first:
        assert client.get(url).json()["count"] == 1
    for n in range(1, 5):
        commitment(n)
    with django_assert_num_queries(len(first.captured_queries)):
        rows = client.get(url).json()["results"]
    assert len(rows) == 5 and all(row["smart"] for row in rows)


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_notices_and_conflicts_through_the_api(school_rep, school, luchtvaart, make_user,
                                              outsider_rep, reference):  # fmt: skip
    from regions.models import Role, Sectorkamer

    client = client_for(school_rep)
    data = {
        "institution": school.pk, "qualification": "25462", "action": "start", "leerweg": "BOL",
        "municipality": "Rotterdam", "region": "AM22", "study_year": 2028,
    }  # fmt: skip
    created = client.post("/api/v1/start-stop-notices/", data)
    assert created.status_code == 201, created.json()
    assert created.json()["deadline"].startswith("2027-02-01T00:00:00+01:00")
    duplicate = client.post("/api/v1/start-stop-notices/", data)
    assert duplicate.status_code == 400 and "non_field_errors" in duplicate.json()["errors"]
    unknown = client.post("/api/v1/start-stop-notices/", {**data, "qualification": "99999"})
    assert unknown.status_code == 400 and "99999" in unknown.json()["errors"]["qualification"][0]
    notice_id = created.json()["id"]
    submitted = client.post(f"/api/v1/start-stop-notices/{notice_id}/submit/")
    assert submitted.json()["state"] == "submitted"
    # an outsider does not even see it
    assert (
        client_for(outsider_rep).get(f"/api/v1/start-stop-notices/{notice_id}/").status_code == 404
    )
    late = client.post("/api/v1/start-stop-notices/", {**data, "study_year": 2026,
                                                        "municipality": "Schiedam"})  # fmt: skip
    response = client.post(f"/api/v1/start-stop-notices/{late.json()['id']}/submit/")
    assert response.status_code == 400 and "study_year" in response.json()["errors"]
    mtlm = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=Sectorkamer.objects.get(code="02"))
    assert client_for(mtlm).get("/api/v1/start-stop-notices/").json()["count"] == 2
    assert StartStopNotice.objects.filter(state="submitted").count() == 1


@pytest.fixture
def outsider_rep(make_user, make_org):
    from regions.models import OrganisationKind, Role

    other = make_org("Zadkine", OrganisationKind.MBO_INSTITUTION, "01NK")
    return make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=other)


@pytest.mark.parametrize("owner", ["branch", "school"])
def test_conflict_resolution_api(school_rep, secretary, make_user, luchtvaart, priority, school,
                                 branch, reference, owner):  # fmt: skip
    """Escalating through the API prepares the dossier as the page does; when nobody but the
    school itself could bring the case, it is refused and nothing is written."""
    from agreements import services
    from regions.models import Arbeidsmarktregio, Role, Sectorkamer

    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)):
        agreement = services.create_agreement(
            actor=secretary, priority=priority, owner=branch if owner == "branch" else school,
            **{**SMART, "category": "programme_offer"},
        )  # fmt: skip
        services.set_parties(
            actor=secretary, agreement=agreement, parties=[(school, "responsible")]
        )
        services.set_offer_rule(actor=secretary, agreement=agreement, kind="no_new_starts",
                                qualifications=[luchtvaart])  # fmt: skip
        services.propose_agreement(actor=secretary, agreement=agreement)
        services.accept_agreement(actor=school_rep, agreement=agreement)
        notice = services.create_notice(actor=school_rep, institution=school,
                                        qualification=luchtvaart, action="start", leerweg="BOL",
                                        municipality="Rotterdam",
                                        region=Arbeidsmarktregio.objects.get(code="AM22"),
                                        study_year=2028)  # fmt: skip
        services.submit_notice(actor=school_rep, notice=notice)
    conflict = NoticeConflict.objects.get()
    assert client_for(school_rep).get("/api/v1/notice-conflicts/").json()["count"] == 1
    resolve = f"/api/v1/notice-conflicts/{conflict.pk}/resolve/"
    assert client_for(school_rep).post(resolve, {"resolution": "consistent"}).status_code == 403
    mtlm = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=Sectorkamer.objects.get(code="02"))
    bad = client_for(mtlm).post(resolve, {"resolution": "accepted"})
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    ok = client_for(mtlm).post(resolve, {"resolution": "escalated"})
    from arbitration.models import Dossier

    if owner == "school":
        assert ok.status_code == 400 and "resolution" in ok.json()["errors"]
        conflict.refresh_from_db()
        assert conflict.resolution == "open" and not Dossier.objects.exists()
        return
    assert ok.status_code == 200 and ok.json()["resolution"] == "escalated"
    # The API prepares the draft dossier exactly as the page does (one service).
    dossier = Dossier.objects.get(notice_conflict=conflict)
    assert dossier.state == "draft" and list(dossier.agreements.all()) == [agreement]
    sides = {(p.side, p.organisation_id) for p in dossier.parties.all()}
    assert sides == {("claimant", agreement.owner_id), ("respondent", school.pk)}


@pytest.mark.parametrize(
    ("moment", "offered"),
    [
        # 31 December 2027 begins at 23:00 UTC the day before (Amsterdam, CET).
        (datetime.datetime(2027, 12, 30, 22, 59, 59, tzinfo=datetime.UTC), False),
        (datetime.datetime(2027, 12, 30, 23, 0, 0, tzinfo=datetime.UTC), True),
    ],
)
def test_allowed_transitions_offer_evaluation_only_when_the_service_allows_it(
    active, secretary, moment, offered
):
    """The API offers achieve/fail exactly when the service would perform them."""
    from django.core.exceptions import ValidationError

    from agreements import services

    with time_machine.travel(moment):
        allowed = (
            client_for(secretary)
            .get(f"/api/v1/agreements/{active.pk}/")
            .json()["allowed_transitions"]
        )
        assert ("achieve" in allowed, "fail" in allowed) == (offered, offered)
        assert "cancel" in allowed
        try:
            with transaction.atomic():
                services.achieve_agreement(actor=secretary, agreement=active, comment="Klaar")
                performed = True
                transaction.set_rollback(True)
        except ValidationError:
            performed = False
        assert performed is offered


def _offer_agreement(secretary, priority, branch, school, luchtvaart, rule=None):
    from agreements import services

    agreement = services.create_agreement(
        actor=secretary, priority=priority, owner=branch, **{**SMART, "category": "programme_offer"}
    )
    services.set_parties(actor=secretary, agreement=agreement, parties=[(school, "responsible")])
    if rule:
        services.set_offer_rule(actor=secretary, agreement=agreement, **rule)
    return agreement


def test_programme_offer_rules_are_read_and_added_through_the_api(
    secretary, school_rep, priority, branch, school, luchtvaart, reference
):
    """What the agreement's page shows and adds about rules, the API does too."""
    agreement = _offer_agreement(secretary, priority, branch, school, luchtvaart)
    url = f"/api/v1/agreements/{agreement.pk}/offer-rules/"
    body = {"kind": "allowed_regions", "qualifications": [luchtvaart.crebo],
            "regions": ["AM22", "AM01"]}  # fmt: skip
    assert client_for(school_rep).post(url, body, format="json").status_code == 403
    added = client_for(secretary).post(url, body, format="json")
    assert added.status_code == 201, added.json()
    rule = added.json()
    assert (rule["kind"], rule["qualifications"], sorted(rule["regions"])) == (
        "allowed_regions", [luchtvaart.crebo], ["AM01", "AM22"]
    )  # fmt: skip
    assert client_for(school_rep).get(url).json()["results"] == [rule]  # all who see it
    assert agreement.offer_rules.get().pk == rule["id"]

    missing = client_for(secretary).post(url, {**body, "regions": []}, format="json")
    assert missing.status_code == 400 and "regions" in missing.json()["errors"]
    unknown = client_for(secretary).post(url, {**body, "qualifications": ["00000"]}, format="json")
    assert unknown.status_code == 400 and "qualifications" in unknown.json()["errors"]
    assert agreement.offer_rules.count() == 1  # nothing written by the refused ones


def test_rules_only_on_a_draft_programme_offer_agreement(
    secretary, priority, branch, school, luchtvaart, reference
):
    from agreements import services

    body = {"kind": "no_new_starts", "qualifications": [luchtvaart.crebo]}
    guidance = services.create_agreement(actor=secretary, priority=priority, owner=branch, **SMART)
    refused = client_for(secretary).post(
        f"/api/v1/agreements/{guidance.pk}/offer-rules/", body, format="json"
    )
    assert refused.status_code == 400 and "kind" in refused.json()["errors"]
    offer = _offer_agreement(secretary, priority, branch, school, luchtvaart, rule={
        "kind": "no_new_starts", "qualifications": [luchtvaart]})  # fmt: skip
    services.propose_agreement(actor=secretary, agreement=offer)
    late = client_for(secretary).post(
        f"/api/v1/agreements/{offer.pk}/offer-rules/", body, format="json"
    )
    assert late.status_code == 409
    assert offer.offer_rules.count() == 1


def test_a_conflict_names_the_regions_the_rule_allows(
    secretary, school_rep, priority, branch, school, luchtvaart, reference
):
    """The allowed regions were only to be read from the conflict's message."""
    from agreements import services
    from regions.models import Arbeidsmarktregio

    am01, am22 = Arbeidsmarktregio.objects.filter(code__in=["AM01", "AM22"]).order_by("code")
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)):
        rule = {"kind": "allowed_regions", "qualifications": [luchtvaart], "regions": [am01]}
        agreement = _offer_agreement(secretary, priority, branch, school, luchtvaart, rule=rule)
        services.propose_agreement(actor=secretary, agreement=agreement)
        services.accept_agreement(actor=school_rep, agreement=agreement)
        notice = services.create_notice(actor=school_rep, institution=school,
                                        qualification=luchtvaart, action="start", leerweg="BOL",
                                        municipality="Rotterdam", region=am22,
                                        study_year=2028)  # fmt: skip
        services.submit_notice(actor=school_rep, notice=notice)
    [conflict] = client_for(school_rep).get("/api/v1/notice-conflicts/").json()["results"]
    assert conflict["rule_kind"] == "allowed_regions" and conflict["allowed_regions"] == ["AM01"]
    [on_notice] = (
        client_for(school_rep).get(f"/api/v1/start-stop-notices/{notice.pk}/").json()["conflicts"]
    )
    assert on_notice["allowed_regions"] == ["AM01"]

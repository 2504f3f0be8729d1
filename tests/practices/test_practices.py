"""Shared practice: parties share what they learned on an agreement or an agenda priority,
good or bad; the sectorkamer's secretary publishes it (then every user and the public
register see it) or returns it with the reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agendas.models import Priority
from agreements import services
from agreements.models import Agreement
from core.workflow import StateConflict
from notifications.models import Notification
from notifications.selectors import attention_for
from practices import services as shared
from practices.models import Practice, PracticeState
from regions.models import (
    Arbeidsmarktregio,
    Organisation,
    RegionalTable,
    Role,
    RoleAssignment,
    User,
)

pytestmark = pytest.mark.django_db

TEXT = {
    "kind": "good",
    "category": "internships",
    "title": "Gastlessen door leermeesters",
    "what_was_done": "Leermeesters gaven elke maand een gastles.",
    "result": "De uitval in het eerste jaar halveerde.",
    "lessons": "Plan de gastlessen een jaar vooruit.",
}


@pytest.fixture
def w(demo):
    users = {u.username: u for u in User.objects.all()}
    return {
        **users,
        "agreement": Agreement.objects.get(title="Meer leerbanen in de installatietechniek"),
        "priority": Priority.objects.filter(
            revision__agenda__sectorkamer__code="01", revision__state="draft"
        ).first(),
    }


def share(actor, w, **overrides):
    return shared.submit_practice(actor=actor, agreement=w["agreement"], **{**TEXT, **overrides})


# -- who shares ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["school", "otib", "lid-onderwijs", "secretaris"])
def test_the_parties_and_the_sectorkamer_share_on_an_agreement(w, username):
    practice = share(w[username], w)
    assert (practice.state, practice.sectorkamer.code) == (PracticeState.SUBMITTED, "01")
    assert practice.contact_organisation == w[username].organisation


@pytest.mark.parametrize("username", ["secretaris-zws", "tafellid", "bestuur", "coordinator"])
def test_others_may_not_share_on_it(w, username):
    with pytest.raises(PermissionDenied):
        share(w[username], w)
    assert Practice.objects.count() == 2  # the demo's


def test_on_a_priority_only_the_sectorkamer_shares(w):
    practice = shared.submit_practice(actor=w["lid-onderwijs"], priority=w["priority"], **TEXT)
    assert (practice.priority, practice.agreement) == (w["priority"], None)
    with pytest.raises(PermissionDenied):
        shared.submit_practice(actor=w["school"], priority=w["priority"], **TEXT)


def test_a_practice_needs_its_subject_and_a_contact(w):
    with pytest.raises(ValidationError) as error:
        shared.submit_practice(actor=w["school"], **TEXT)
    assert "agreement" in error.value.message_dict
    w["school"].organisation = None
    with pytest.raises(ValidationError) as error:
        share(w["school"], w)
    assert "contact_organisation" in error.value.message_dict
    albeda = Organisation.objects.get(name="Albeda College")
    assert share(w["school"], w, contact_organisation=albeda).contact_organisation == albeda


@pytest.mark.parametrize("field", ["title", "what_was_done", "result", "lessons"])
def test_every_text_is_required(w, field):
    with pytest.raises(ValidationError) as error:
        share(w["school"], w, **{field: ""})
    assert list(error.value.message_dict) == [field]


def test_a_regional_commitment_of_no_sectorkamer_takes_no_practice(w):
    table = RegionalTable.objects.create(name="Breed overleg Twente")
    table.regions.set(Arbeidsmarktregio.objects.filter(code="AM05"))
    RoleAssignment.objects.create(
        user=w["coordinator"], role=Role.TABLE_COORDINATOR, regional_table=table,
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    commitment = services.create_agreement(
        actor=w["coordinator"], regional_table=table, level="regional", category="internships",
        title="Leerbanen Twente", owner=Organisation.objects.get(name="Albeda College"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error, translation.override("en"):
        shared.submit_practice(actor=w["coordinator"], agreement=commitment, **TEXT)
    assert "serves no sectorkamer" in error.value.message_dict["agreement"][0]


# -- review -------------------------------------------------------------------------------------


def test_the_secretary_publishes_and_everyone_then_sees_it(client, w):
    practice = share(w["school"], w)
    told = Notification.objects.filter(key__startswith=f"event:practice:{practice.pk}:")
    assert [n.recipient.username for n in told] == ["secretaris"]
    url = reverse("practices:detail", args=[practice.pk])
    for username, status in [("school", 200), ("lid-onderwijs", 200), ("bestuur", 200),
                             ("secretaris-zws", 404), ("otib", 404)]:  # fmt: skip
        client.force_login(w[username])
        assert client.get(url).status_code == status, username
    public = reverse("register:practice", args=[practice.pk])
    assert client.get(public).status_code == 404
    shared.publish_practice(actor=w["secretaris"], practice=practice)
    assert practice.state == PracticeState.PUBLISHED and practice.reviewed_at is not None
    client.force_login(w["otib"])
    assert client.get(url).status_code == 200
    client.logout()
    page = client.get(public).content.decode()
    assert TEXT["lessons"] in page and "Albeda College" in page
    assert w["school"].get_full_name() not in page  # the contact is the organisation
    assert Notification.objects.filter(
        recipient=w["school"], key__startswith=f"event:practice:{practice.pk}:published"
    ).exists()


def test_returning_needs_the_reason_and_keeps_it_from_the_public(client, w):
    practice = share(w["school"], w)
    for blank in ("", "  "):
        with pytest.raises(ValidationError) as error:
            shared.return_practice(actor=w["secretaris"], practice=practice, comment=blank)
        assert "comment" in error.value.message_dict
    shared.return_practice(
        actor=w["secretaris"], practice=practice, comment="Noem de cijfers erbij."
    )
    practice.refresh_from_db()
    assert (practice.state, practice.return_reason) == (
        PracticeState.RETURNED,
        "Noem de cijfers erbij.",
    )
    client.force_login(w["school"])
    page = client.get(reverse("practices:detail", args=[practice.pk]))
    assert "Noem de cijfers erbij." in page.content.decode()
    client.logout()
    assert client.get(reverse("register:practice", args=[practice.pk])).status_code == 404
    assert practice.title not in client.get(reverse("register:practices")).content.decode()
    with pytest.raises(StateConflict):
        shared.publish_practice(actor=w["secretaris"], practice=practice)


@pytest.mark.parametrize("username", ["lid-onderwijs", "school", "secretaris-zws", "bestuur"])
def test_only_the_sectorkamers_secretary_reviews(w, username):
    practice = share(w["school"], w)
    with pytest.raises(PermissionDenied):
        shared.publish_practice(actor=w[username], practice=practice)
    with pytest.raises(PermissionDenied):
        shared.return_practice(actor=w[username], practice=practice, comment="Nee")


def test_the_secretary_sees_what_waits_for_review(w):
    practice = share(w["school"], w)
    items = [a.item for a in attention_for(w["secretaris"]) if a.item.kind == "practice_review"]
    assert f"practice:{practice.pk}" in [i.source for i in items]
    assert not [a for a in attention_for(w["secretaris-zws"]) if a.item.kind == "practice_review"]
    shared.publish_practice(actor=w["secretaris"], practice=practice)
    items = [a.item for a in attention_for(w["secretaris"]) if a.item.kind == "practice_review"]
    assert f"practice:{practice.pk}" not in [i.source for i in items]


def test_what_waits_for_review_costs_one_query_for_any_number(w, django_assert_num_queries):
    """The attention list loads what it shows (the concurrency mixin reads the state of
    every row it loads: deferring it cost a query per practice)."""
    from practices.attention import practices_to_review
    from regions.selectors import active_roles

    secretary = w["secretaris"]
    roles = active_roles(secretary)
    for count in (1, 4):
        while Practice.objects.filter(state=PracticeState.SUBMITTED).count() < count:
            share(w["school"], w)
        with django_assert_num_queries(1):
            items = list(practices_to_review(secretary, roles, None))
        assert len(items) == count


# -- pages and API ------------------------------------------------------------------------------


def test_sharing_from_the_agreement_page(client, w):
    client.force_login(w["school"])
    detail = client.get(reverse("agreements:detail", args=[w["agreement"].pk])).content.decode()
    create = reverse("practices:create", args=[w["agreement"].pk])
    assert create in detail
    region = Arbeidsmarktregio.objects.get(code="AM22")
    albeda = Organisation.objects.get(name="Albeda College")
    bad = client.post(create, {**TEXT, "lessons": "", "contact_organisation": albeda.pk})
    assert bad.status_code == 400 and "lessons" in bad.context["form"].errors
    done = client.post(create, {**TEXT, "regions": [region.pk], "contact_organisation": albeda.pk})
    practice = Practice.objects.latest("pk")
    assert done.status_code == 302 and list(practice.regions.all()) == [region]
    client.force_login(w["tafellid"])
    assert client.get(create).status_code == 403


def test_the_contact_can_only_be_an_organisation_one_speaks_for(client, w):
    client.force_login(w["school"])
    create = reverse("practices:create", args=[w["agreement"].pk])
    otib = Organisation.objects.get(name__startswith="OTIB")
    posted = client.post(create, {**TEXT, "contact_organisation": otib.pk})
    assert posted.status_code == 400 and "contact_organisation" in posted.context["form"].errors


def test_the_api_shares_and_reviews(api, w):
    api.force_authenticate(w["school"])
    created = api.post("/api/v1/practices/", {**TEXT, "agreement": w["agreement"].pk,
                                               "regions": ["AM22"]}, format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "submitted" and body["regions"] == ["AM22"]
    assert body["allowed_transitions"] == []
    bad = api.post("/api/v1/practices/", {**TEXT, "kind": "great"}, format="json")
    assert bad.status_code == 400 and {"kind", "agreement"} & bad.json()["errors"].keys()
    api.force_authenticate(w["otib"])
    assert api.get(f"/api/v1/practices/{body['id']}/").status_code == 404
    api.force_authenticate(w["secretaris"])
    url = f"/api/v1/practices/{body['id']}/"
    assert api.post(url + "return/", {"comment": ""}, format="json").status_code == 400
    assert api.post(url + "publish/", {}, format="json").json()["state"] == "published"
    assert api.post(url + "publish/", {}, format="json").status_code == 409


def test_an_unseen_priority_is_an_unknown_priority_in_the_api(api, w):
    zws_draft = Priority.objects.filter(revision__agenda__sectorkamer__code="02").first()
    api.force_authenticate(w["lid-onderwijs"])
    answer = api.post("/api/v1/practices/", {**TEXT, "priority": zws_draft.pk}, format="json")
    assert answer.status_code == 400 and "priority" in answer.json()["errors"]


def test_the_public_list_filters_and_searches(client, w):
    twente = share(w["lid-onderwijs"], w, title="Twentse aanpak", category="guidance",
                   regions=Arbeidsmarktregio.objects.filter(code="AM05"))  # fmt: skip
    shared.publish_practice(actor=w["secretaris"], practice=twente)
    url = reverse("register:practices")

    def titles(query):
        return [p.title for p in client.get(url + query).context["page"]]

    assert set(titles("")) == {"Twentse aanpak", "Leerbanen samen werven met de branchevereniging"}
    assert titles("?category=guidance") == ["Twentse aanpak"]
    assert titles("?region=AM05") == ["Twentse aanpak"]
    assert titles("?region=AM22") == ["Leerbanen samen werven met de branchevereniging"]
    assert titles("?sectorkamer=03") == []
    assert titles("?q=twentse") == ["Twentse aanpak"]
    assert "Een stagebank zonder begeleiding" not in titles("")  # waiting for review


def test_the_public_list_costs_the_same_for_any_number(client, w):
    url = reverse("register:practices")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    regions = Arbeidsmarktregio.objects.filter(code__in=["AM05", "AM22"])
    for n in range(5):
        practice = share(w["school"], w, title=f"Praktijk {n}", regions=regions)
        shared.publish_practice(actor=w["secretaris"], practice=practice)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["page"]) == 6
    assert len(many) == len(few), "\n".join(q["sql"][:200] for q in many.captured_queries)

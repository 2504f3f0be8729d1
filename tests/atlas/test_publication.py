"""SBB publishes a sectorkamer's atlas of a cycle (the "atlas information ready" milestone):
once, by SBB staff only; its secretary and members are told, nobody else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from atlas import services
from atlas.models import AtlasPublication
from core.timeutils import cycle_year_for, local_today
from core.workflow import StateConflict
from notifications.models import Notification
from regions.models import Role, Sectorkamer, User
from regions.selectors import users_with_role

pytestmark = pytest.mark.django_db

YEAR = cycle_year_for(local_today())


@pytest.fixture
def zws(demo):
    return Sectorkamer.objects.get(abbreviation="ZWS")


def staff():
    return User.objects.get(username="beheer")


def test_publishing_tells_the_secretary_and_the_members_only(zws):
    publication = services.publish_atlas(actor=staff(), sectorkamer=zws, year=YEAR)
    assert publication.published_by == staff() and publication.year == YEAR
    told = Notification.objects.filter(key=f"event:atlas:{zws.pk}:{YEAR}:published")
    expected = {
        u.pk
        for role in (Role.SECTORKAMER_SECRETARY, Role.SECTORKAMER_MEMBER)
        for u in users_with_role(role, sectorkamer_id=zws.pk)
    }
    assert expected and set(told.values_list("recipient_id", flat=True)) == expected
    assert told.first().url == reverse("atlas:sectorkamer", args=[zws.code, YEAR])
    assert "De atlas ZWS" in told.first().title


def test_an_atlas_is_published_once(zws):
    services.publish_atlas(actor=staff(), sectorkamer=zws, year=YEAR)
    with pytest.raises(StateConflict):
        services.publish_atlas(actor=staff(), sectorkamer=zws, year=YEAR)
    assert AtlasPublication.objects.filter(sectorkamer=zws, year=YEAR).count() == 1
    # the next cycle is a publication of its own
    services.publish_atlas(actor=staff(), sectorkamer=zws, year=YEAR + 1)


@pytest.mark.parametrize("username", ["secretaris-zws", "bestuur", "school", "coordinator"])
def test_only_sbb_staff_publish(zws, username):
    with pytest.raises(PermissionDenied):
        services.publish_atlas(actor=User.objects.get(username=username), sectorkamer=zws,
                               year=YEAR)  # fmt: skip
    assert not AtlasPublication.objects.filter(sectorkamer=zws).exists()
    assert not Notification.objects.filter(key__startswith="event:atlas:").exclude(
        key__startswith=f"event:atlas:{Sectorkamer.objects.get(code='01').pk}:"
    )


@pytest.mark.parametrize(("year", "ok"), [(1999, False), (2000, True), (2100, True), (2101, False)])
def test_the_cycle_year_is_checked_at_its_edges(zws, year, ok):
    if ok:
        services.publish_atlas(actor=staff(), sectorkamer=zws, year=year)
    else:
        with pytest.raises(ValidationError) as error:
            services.publish_atlas(actor=staff(), sectorkamer=zws, year=year)
        assert "year" in error.value.message_dict


def test_the_demo_publishes_the_tgo_atlas(demo):
    assert AtlasPublication.objects.filter(sectorkamer__code="01", year=YEAR).exists()


def test_the_page_offers_publication_to_staff_and_says_when_it_was(zws, client):
    url = reverse("atlas:sectorkamer", args=[zws.code, YEAR])
    publish = reverse("atlas:publish", args=[zws.code, YEAR])
    client.force_login(User.objects.get(username="secretaris-zws"))
    page = client.get(url).content.decode()
    assert 'data-testid="not-published"' in page and publish not in page
    assert client.post(publish).status_code == 403
    client.force_login(staff())
    assert publish in client.get(url).content.decode()
    response = client.post(publish, follow=True)
    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "De atlas is gepubliceerd" in page and 'data-testid="published"' in page
    assert publish not in page
    assert client.post(publish).status_code == 409
    assert client.get(publish).status_code == 405


def test_the_api_publishes_once_and_says_why_not(zws):
    from rest_framework.test import APIClient

    api = APIClient()
    url = "/api/v1/atlas/publications/"
    api.force_authenticate(User.objects.get(username="secretaris-zws"))
    assert api.post(url, {"sectorkamer": "02", "year": YEAR}, format="json").status_code == 403
    api.force_authenticate(staff())
    bad = api.post(url, {"sectorkamer": "99", "year": 2101}, format="json")
    assert bad.status_code == 400 and {"sectorkamer", "year"} <= set(bad.json()["errors"])
    made = api.post(url, {"sectorkamer": "02", "year": YEAR}, format="json")
    assert made.status_code == 201 and made.json()["sectorkamer"] == "02"
    assert made.json()["published_by"]
    again = api.post(url, {"sectorkamer": "02", "year": YEAR}, format="json")
    assert again.status_code == 409 and again.json()["current_state"] == "published"
    listed = api.get(url, {"year": YEAR}).json()["results"]
    assert {p["sectorkamer"] for p in listed} == {"01", "02"}

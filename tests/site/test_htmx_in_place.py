"""Forms that htmx posts in place (kansrijk_site.middleware.HtmxInPlaceMiddleware): the
redirect back to the same page stays a redirect (the browser follows it and a section is
swapped), a redirect to another page becomes a full navigation, and an error page takes the
place of the page's main instead of being dropped. Without htmx nothing changes."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, NoticeConflict
from regions.models import User

pytestmark = pytest.mark.django_db


def htmx(page_url):
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{page_url}"}


@pytest.fixture
def conflict(demo):
    return NoticeConflict.objects.filter(resolution="open").order_by("pk").first()


def test_a_redirect_back_to_the_page_stays_a_redirect(client, conflict):
    client.force_login(User.objects.get(username="secretaris-mtlm"))
    notice_url = reverse("agreements:notice_detail", args=[conflict.notice_id])
    response = client.post(
        reverse("agreements:conflict_resolve", args=[conflict.pk]),
        {"resolution": "consistent", "reason": "Past in de afspraak."},
        **htmx(notice_url),
    )
    assert response.status_code == 302 and response["Location"] == notice_url
    assert "HX-Redirect" not in response
    page = client.get(notice_url, **htmx(notice_url)).content.decode()
    assert 'id="conflicts"' in page and 'id="notice-facts"' in page and 'id="messages"' in page
    assert "Het conflict is afgehandeld." in page


def test_a_redirect_to_another_page_becomes_a_full_navigation(client, conflict):
    client.force_login(User.objects.get(username="secretaris-mtlm"))
    notice_url = reverse("agreements:notice_detail", args=[conflict.notice_id])
    url = reverse("agreements:conflict_resolve", args=[conflict.pk])
    response = client.post(url, {"resolution": "escalated"}, **htmx(notice_url))
    conflict.refresh_from_db()
    dossier_url = conflict.dossiers.get().get_absolute_url()
    assert response.status_code == 200 and response["HX-Redirect"] == dossier_url


def test_an_error_page_takes_the_place_of_main(client, demo):
    agreement = Agreement.objects.filter(state="active").order_by("pk").first()
    page_url = reverse("agreements:detail", args=[agreement.pk])
    client.force_login(User.objects.get(username="tafellid"))
    url = reverse("agreements:progress_add", args=[agreement.pk])
    response = client.post(url, {"value": "3"}, **htmx(page_url))
    assert response.status_code in (403, 404)
    assert (response["HX-Retarget"], response["HX-Reselect"], response["HX-Reswap"]) == (
        "main",
        "main",
        "outerHTML",
    )
    plain = client.post(url, {"value": "3"})
    assert plain.status_code == response.status_code and "HX-Retarget" not in plain


def test_without_htmx_a_redirect_elsewhere_is_left_alone(client, conflict):
    client.force_login(User.objects.get(username="secretaris-mtlm"))
    response = client.post(
        reverse("agreements:conflict_resolve", args=[conflict.pk]), {"resolution": "escalated"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/arbitrage/")

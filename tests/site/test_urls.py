"""Dutch paths, and a permanent redirect from every English path they replaced."""

import re
from importlib import import_module

import pytest
from django.urls import resolve, reverse

from kansrijk_site.urls import PAGE_APPS

SAMPLE = {"int": "7", "str": "01"}


def _fill(route: str) -> str:
    return re.sub(r"<(\w+):(\w+)>", lambda m: SAMPLE[m.group(1)], route)


ROUTES = [
    (app, route)
    for app in PAGE_APPS
    for route in import_module(f"{app}.urls").ROUTES
]  # fmt: skip


@pytest.mark.parametrize("app, route", ROUTES, ids=[f"{app}:{route.name}" for app, route in ROUTES])
def test_every_old_path_redirects_permanently_to_its_dutch_path(client, app, route):
    prefix, was = PAGE_APPS[app]
    new = "/" + prefix + _fill(route.route)
    assert resolve(new).url_name == route.name
    if route.was is None:  # a page that came with the Dutch paths: nothing to redirect
        return
    old = "/" + was + _fill(route.was)
    if old == new:  # unchanged (the atlas kept its Dutch paths): the page itself answers
        assert resolve(old).func.__name__ == route.view.__name__
        return
    response = client.get(old + "?pagina=2&q=zorg")
    assert response.status_code == 301
    assert response.headers["Location"] == new + "?pagina=2&q=zorg"


def test_a_posted_form_to_an_old_path_is_redirected_too(client):
    response = client.post("/agreements/7/progress/")
    assert response.status_code == 301 and response.headers["Location"] == "/afspraken/7/voortgang/"


def test_the_page_paths_are_dutch():
    assert reverse("agreements:board") == "/afspraken/"
    assert reverse("agendas:sectorkamer_detail", args=["01"]) == "/sectorkamers/01/"
    assert reverse("arbitration:home") == "/arbitrage/"
    assert reverse("agreements:notice_list") == "/afspraken/start-stopmeldingen/"
    assert reverse("regions:table_list") == "/regionale-tafels/"
    assert reverse("notifications:centre") == "/meldingen/"


def test_an_unknown_old_path_is_not_found(client):
    assert client.get("/agreements/nergens/").status_code == 404


def test_only_the_closest_navigation_item_is_current(client, demo):
    from regions.models import User

    client.force_login(User.objects.get(username="school"))
    page = client.get("/afspraken/start-stopmeldingen/").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', page)
    assert current == ["/afspraken/start-stopmeldingen/"]
    page = client.get("/afspraken/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', page) == ["/afspraken/"]

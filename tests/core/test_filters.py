"""The list filters people use: checkbox groups, choices by name, the chosen filters as
removable chips, sortable columns that keep the filters."""

import re

import pytest
from django.urls import reverse

from agreements import services
from tests.fixtures_agreements import SMART

pytestmark = pytest.mark.django_db
BOARD = reverse("agreements:board")


@pytest.fixture
def three(secretary, priority, school):
    return [
        services.create_agreement(
            actor=secretary,
            priority=priority,
            owner=school,
            **{**SMART, "title": title, "deadline": SMART["deadline"].replace(month=month, day=15)},
        )  # fmt: skip
        for title, month in (("Bravo", 3), ("Alfa", 9), ("Charlie", 1))
    ]


def rows(page: str) -> list[str]:
    body = page[page.index('data-testid="agreements"') :]
    return re.findall(r'<td><a href="/afspraken/\d+/">([^<]+)</a>', body)


def test_the_status_is_a_group_of_checkboxes_and_tables_go_by_name(client, secretary, table):
    client.force_login(secretary)
    page = client.get(BOARD).content.decode()
    assert 'type="checkbox" name="state" value="active"' in page
    assert "<legend>Status</legend>" in page
    assert f'<option value="{table.pk}">Rotterdamse Zorg</option>' in page
    assert "(id)" not in page and "---------" not in page


def test_chosen_filters_are_chips_that_each_drop_one(client, secretary, three):
    client.force_login(secretary)
    page = client.get(BOARD, {"state": ["draft", "active"], "category": "internships"})
    html = page.content.decode()
    chips = re.findall(r'<a class="chip" href="\?([^"]*)">([^<]+)<', html)
    assert [text.strip() for _q, text in chips] == [
        "Status: concept",
        "Status: actief",
        "Categorie: stages en banen",
    ]
    drop_draft = chips[0][0].replace("&amp;", "&")
    assert "state=draft" not in drop_draft and "state=active" in drop_draft
    assert "category=internships" in drop_draft
    assert 'href="?">Alle filters wissen' in html


def test_no_chips_without_filters(client, secretary, three):
    client.force_login(secretary)
    assert 'data-testid="chips"' not in client.get(BOARD).content.decode()


def test_columns_sort_both_ways_and_keep_the_filters(client, secretary, three):
    client.force_login(secretary)
    assert rows(client.get(BOARD, {"sort": "title"}).content.decode()) == [
        "Alfa", "Bravo", "Charlie"
    ]  # fmt: skip
    page = client.get(BOARD, {"sort": "-deadline", "state": "draft"}).content.decode()
    assert rows(page) == ["Alfa", "Bravo", "Charlie"]  # September, March, January
    links = dict(re.findall(r'aria-sort="(\w+)"><a href="\?([^"]+)"', page)[::-1])
    assert sorted(links["descending"].split("&amp;")) == ["sort=deadline", "state=draft"]
    assert sorted(links["none"].split("&amp;")) in (
        ["sort=title", "state=draft"], ["sort=category", "state=draft"],
        ["sort=state", "state=draft"], ["sort=progress", "state=draft"],
    )  # fmt: skip


def test_an_unknown_table_is_refused_in_the_api(client, secretary, three):
    client.force_login(secretary)
    response = client.get("/api/v1/agreements/", {"regional_table": 999999})
    assert response.status_code == 400


def test_owner_and_party_are_typed_by_name_with_suggestions(client, secretary, three, union):
    client.force_login(secretary)
    page = client.get(BOARD).content.decode()
    assert 'name="owner_name"' in page and 'list="owner-names"' in page
    assert 'hx-get="/organisaties/namen/"' in page and '<datalist id="owner-names">' in page
    assert '<select name="owner"' not in page and '<select name="party"' not in page
    assert rows(client.get(BOARD, {"owner_name": "albeda"}).content.decode()) == [
        "Charlie", "Bravo", "Alfa"
    ]  # fmt: skip
    assert rows(client.get(BOARD, {"owner_name": "nergens"}).content.decode()) == []
    services.set_parties(actor=secretary, agreement=three[0], parties=[(union, "informed")])
    assert rows(client.get(BOARD, {"party_name": "FNV"}).content.decode()) == ["Bravo"]


def test_the_suggestions_are_names_containing_what_was_typed(
    client, secretary, school, union, django_assert_num_queries
):
    client.force_login(secretary)
    url = reverse("regions:organisation_names")
    client.get(url, {"owner_name": "Al"})
    with django_assert_num_queries(4):  # user, roles, unread count, names
        answer = client.get(url, {"owner_name": "lbed"}).content.decode()
    assert answer.strip() == '<option value="Albeda College"></option>'
    assert client.get(url, {"owner_name": "A"}).content.decode().strip() == ""  # too short
    assert client.get(url, {"party_name": "fn"}).content.decode().strip() == (
        '<option value="FNV"></option>'
    )


def test_the_api_still_filters_the_owner_by_id(client, secretary, three, school):
    client.force_login(secretary)
    api = client.get("/api/v1/agreements/", {"owner": school.pk}).json()
    assert api["count"] == 3

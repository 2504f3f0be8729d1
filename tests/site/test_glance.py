"""The board's home page shows national progress at a glance: the figures of the national
monitor, in a fixed number of queries, and only for board members."""

import pytest
from django.urls import reverse

from agendas.models import AgendaRevision, RevisionState
from agreements.models import Agreement
from core.timeutils import cycle_year_for, local_today
from regions.models import User

pytestmark = pytest.mark.django_db


def figure(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}">') + len(f'data-testid="{testid}">')
    return page[start : page.index("<", start)]


def test_the_board_sees_the_national_figures(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    page = client.get("/").content.decode()
    year = cycle_year_for(local_today())
    ratified = AgendaRevision.objects.filter(year=year, state=RevisionState.RATIFIED).count()
    assert figure(page, "glance-ratified") == f"{ratified} / 8"
    assert figure(page, "glance-active") == str(Agreement.objects.filter(state="active").count())
    assert figure(page, "glance-overdue") != "0"  # the demo has overdue reports
    assert reverse("agreements:monitor") in page


@pytest.mark.parametrize("username", ["secretaris", "school", "secretariaat", "tafellid"])
def test_others_do_not_get_the_national_glance(client, demo, username):
    client.force_login(User.objects.get(username=username))
    assert 'data-testid="glance"' not in client.get("/").content.decode()


def test_the_glance_costs_the_same_however_many_agreements(
    client, demo, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(User.objects.get(username="bestuur"))
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    template = Agreement.objects.filter(state="active").first()
    for n in range(20):
        template.pk = None
        template.title = f"Kopie {n}"
        template.save()
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get("/").content.decode()
    assert int(figure(page, "glance-active")) >= 20

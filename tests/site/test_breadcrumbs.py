"""Every detail page carries a breadcrumb trail from the home page: its links lead to pages
the same user may open, and the last crumb is the page itself (not a link)."""

import re

import pytest
from django.urls import reverse

from agendas.models import AgendaRevision
from agreements.models import Agreement, StartStopNotice
from arbitration.models import Dossier
from regions.models import Organisation, RegionalTable, User

pytestmark = pytest.mark.django_db

CRUMB = re.compile(
    r'<li>(?:<a href="(?P<url>[^"]+)">(?P<label>[^<]+)</a>'
    r'|<span aria-current="page">(?P<here>[^<]+)</span>)</li>'
)


def trail(html: str) -> list[tuple[str, str | None]]:
    start = html.index('data-testid="breadcrumb"')
    block = html[start : html.index("</nav>", start)]
    return [(m["label"] or m["here"], m["url"]) for m in CRUMB.finditer(block)]


def pages():
    revision = AgendaRevision.objects.order_by("pk").first()
    agreement = Agreement.objects.filter(regional_table__isnull=False).order_by("pk").first()
    table = RegionalTable.objects.order_by("pk").first()
    return {
        "secretaris": [
            (reverse("agendas:sectorkamer_detail", args=[revision.agenda.sectorkamer.code]), 2),
            (reverse("agendas:agenda_detail", args=[revision.agenda_id]), 3),
            (reverse("agendas:revision_detail", args=[revision.pk]), 4),
            (reverse("agendas:revision_diff", args=[revision.pk]), 4),
            (reverse("agreements:detail", args=[agreement.pk]), 3),
            (reverse("agreements:history", args=[agreement.pk]), 3),
            (reverse("regions:organisation_detail", args=[Organisation.objects.first().pk]), 2),
            (reverse("regions:table_detail", args=[table.pk]), 2),
            (reverse("agreements:table_workspace", args=[table.pk]), 3),
            (reverse("notifications:settings"), 2),
            (reverse("agreements:monitor"), 1),
            (reverse("agreements:monitor_table", args=[table.pk]), 2),
        ],
        "school": [
            (reverse("agreements:notice_detail", args=[StartStopNotice.objects.first().pk]), 2),
        ],
        "secretariaat": [
            (reverse("arbitration:dossier_detail", args=[Dossier.objects.first().pk]), 2),
        ],
    }


def test_each_detail_page_has_a_trail_whose_links_the_user_may_follow(client, demo):
    checked = 0
    for username, urls in pages().items():
        client.force_login(User.objects.get(username=username))
        for url, depth in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            crumbs = trail(response.content.decode())
            assert crumbs[0] == ("Start", "/"), url
            assert len(crumbs) == depth + 1, (url, crumbs)
            assert crumbs[-1][1] is None, f"the last crumb of {url} is a link"
            for label, link in crumbs[:-1]:
                assert link, f"{label} on {url} is not a link"
                assert client.get(link).status_code == 200, (url, label, link)
                checked += 1
    assert checked > 20

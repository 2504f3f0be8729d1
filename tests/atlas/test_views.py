"""The atlas pages: the ranked signals, the enrolment trend as a chart with its table, the
labour-market indicators; filters; print layout; constant queries."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atlas.models import Enrolment, Signal
from core.timeutils import cycle_year_for, local_today
from regions.models import User

pytestmark = pytest.mark.django_db

YEAR = cycle_year_for(local_today())
# user, the navigation's and roles' reads, the sectorkamer, then the page's own:
# its publication, the number of signals and one page of them, enrolment per opleiding and
# year, indicators, the region filter's choices, the map's figures and its regions; and
# agendas' panel: the cycle's revision and what was done with its signals
ATLAS_PAGE_QUERIES = 14


def atlas_url(code="01", year=YEAR):
    return reverse("atlas:sectorkamer", args=[code, year])


def test_the_secretary_reads_the_tgo_atlas(client, demo):
    client.force_login(User.objects.get(username="secretaris"))
    index = client.get(reverse("atlas:index")).content.decode()
    assert atlas_url() in index
    page = client.get(atlas_url()).content.decode()
    heaviest = Signal.objects.filter(sectorkamer__code="01", year=YEAR, state="open").order_by(
        "-weight"
    )[0]
    assert f'data-signal="{heaviest.pk}"' in page
    assert page.index(f'data-signal="{heaviest.pk}"') < page.index('data-testid="trend-chart"')
    assert '<title id="trend-title">' in page and 'data-testid="series-table"' in page
    assert 'data-testid="indicator-table"' in page
    assert "Technicus installatietechniek (25316)" in page


def test_a_suppressed_total_is_shown_as_a_range(client, demo):
    suppressed = Enrolment.objects.filter(
        suppressed=True, qualification__sectorkamer__code="01"
    ).first()
    client.force_login(User.objects.get(username="bestuur"))
    page = client.get(atlas_url(), {"crebo": suppressed.qualification.crebo}).content.decode()
    assert "–" in page.split('data-testid="qualification-table"')[1]


def test_filters_narrow_the_enrolment(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    everything = client.get(atlas_url()).content.decode()
    bbl = client.get(atlas_url(), {"leerweg": "BBL"}).content.decode()
    assert everything.count('<tr><th scope="row">BOL</th>') == 1
    assert "— </td>" not in bbl  # the page renders
    series = bbl.split('data-testid="series-table"')[1].split("</table>")[0]
    assert '<th scope="row">BOL</th><td>—</td>' in series


def test_the_print_layout(client, demo):
    client.force_login(User.objects.get(username="secretaris"))
    page = client.get(atlas_url(), {"print": "1"}).content.decode()
    assert "print.css" in page and 'data-testid="signals"' in page


def test_anonymous_users_go_to_the_login_page(client, demo):
    assert client.get(atlas_url()).status_code == 302
    assert client.get(reverse("atlas:sectorkamer", args=["99", YEAR])).status_code == 302


def test_an_unknown_sectorkamer_is_404(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    assert client.get(reverse("atlas:sectorkamer", args=["99", YEAR])).status_code == 404


def test_the_atlas_page_takes_the_same_queries_whatever_the_data(client, demo):
    client.force_login(User.objects.get(username="secretaris"))
    client.get(atlas_url())  # warm the caches of the session and the user's roles
    with CaptureQueriesContext(connection) as before:
        client.get(atlas_url())
    rows = list(Enrolment.objects.filter(qualification__sectorkamer__code="01")[:20])
    for row in rows:
        row.pk = None
        row.year = row.year - 1
    Enrolment.objects.bulk_create(rows, ignore_conflicts=True)
    Signal.objects.bulk_create(
        [Signal(rule=s.rule, year=s.year, subject=f"{s.subject}|x{i}", sectorkamer=s.sectorkamer,
                qualification=s.qualification, value=s.value, weight=s.weight)
         for i, s in enumerate(Signal.objects.filter(sectorkamer__code="01", year=YEAR))]
    )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        client.get(atlas_url())
    assert len(after) == len(before) == ATLAS_PAGE_QUERIES


def test_staff_load_a_file_on_the_datasets_page(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(User.objects.get(username="beheer"))
    url = reverse("atlas:datasets")
    assert url in client.get(reverse("atlas:index")).content.decode()
    bad = SimpleUploadedFile(
        "kans.csv", b"INDICATOR;NIVEAU;CREBO;JAAR;WAARDE\nnope;crebo;25462;2026;1\n"
    )
    refused = client.post(url, {"kind": "indicators", "file": bad})
    assert refused.status_code == 400
    assert "regel 2, kolom INDICATOR" in refused.content.decode()
    good = SimpleUploadedFile(
        "kans.csv", b"INDICATOR;NIVEAU;CREBO;JAAR;WAARDE\nkans_op_werk;crebo;25462;2026;51\n"
    )
    response = client.post(url, {"kind": "indicators", "file": good}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "1 waarden opgeslagen" in response.content.decode()


def test_only_staff_open_the_datasets_page(client, demo):
    client.force_login(User.objects.get(username="secretaris"))
    assert client.get(reverse("atlas:datasets")).status_code == 403
    assert reverse("atlas:datasets") not in client.get(reverse("atlas:index")).content.decode()


def region_url(code="AM05", year=YEAR):
    return reverse("atlas:region", args=[code, year])


# as the atlas page, with the regional tables of the region instead of agendas' panel and
# the publication
REGION_PAGE_QUERIES = 12


def test_a_regional_table_reads_its_region_atlas(client, demo):
    client.force_login(User.objects.get(username="secretaris"))
    page = client.get(region_url()).content.decode()
    assert "Twente" in page and 'data-testid="trend-chart"' in page
    assert 'data-testid="growth"' in page and 'data-testid="decline"' in page
    assert 'data-testid="region-map"' in page and 'data-testid="region-indicator-table"' in page
    twente = Signal.objects.filter(year=YEAR, state="open").filter(
        Q(region__code="AM05") | Q(institution__regions__code="AM05")
    )
    # about the region itself and about an institution in it
    assert twente.filter(region__isnull=False).exists()
    assert twente.filter(institution__isnull=False).exists()
    assert all(f'data-signal="{s.pk}"' in page for s in twente)
    elsewhere = Signal.objects.filter(year=YEAR, state="open", region__code="AM01")
    assert elsewhere.exists() and not any(f'data-signal="{s.pk}"' in page for s in elsewhere)
    assert 'aria-current="true"' in page.split('data-testid="region-table"')[1]


def test_the_map_shows_what_is_chosen_and_refuses_what_is_not_offered(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    page = client.get(atlas_url(), {"map": "spanningsindicator"}).content.decode()
    table = page.split('data-testid="region-table"')[1].split("</table>")[0]
    assert "UWV-spanningsindicator" in page.split('id="map-heading"')[1][:200]
    assert "<td>2.6</td>" in table  # Groningen in the synthetic UWV file
    page = client.get(atlas_url(), {"map": "nonsense"}).content.decode()
    assert "Studenten in het laatste jaar" in page.split('id="map-heading"')[1][:200]
    assert 'class="errorlist' in page  # the choice's own error


def test_the_index_maps_every_region_with_a_link_to_its_atlas(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    page = client.get(reverse("atlas:index")).content.decode()
    assert page.count("/atlas/regio/") >= 35 and 'data-testid="region-map"' in page


def test_the_region_print_layout(client, demo):
    client.force_login(User.objects.get(username="secretaris"))
    page = client.get(region_url(), {"print": "1"}).content.decode()
    assert "print.css" in page and "Twente" in page and "/atlas/regio/" not in page


def test_the_region_atlas_takes_the_same_queries_whatever_the_data(client, demo):
    client.force_login(User.objects.get(username="secretaris"))
    client.get(region_url())
    with CaptureQueriesContext(connection) as before:
        client.get(region_url())
    rows = list(Enrolment.objects.filter(institution__regions__code="AM05")[:20])
    for row in rows:
        row.pk = None
        row.year = row.year - 1
    Enrolment.objects.bulk_create(rows, ignore_conflicts=True)
    with CaptureQueriesContext(connection) as after:
        client.get(region_url())
    assert len(after) == len(before) == REGION_PAGE_QUERIES


def test_the_signals_come_a_page_at_a_time_heaviest_first(client, demo):
    from atlas.models import Signal
    from atlas.selectors import SIGNALS_SHOWN

    tgo = Signal.objects.filter(sectorkamer__code="01", year=YEAR, state="open")
    template = tgo.first()
    extra = SIGNALS_SHOWN + 3 - tgo.count()
    Signal.objects.bulk_create(
        Signal(rule=template.rule, year=YEAR, subject=f"extra-{i}",
               sectorkamer=template.sectorkamer, value="1", weight=1, details={})
        for i in range(extra)
    )  # fmt: skip
    client.force_login(User.objects.get(username="bestuur"))
    first = client.get(atlas_url(), {"map": "spanningsindicator"}).content.decode()
    assert first.count("data-signal=") == SIGNALS_SHOWN
    assert f"{SIGNALS_SHOWN + 3} open signalen" in first
    assert "map=spanningsindicator&amp;page=2" in first  # the other choices stay
    second = client.get(atlas_url(), {"page": 2}).content.decode()
    assert second.count("data-signal=") == 3 and "extra-" not in second.split("<tbody>")[0]
    heaviest = tgo.order_by("-weight").first()
    assert f'data-signal="{heaviest.pk}"' in first and f'data-signal="{heaviest.pk}"' not in second

"""The stored enrolment roll-ups: written with each DUO delivery, equal to the sums of the
institutions' rows they replace on the atlas pages, kept when an institution changes regions
or a qualification changes sectorkamer, gone with a replaced delivery."""

import io

import pytest
from django.db.models import Count, Q, Sum
from django.urls import reverse

from atlas import selectors
from atlas.models import Enrolment, Qualification, QualificationTotal, RegionTotal
from atlas.services import import_enrolments
from regions.models import Arbeidsmarktregio, Organisation, OrganisationKind, Sectorkamer, User
from tests.atlas.test_views import YEAR, atlas_url

pytestmark = pytest.mark.django_db

SUMS = {
    "low": Sum("low"),
    "high": Sum("high"),
    "cells": Count("pk"),
    "suppressed_cells": Count("pk", filter=Q(suppressed=True)),
}


def per_qualification():
    keys = ("dataset_id", "qualification_id", "leerweg", "year", "gender")
    return {
        tuple(row[k] for k in keys): tuple(row[k] for k in SUMS)
        for row in Enrolment.objects.values(*keys).annotate(**SUMS)
    }, {
        tuple(row[k] for k in keys): tuple(row[k] for k in SUMS)
        for row in QualificationTotal.objects.values(*keys, *SUMS)
    }


def per_region():
    keys = ("dataset_id", "institution__regions", "qualification__sectorkamer", "year", "gender")
    summed = (
        Enrolment.objects.filter(institution__regions__isnull=False).values(*keys).annotate(**SUMS)
    )
    stored = RegionTotal.objects.values("dataset_id", "region_id", "sectorkamer_id", "year",
                                        "gender", *SUMS)  # fmt: skip
    return (
        {tuple(row[k] for k in keys): tuple(row[k] for k in SUMS) for row in summed},
        {tuple(list(row.values())[:5]): tuple(row[k] for k in SUMS) for row in stored},
    )


def test_the_demo_delivery_stores_the_sums_of_its_rows(demo):
    summed, stored = per_qualification()
    assert summed and stored == summed
    assert any(cells[3] for cells in stored.values())  # suppressed cells are counted
    summed, stored = per_region()
    assert summed and stored == summed


def picture(client, **params):
    client.force_login(User.objects.get(username="bestuur"))
    return client.get(atlas_url(), params).context


def from_institutions(params):
    """What the page would show when summed over every institution's row (every opleiding,
    as printed)."""
    kamer = Sectorkamer.objects.get(code="01")
    years = list(range(YEAR - selectors.YEARS_SHOWN, YEAR))
    rows = selectors.EnrolmentFilter(
        params or None,
        queryset=selectors.current_enrolments().filter(
            qualification__sectorkamer=kamer, year__in=years
        ),
    )
    return selectors._enrolment_picture(rows.qs, years, {**params, "print": "1"})


@pytest.mark.parametrize("params", [{}, {"leerweg": "BBL"}, {"level": "4"}, {"crebo": "25316"}])
def test_the_sector_picture_from_the_totals_equals_the_sum_of_the_rows(client, demo, params):
    shown, expected = picture(client, **params), from_institutions(params)
    assert shown["series_table"] == expected["series_table"]

    def rows(picture):
        return [(q["crebo"], q["cells"], q["change_1y"], q["share"])
                for q in picture["qualifications"]]  # fmt: skip

    assert rows(shown) == rows(expected)
    assert [[e["crebo"] for e in rows] for _t, rows, _i in shown["rankings"]] == [
        [e["crebo"] for e in rows] for _t, rows, _i in expected["rankings"]
    ]
    assert any(cell is not None for _name, cells in shown["series_table"] for cell in cells)


def test_a_chosen_region_sums_only_the_institutions_in_it(client, demo):
    everywhere = picture(client)["series_table"]
    twente = picture(client, region="AM05")["series_table"]
    assert twente == from_institutions({"region": "AM05"})["series_table"]
    assert twente[0][1][-1].high < everywhere[0][1][-1].high
    # a bad value elsewhere does not lose the region
    assert picture(client, region="AM05", level="9")["series_table"] == twente


def map_figure(code: str, kamer=None) -> int | None:
    rows = selectors.region_map(selectors.MAP_STUDENTS, sectorkamer=kamer, year=YEAR - 1)["rows"]
    return dict((region.code, shown) for region, shown in rows)[code]


def students(code: str) -> int:
    return RegionTotal.objects.filter(region__code=code).aggregate(n=Sum("high"))["n"] or 0


def test_an_institution_moving_region_moves_its_students_on_the_map(demo):
    school = Organisation.objects.filter(enrolments__isnull=False, regions__code="AM05").exclude(
        regions__code="AM01"
    ).distinct().first()  # fmt: skip
    ours = Enrolment.objects.filter(institution=school).aggregate(n=Sum("high"))["n"]
    before = {code: students(code) for code in ("AM05", "AM01")}
    drenthe = Arbeidsmarktregio.objects.get(code="AM01")
    school.regions.set([drenthe])
    assert students("AM01") == before["AM01"] + ours
    assert students("AM05") == before["AM05"] - ours
    assert map_figure("AM01") != "—"
    summed, stored = per_region()
    assert stored == summed
    drenthe.organisations.remove(school)  # the other side of the relation
    assert students("AM01") == before["AM01"]
    school.regions.add(Arbeidsmarktregio.objects.get(code="AM05"))
    assert students("AM05") == before["AM05"]
    school.regions.clear()
    assert students("AM05") == before["AM05"] - ours
    summed, stored = per_region()
    assert stored == summed


def test_a_qualification_moving_sectorkamer_moves_its_students(demo):
    qualification = Qualification.objects.filter(
        enrolments__isnull=False, sectorkamer__code="01"
    ).first()
    zorg = Sectorkamer.objects.get(code="03")
    before = RegionTotal.objects.filter(sectorkamer=zorg).aggregate(n=Sum("high"))["n"] or 0
    qualification.sectorkamer = zorg
    qualification.save()
    after = RegionTotal.objects.filter(sectorkamer=zorg).aggregate(n=Sum("high"))["n"]
    assert after > before
    summed, stored = per_region()
    assert stored == summed


def test_a_replaced_delivery_takes_its_totals_along(reference, make_org, staff):
    zorg = Sectorkamer.objects.get(code="03")
    Qualification.objects.create(crebo="25655", name="Verzorgende-IG", level=3, sectorkamer=zorg)
    school = make_org("Albeda", kind=OrganisationKind.MBO_INSTITUTION, code="00GT")
    school.regions.set([Arbeidsmarktregio.objects.get(code="AM05")])
    head = f"INSTELLINGSCODE;LEERWEG;ERKENDE OPLEIDING CODE;MAN{YEAR - 1};VROUW{YEAR - 1}\n"

    def load(line):
        stream = io.BytesIO((head + line).encode())
        return import_enrolments(actor=staff, stream=stream).dataset

    first = load("00GT;BBL;25655;10;-1\n")
    assert QualificationTotal.objects.get(dataset=first, gender="vrouw").suppressed_cells == 1
    assert RegionTotal.objects.filter(dataset=first).count() == 2  # men and women
    second = load("00GT;BBL;25655;12;30\n")
    assert not QualificationTotal.objects.filter(dataset=first).exists()
    assert not RegionTotal.objects.filter(dataset=first).exists()
    women = QualificationTotal.objects.get(dataset=second, gender="vrouw")
    assert (women.low, women.high, women.cells, women.suppressed_cells) == (30, 30, 1, 0)
    assert map_figure("AM05", zorg) == "42"


def test_the_opleidingen_come_a_page_at_a_time(client, demo, monkeypatch):
    monkeypatch.setattr(selectors, "QUALIFICATIONS_SHOWN", 2)
    client.force_login(User.objects.get(username="bestuur"))
    context = client.get(atlas_url(), {"leerweg": "BOL"}).context
    everything = from_institutions({"leerweg": "BOL"})["qualifications"]
    assert len(everything) > 4
    assert [q["crebo"] for q in context["qualifications"]] == [q["crebo"] for q in everything[:2]]
    page = client.get(atlas_url(), {"leerweg": "BOL", "opleidingen": 2}).content.decode()
    table = page.split('data-testid="qualification-table"')[1].split("</table>")[0]
    assert f"({everything[2]['crebo']})" in table and f"({everything[0]['crebo']})" not in table
    assert "leerweg=BOL&amp;opleidingen=3" in page and "leerweg=BOL&amp;opleidingen=1" in page
    assert f"{len(everything)} opleidingen" in page
    assert 'aria-label="Pagina\'s van de opleidingen"' in page  # not the signals' label
    # the rankings are over every opleiding, not the page
    ranked = {e["crebo"] for _t, rows, _i in context["rankings"] for e in rows}
    assert ranked - {q["crebo"] for q in context["qualifications"]}
    # a page that is not a number or past the end: the first or the last page
    assert client.get(atlas_url(), {"opleidingen": "x"}).context["qualifications_page"].number == 1
    last = client.get(atlas_url(), {"opleidingen": 999}).context["qualifications_page"]
    assert last.number == last.paginator.num_pages > 1
    # print: every opleiding
    printed = client.get(atlas_url(), {"print": "1"}).context["qualifications"]
    assert len(printed) == len(from_institutions({})["qualifications"])


def test_the_region_atlas_pages_its_opleidingen_too(client, demo, monkeypatch):
    monkeypatch.setattr(selectors, "QUALIFICATIONS_SHOWN", 2)
    client.force_login(User.objects.get(username="secretaris"))
    url = reverse("atlas:region", args=["AM05", YEAR])
    context = client.get(url, {"opleidingen": 2, "page": 1}).context
    assert context["qualifications_page"].number == 2 and len(context["qualifications"]) <= 2
    assert (
        "page=1&amp;opleidingen=3"
        in client.get(url, {"opleidingen": 2, "page": 1}).content.decode()
    )

"""The atlas's computed figures: change over 1 and 3 years, the share of the whole, the
strongest growth and decline (exact counts only), and the tile map's figures per region."""

import io

import pytest

from atlas import selectors
from atlas.models import Qualification
from atlas.services import import_enrolments, import_indicators
from core.timeutils import cycle_year_for, local_today
from regions.models import Arbeidsmarktregio, OrganisationKind, Sectorkamer

pytestmark = pytest.mark.django_db

YEAR = cycle_year_for(local_today())
D = YEAR - 1
HEADER = "INSTELLINGSCODE;LEERWEG;ERKENDE OPLEIDING CODE;JAAR;AANTAL\n"


@pytest.fixture
def world(reference, make_org, staff):
    zorg = Sectorkamer.objects.get(code="03")
    for crebo in ("25001", "25002", "25003", "25004"):
        Qualification.objects.create(crebo=crebo, name=f"Opleiding {crebo}", level=3,
                                     sectorkamer=zorg)  # fmt: skip
    one, two = Arbeidsmarktregio.objects.order_by("code")[:2]
    make_org("Albeda", kind=OrganisationKind.MBO_INSTITUTION, code="00GT").regions.add(one)
    make_org("Techniek", kind=OrganisationKind.MBO_INSTITUTION, code="01AB").regions.add(one, two)
    text = HEADER + "".join(line + "\n" for line in LINES)
    import_enrolments(actor=staff, stream=io.BytesIO(text.encode()))
    return zorg, one, two


LINES = [
    f"00GT;BBL;25001;{D - 3};100", f"00GT;BBL;25001;{D - 1};100", f"00GT;BBL;25001;{D};150",
    f"00GT;BBL;25002;{D - 1};200", f"00GT;BBL;25002;{D};120",  # the strongest decline
    f"00GT;BBL;25003;{D - 1};50", f"00GT;BBL;25003;{D};60",
    f"01AB;BBL;25003;{D - 1};10", f"01AB;BBL;25003;{D};-1",  # a range: never ranked
    f"01AB;BOLVT;25004;{D - 1};70", f"01AB;BOLVT;25004;{D};70",  # no change: not ranked
]  # fmt: skip


def picture(sectorkamer, **params):
    return selectors.sectorkamer_atlas(user=_staff(), sectorkamer=sectorkamer, year=YEAR,
                                       params=params)  # fmt: skip


def _staff():
    from regions.models import User

    return User.objects.get(is_staff=True)


def by_crebo(atlas):
    return {q["crebo"]: q for q in atlas["qualifications"]}


def test_change_over_one_and_three_years_and_the_share_of_the_sector(world):
    atlas = picture(world[0])
    rows = by_crebo(atlas)
    assert rows["25001"]["change_1y"] == (50, "+50%")
    assert rows["25001"]["change_3y"] == "+50%"  # 100 in D-3, 150 in D
    assert rows["25002"]["change_1y"] == (-80, "-40%")
    # the sector in D: 150 + 120 + 60 + (1 to 4) + 70 is a range, so no share is certain
    assert rows["25001"]["share"] is None
    bbl = picture(world[0], leerweg="BOL")  # only 25004 (70 of 70)
    assert by_crebo(bbl)["25004"]["share"] == "100.0%"


def test_an_exact_whole_gives_every_share(world, staff):
    lines = LINES[:8] + [f"01AB;BBL;25003;{D};4"] + LINES[9:]  # the small cell as a count
    text = HEADER + "".join(line + "\n" for line in lines)
    import_enrolments(actor=staff, stream=io.BytesIO(text.encode()))  # replaces the delivery
    rows = by_crebo(picture(world[0]))
    # the sector in D: 150 + 120 + 60 + 4 + 70 = 404
    assert rows["25001"]["share"] == "37.1%" and rows["25003"]["share"] == "15.8%"
    assert rows["25003"]["change_1y"] == (4, "+7%")  # 60 against 60, 64 against 60


def test_growth_and_decline_are_ranked_by_exact_change_only(world):
    rankings = {testid: rows for _title, rows, testid in picture(world[0])["rankings"]}
    assert [q["crebo"] for q in rankings["growth"]] == ["25001"]
    assert [q["crebo"] for q in rankings["decline"]] == ["25002"]  # 25003 is a range


def test_the_map_counts_an_institution_in_each_of_its_regions(world):
    zorg, one, two = world
    figures = selectors.region_map("students", sectorkamer=zorg, year=D)
    values = dict((region.code, value) for region, value in figures["rows"])
    assert values[one.code] == "401–404"  # 00GT 330 and 01AB 70 + (1 to 4)
    assert values[two.code] == "71–74"
    assert len(figures["chart"].tiles) == 35
    shaded = {t["code"]: t["shade"] for t in figures["chart"].tiles}
    assert shaded[one.code] == 4 and shaded[two.code] == 0
    assert sum(1 for shade in shaded.values() if shade == "none") == 33


def test_the_map_of_a_region_level_indicator(world, staff):
    one = world[1]
    text = ("INDICATOR;NIVEAU;CREBO;INSTELLINGSCODE;REGIO;JAAR;WAARDE\n"
            f"spanningsindicator;arbeidsmarktregio;;;{one.code};{D - 1};1.2\n"
            f"spanningsindicator;arbeidsmarktregio;;;{one.code};{D};1.50\n")  # fmt: skip
    import_indicators(actor=staff, stream=io.BytesIO(text.encode()))
    figures = selectors.region_map("spanningsindicator", year=D)
    values = dict((region.code, value) for region, value in figures["rows"])
    assert values[one.code] == "1.5"  # the latest year, as written


def test_every_region_has_a_tile_and_no_two_share_one():
    from atlas.charts import tile_positions

    positions = tile_positions()
    assert len(positions) == 35 and len(set(positions.values())) == 35
    with open("regions/data/arbeidsmarktregios.csv", encoding="utf-8") as handle:
        codes = {line.split(",")[0] for line in handle.read().splitlines()[1:] if line}
    assert set(positions) == codes


def test_the_region_atlas_shows_its_institutions_only(world):
    zorg, one, two = world
    atlas = selectors.region_atlas(user=_staff(), region=two, year=YEAR, params={})
    assert set(by_crebo(atlas)) == {"25003", "25004"}  # only 01AB is in the second region
    [current] = [t["code"] for t in atlas["map"]["chart"].tiles if t["current"]]
    assert current == two.code

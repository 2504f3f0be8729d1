"""The atlas conversation in the browser: the TGO secretary reads the signals, turns one into a
priority and sets another aside; the revision page and the board's queue show the coverage."""

import re

from playwright.sync_api import expect

from core.timeutils import cycle_year_for, local_today


def test_from_the_atlas_to_the_agenda_and_the_board(page, login, demo_data, screenshot_dir):
    year = cycle_year_for(local_today())
    login("secretaris")
    page.get_by_role("link", name="Bosatlas").first.click()
    page.get_by_role("link", name="Techniek en gebouwde omgeving (TGO)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"cyclus {year}")
    signals = page.get_by_test_id("signals").locator("tbody tr")
    expect(signals.first).to_contain_text("Minder dan 50 studenten")
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/atlas-tgo.png", full_page=True)

    # the heaviest signal becomes a draft priority, prefilled with it as evidence
    first = signals.first
    first.get_by_role("button", name="Maak een prioriteit").click()
    expect(page.get_by_role("status")).to_contain_text("conceptprioriteit")
    expect(page.get_by_label("Onderbouwing", exact=True)).to_have_value(
        re.compile(re.escape(f"Bosatlas {year}: Minder dan 50 studenten bij een instelling"))
    )
    page.go_back()
    page.reload()
    expect(signals.first.get_by_test_id("addressed")).to_be_visible()

    # another is set aside, with the reason
    second = page.get_by_test_id("signals").locator("tbody tr").nth(1)
    second.get_by_label("Geen actie, omdat").fill("al belegd bij de regionale tafel")
    second.get_by_role("button", name="Terzijde leggen").click()
    expect(page.get_by_role("status")).to_contain_text("geen actie op dit signaal")
    expect(page.get_by_test_id("signals").locator("tbody tr").nth(1)).to_contain_text(
        "Geen actie: al belegd bij de regionale tafel"
    )

    # the revision page shows the coverage; the secretary submits and records adoption
    page.goto("/sectorkamers/01/")
    page.get_by_role("link", name="Sectoragenda Techniek en gebouwde omgeving").click()
    page.get_by_role("link", name=str(year), exact=True).click()
    coverage = page.get_by_test_id("signal-coverage")
    expect(coverage.get_by_test_id("covered")).to_have_count(3)  # with the demo's two
    expect(coverage.get_by_test_id("set-aside")).to_contain_text("al belegd")
    page.get_by_label("Toch indienen, ook al staan er nog topsignalen van de atlas open").check()
    page.get_by_role("button", name="Indienen bij de sectorkamer").click()
    adopt = page.locator('form[data-transition="adopt"]')
    adopt.get_by_label("Datum van de sectorkamervergadering").fill(local_today().isoformat())
    adopt.get_by_label("De onderwijszijde heeft ingestemd").check()
    adopt.get_by_label("De bedrijfslevenzijde heeft ingestemd").check()
    adopt.get_by_role("button", name="Vaststelling vastleggen").click()
    expect(page.get_by_test_id("state")).to_have_text("vastgesteld")
    page.get_by_role("button", name="Uitloggen").click()

    # the board sees the same coverage on its queue
    login("bestuur")
    page.goto("/bekrachtiging/")
    row = page.get_by_test_id("queue").locator("tr", has_text="Techniek en gebouwde omgeving")
    expect(row.get_by_test_id("queue-coverage")).to_contain_text("3 opgepakt, 1 terzijde gelegd")


def test_a_regional_table_reads_its_region_and_recolours_the_map(page, login, demo_data):
    year = cycle_year_for(local_today())
    login("coordinator")
    page.get_by_role("link", name="Bosatlas").first.click()
    page.get_by_test_id("region-table").get_by_role("link", name="Twente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Twente voor de cyclus {year}")
    expect(page.get_by_test_id("signals").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("region-table").locator('tr[aria-current="true"]')).to_contain_text(
        "Twente"
    )
    page.get_by_label("Kaart", exact=True).select_option(label="UWV-spanningsindicator")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("#map-heading")).to_contain_text("UWV-spanningsindicator")
    expect(page.get_by_test_id("region-table").locator("tr", has_text="Twente")).to_contain_text(
        "1.9"
    )

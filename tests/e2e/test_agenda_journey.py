"""The yearly agenda cycle in the browser: secretary, member and board."""

import re

from playwright.sync_api import expect

from core.timeutils import cycle_year_for, local_today


def open_current_tgo_revision(page):
    year = cycle_year_for(local_today())
    page.goto("/sectorkamers/01/")
    page.get_by_role("link", name="Sectoragenda Techniek en gebouwde omgeving").click()
    page.get_by_role("link", name=str(year), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Revisie {year}")
    return year


def test_secretary_member_and_board_take_a_revision_through_the_cycle(
    page, login, demo_data, screenshot_dir
):
    # The secretary adds a priority to this year's draft, submits and records adoption.
    login("secretaris")
    year = open_current_tgo_revision(page)
    expect(page.get_by_test_id("state")).to_have_text("concept")
    page.get_by_role("link", name="Prioriteit toevoegen").click()
    page.get_by_label("Soort").select_option(label="kans")
    page.get_by_label("Titel").fill("Gastdocenten uit de installatietechniek")
    page.get_by_label("Beschrijving").fill("Meer gastdocenten om de instroom te verhogen.")
    page.get_by_label("regionaal").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De prioriteit is toegevoegd.")
    expect(page.get_by_test_id("priorities")).to_contain_text(
        "Gastdocenten uit de installatietechniek"
    )

    # the demo's atlas has top signals nobody answered yet: submitting asks to confirm
    page.get_by_role("button", name="Indienen bij de sectorkamer").click()
    expect(page.locator(".errorlist")).to_contain_text("topsignalen van de atlas zijn niet")
    page.get_by_label("Toch indienen, ook al staan er nog topsignalen van de atlas open").check()
    page.get_by_role("button", name="Indienen bij de sectorkamer").click()
    expect(page.get_by_test_id("state")).to_have_text("ingediend")
    expect(page.get_by_test_id("read-only")).to_be_visible()

    adopt = page.locator('form[data-transition="adopt"]')
    adopt.get_by_label("Datum van de sectorkamervergadering").fill(local_today().isoformat())
    adopt.get_by_label("De onderwijszijde heeft ingestemd").check()
    adopt.get_by_role("button", name="Vaststelling vastleggen").click()
    expect(page.get_by_role("alert").or_(page.locator(".errorlist"))).to_contain_text(
        "bedrijfslevenzijde"
    )
    adopt = page.locator('form[data-transition="adopt"]')
    adopt.get_by_label("Datum van de sectorkamervergadering").fill(local_today().isoformat())
    adopt.get_by_label("De onderwijszijde heeft ingestemd").check()
    adopt.get_by_label("De bedrijfslevenzijde heeft ingestemd").check()
    adopt.get_by_role("button", name="Vaststelling vastleggen").click()
    expect(page.get_by_test_id("state")).to_have_text("vastgesteld")
    expect(page.locator("[data-transition]")).to_have_count(0)  # ratifying is the board's
    page.get_by_role("button", name="Uitloggen").click()

    # A member of the sectorkamer sees the revision but can change nothing.
    login("lid-onderwijs")
    open_current_tgo_revision(page)
    expect(page.get_by_test_id("priorities")).to_contain_text("Gastdocenten")
    expect(page.locator("[data-transition]")).to_have_count(0)
    expect(page.get_by_role("link", name="Prioriteit toevoegen")).to_have_count(0)
    page.get_by_role("button", name="Uitloggen").click()

    # The board finds it in the ratification queue and ratifies it.
    login("bestuur")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Bekrachtiging"
    ).click()
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text("Zorg, welzijn en sport")
    queue.get_by_role("link", name="Techniek en gebouwde omgeving").click()
    page.locator('form[data-transition="ratify"]').get_by_label("Toelichting").fill("Akkoord")
    page.get_by_role("button", name="Bekrachtigen").click()  # not yet confirmed: refused
    expect(page.get_by_test_id("error-summary")).to_contain_text("Bevestig dat u")
    form = page.locator('form[data-transition="ratify"]')
    form.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    form.get_by_role("button", name="Bekrachtigen").click()
    expect(page.get_by_test_id("state")).to_have_text("bekrachtigd")
    expect(page.get_by_test_id("read-only")).to_have_text(re.compile("bekrachtigd en alleen-lezen"))
    expect(page.get_by_test_id("timeline")).to_contain_text("Akkoord")

    # The diff with last year's revision shows what changed.
    page.get_by_role("link", name=f"Wijzigingen sinds {year - 1}").click()
    diff = page.get_by_test_id("diff")
    expect(diff).to_contain_text("Gastdocenten uit de installatietechniek")
    expect(diff).to_contain_text("toegevoegd")
    expect(diff).to_contain_text("Tekort aan installatiemonteurs en elektrotechnici")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/diff.png", full_page=True)
    page.get_by_role("button", name="Uitloggen").click()

    # Next year's revision starts from the ratified one.
    login("secretaris")
    page.goto("/sectorkamers/01/")
    page.get_by_role("link", name="Sectoragenda Techniek en gebouwde omgeving").click()
    expect(page.get_by_role("row", name=re.compile(f"{year - 1}"))).to_contain_text("vervangen")
    page.get_by_label("Cyclusjaar").fill(str(year + 1))
    page.get_by_role("button", name="Revisie starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Revisie {year + 1}")
    expect(page.get_by_test_id("priorities")).to_contain_text(
        "Gastdocenten uit de installatietechniek"
    )
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/revision.png", full_page=True)

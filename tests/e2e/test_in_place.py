"""Small actions update the page in place with htmx: accept an agreement, report progress,
resolve a notice conflict. No page load after the click; the section, the state and the
message change; a reload shows the same. Without JavaScript the same forms post and reload."""

import re
from datetime import date

from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD
from .test_attention_journeys import PageLoads, attention_item


def open_item(page, login, username, kind):
    login(username)
    attention_item(page, kind).first.locator(".attention-action").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_accepting_an_agreement_updates_the_parties_in_place(page, login, demo_data):
    open_item(page, login, "school", "accept")
    loads = PageLoads(page)
    parties = page.locator("#parties")
    parties.locator('form[data-decision="accept"]').get_by_role("button", name="Accepteren").click()
    expect(page.locator("#messages")).to_contain_text("geaccepteerd")
    expect(parties.locator('form[data-decision="accept"]')).to_have_count(0)
    assert loads.count == 0
    page.reload()
    expect(page.locator("#parties form[data-decision]")).to_have_count(0)


def test_a_progress_report_is_added_in_place(page, login, demo_data):
    login("secretaris")
    page.goto("/afspraken/")
    page.get_by_role("link", name="Meer leerbanen in de installatietechniek").first.click()
    loads = PageLoads(page)
    progress = page.locator("#progress")
    form = page.get_by_test_id("progress-form")
    today = date.today().isoformat()
    form.get_by_label("Periode van").fill(today)
    form.get_by_label("Periode tot en met").fill(today)
    form.get_by_label("Gemeten waarde").fill("11")
    form.get_by_label(re.compile(r"^Status")).select_option("on_track")
    form.get_by_label(re.compile(r"^Toelichting")).fill("Elf nieuwe leerbanen erbij")
    form.get_by_role("button", name="Rapportage opslaan").click()
    expect(page.locator("#messages")).to_contain_text("De voortgangsrapportage is opgeslagen.")
    expect(progress).to_contain_text("Elf nieuwe leerbanen erbij")
    assert loads.count == 0
    expect(page.get_by_test_id("chart")).to_be_visible()


def test_a_conflict_is_resolved_in_place(page, login, demo_data):
    open_item(page, login, "secretaris-mtlm", "conflict")
    loads = PageLoads(page)
    conflicts = page.locator("#conflicts")
    open_forms = conflicts.get_by_test_id("resolve-form")
    before = open_forms.count()
    form = open_forms.first
    form.get_by_label("Toch in lijn met de afspraak").check()
    form.get_by_role("button", name="Afhandelen").click()
    expect(page.locator("#messages")).to_contain_text("afgehandeld")
    expect(open_forms).to_have_count(before - 1)
    assert loads.count == 0


def test_without_javascript_accepting_posts_and_reloads(browser, live_server, demo_data):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill("school")
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        attention_item(page, "accept").first.locator(".attention-action").click()
        loads = PageLoads(page)
        page.locator('form[data-decision="accept"]').get_by_role(
            "button", name="Accepteren"
        ).click()
        expect(page.locator("#messages")).to_contain_text("geaccepteerd")
        assert loads.count == 1
    finally:
        context.close()

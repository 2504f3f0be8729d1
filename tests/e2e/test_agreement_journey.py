"""SMART agreements, a regional commitment and a conflicting start notice, in the browser."""

import re

from playwright.sync_api import expect

from core.timeutils import cycle_year_for, local_today


def field(label):
    """A form field by its exact label (required fields carry a hidden asterisk)."""
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def test_agreement_commitment_rollup_and_notice_conflict(page, login, demo_data, screenshot_dir):
    year = cycle_year_for(local_today())
    start = local_today().isoformat()
    deadline = f"{year + 1}-12-31"

    # The secretary drafts an agreement under a priority; the SMART check guides her.
    login("secretaris")
    page.goto("/sectorkamers/01/")
    page.get_by_role("link", name="Sectoragenda Techniek en gebouwde omgeving").click()
    page.get_by_role("link", name=str(year), exact=True).click()
    page.get_by_role("link", name=re.compile("^Afspraak toevoegen")).first.click()
    page.get_by_label("Niveau").select_option("sectoral")
    page.get_by_label("Categorie").select_option("cooperation")
    page.get_by_label(field("Titel")).fill("Hybride docenten installatietechniek")
    page.get_by_label("Wat, wie, waar").fill("Vakmensen geven een dag per week les bij Albeda.")
    page.get_by_label("Eigenaar (regie)").fill("Albeda College")
    page.get_by_role("button", name="Opslaan").click()
    smart = page.get_by_test_id("smart")
    expect(smart.locator('[data-letter="M"]')).to_contain_text("Noem de indicator.")
    expect(smart.locator('[data-letter="A"]')).to_contain_text("verantwoordelijke partij")
    expect(smart.locator('[data-letter="S"]')).to_contain_text("in orde")
    # Proposing is refused now: the button says so instead of failing after the click.
    expect(page.get_by_role("button", name="Voorleggen aan de partijen")).to_be_disabled()
    expect(page.get_by_test_id("blocked")).to_contain_text("M (Meetbaar)")
    expect(smart.locator('[data-letter="M"] a')).to_have_attribute(
        "href", re.compile(r"/bewerken/#id_indicator$")
    )

    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label(field("Indicator")).fill("Hybride docenten")
    page.get_by_label("Eenheid").fill("docenten")
    page.get_by_label(field("Nulwaarde")).fill("10")
    page.get_by_label("Datum nulwaarde").fill(start)
    page.get_by_label(field("Streefwaarde")).fill("10")  # equal to the baseline: refused
    page.get_by_label("Onderbouwing (middelen, capaciteit)").fill("OTIB betaalt de uren.")
    page.get_by_label("Startdatum").fill(start)
    page.get_by_label(field("Deadline")).fill(deadline)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_target_value_error")).to_contain_text("moet verschillen")
    page.get_by_label(field("Streefwaarde")).fill("30")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_label("Organisatie").fill("Albeda College")
    page.get_by_label("Rol").select_option("responsible")
    page.get_by_role("button", name="Partij toevoegen").click()
    for letter in "SMART":
        expect(smart.locator(f'[data-letter="{letter}"]')).to_contain_text("in orde")
    page.get_by_role("button", name="Voorleggen aan de partijen").click()
    expect(page.get_by_test_id("agreement-state")).to_have_text("voorgelegd")
    agreement_url = page.url
    logout(page)

    # The school's representative accepts; the agreement becomes active.
    login("school")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Mijn school"
    ).click()
    page.get_by_test_id("to-accept").get_by_role(
        "link", name="Hybride docenten installatietechniek"
    ).click()
    page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_test_id("agreement-state")).to_have_text("actief")
    logout(page)

    # The coordinator of Rotterdamse Zorg works it out regionally and proposes it.
    login("coordinator")
    page.goto("/regionale-tafels/")
    page.get_by_role("link", name="Rotterdamse Zorg").click()
    page.get_by_role("link", name="Toezeggingen").click()
    page.get_by_test_id("sector-agreements").get_by_role(
        "link", name=re.compile("Uitwerken Hybride docenten")
    ).click()
    expect(page.get_by_label(field("Indicator"))).to_have_value("Hybride docenten")
    page.get_by_label(field("Titel")).fill("Hybride docenten in Rijnmond")
    page.get_by_label("Eigenaar (regie)").fill("Albeda College")
    page.get_by_label(field("Nulwaarde")).fill("2")
    page.get_by_label("Datum nulwaarde").fill(start)
    page.get_by_label(field("Streefwaarde")).fill("12")
    page.get_by_label("Onderbouwing (middelen, capaciteit)").fill("Twee ziekenhuizen doen mee.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_label("Organisatie").fill("Albeda College")
    page.get_by_label("Rol").select_option("responsible")
    page.get_by_role("button", name="Partij toevoegen").click()
    page.get_by_role("button", name="Voorleggen aan de partijen").click()
    commitment_url = page.url
    logout(page)

    login("school")
    page.goto(commitment_url)
    page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_test_id("agreement-state")).to_have_text("actief")
    logout(page)

    # The coordinator reports progress; it rolls up to the sector agreement.
    login("coordinator")
    page.goto(commitment_url)
    form = page.get_by_test_id("progress-form")
    form.get_by_label("Periode van").fill(start)
    form.get_by_label("Periode tot en met").fill(start)
    form.get_by_label("Gemeten waarde").fill("7")
    form.get_by_label(field("Status")).select_option("on_track")
    form.get_by_role("button", name="Rapportage opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De voortgangsrapportage is opgeslagen.")
    expect(page.get_by_test_id("chart")).to_be_visible()
    page.goto(agreement_url)
    expect(page.get_by_test_id("rollup")).to_have_text("50,0%")
    logout(page)

    # The school files a start notice that breaks "Luchtvaartdienstverlener only near an airport".
    login("school")
    page.goto("/afspraken/start-stopmeldingen/nieuw/")
    page.get_by_label("Kwalificatie").select_option(label="Luchtvaartdienstverlener (25462)")
    page.get_by_label("Starten of stoppen").select_option("start")
    page.get_by_label("Leerweg").select_option("BOL")
    page.get_by_label("Gemeente (vestiging)").fill("Rotterdam")
    page.get_by_label("Arbeidsmarktregio").select_option(label="Rijnmond")
    page.get_by_label("Studiejaar (begint 1 augustus)").fill(str(year + 1))
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_role("button", name="Melding indienen").click()
    expect(page.get_by_test_id("notice-state")).to_contain_text("ingediend")
    expect(page.get_by_test_id("conflicts")).to_contain_text("Groot Amsterdam")
    notice_url = page.url
    logout(page)

    # The MTLM secretary sees the conflict and resolves it.
    login("secretaris-mtlm")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Start-/stopmeldingen"
    ).click()
    page.get_by_test_id("open-conflicts").get_by_role("link").first.click()
    expect(page).to_have_url(notice_url)
    page.get_by_label("geaccepteerd met reden").check()
    page.get_by_label(field("Reden")).fill("Tijdelijk, tot de overdracht aan ROC van Amsterdam.")
    page.get_by_role("button", name="Afhandelen").click()
    expect(page.get_by_test_id("conflicts")).to_contain_text("geaccepteerd met reden")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/notice.png", full_page=True)

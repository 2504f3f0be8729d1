"""A claim from filing to award in the browser, and who sees what."""

import datetime
import re

from playwright.sync_api import expect

from arbitration.models import ProceduralDeadline


def field(label):
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def test_claim_to_award(page, login, demo_data, screenshot_dir):
    # The school files a claim about the agreement with OTIB.
    login("school")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Arbitrage"
    ).click()
    page.get_by_role("link", name="Claim indienen").click()
    page.get_by_label(field("Namens")).select_option(label="Albeda College")
    page.get_by_label(field("Wederpartij(en)")).select_option(
        label="OTIB (Opleidingsfonds installatietechniek)"
    )
    page.get_by_label(field("Het geschil gaat over")).select_option("performance")
    page.get_by_label(field("Afspraak of afspraken in geschil")).select_option(
        label="Meer leerbanen in de installatietechniek"
    )
    page.get_by_label(field("Claim")).fill("OTIB financiert de toegezegde begeleiding niet.")
    page.get_by_role("button", name="Concept opslaan").click()
    page.get_by_role("button", name="Claim indienen").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("ingediend")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"ARB-\d{4}-\d{4}"))
    dossier_url = page.url
    logout(page)

    # The secretariat admits it, tries a conflicted arbiter, proposes an independent one.
    login("secretariaat")
    page.goto(dossier_url)
    page.locator('form[data-transition="admit"]').get_by_label(
        field("Redenen of toelichting")
    ).fill("Alle partijen zijn gebonden aan een arbitrageovereenkomst.")
    page.get_by_role("button", name="Toelaten").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("toegelaten")
    expect(page.get_by_test_id("independence")).to_contain_text(
        "Gelieerd aan partij Albeda College"
    )
    form = page.locator('form[data-transition="propose_panel"]')
    form.get_by_label("Willem Dekker").check()
    form.get_by_role("button", name="Panel voorstellen").click()
    expect(page.get_by_role("alert").or_(page.locator(".message.error"))).to_contain_text(
        "Willem Dekker kan niet worden voorgesteld"
    )
    form = page.locator('form[data-transition="propose_panel"]')
    form.get_by_label("Hendrik Mulder").check()
    form.get_by_role("button", name="Panel voorstellen").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("panel voorgesteld")
    page.get_by_test_id("upload").get_by_label(field("Titel")).fill("Interne notitie secretariaat")
    page.get_by_test_id("upload").get_by_label(field("Zichtbaar voor")).select_option("secretariat")
    page.get_by_test_id("upload").get_by_label(re.compile("^Bestand")).set_input_files(
        files=[
            {"name": "notitie.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
        ]
    )
    page.get_by_role("button", name="Uploaden").click()
    expect(page.get_by_test_id("documents")).to_contain_text("Interne notitie secretariaat")
    logout(page)

    # The arbiter declares independence; the challenge period passes.
    login("arbiter")
    page.goto(dossier_url)
    expect(page.get_by_test_id("documents")).not_to_contain_text("Interne notitie")
    page.get_by_test_id("declaration").get_by_role("button", name="Verklaring ondertekenen").click()
    expect(page.get_by_test_id("panel")).to_contain_text("onafhankelijkheid verklaard")
    logout(page)
    ProceduralDeadline.objects.filter(kind="challenge").update(
        due=datetime.date.today() - datetime.timedelta(days=1)
    )  # the 28 days are over

    login("secretariaat")
    page.goto(dossier_url)
    page.get_by_role("button", name="Panel samenstellen").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("panel samengesteld")
    logout(page)

    # The respondent submits its defence with a document.
    login("otib")
    page.goto(dossier_url)
    expect(page.get_by_test_id("documents")).not_to_contain_text("Interne notitie")
    upload = page.get_by_test_id("upload")
    upload.get_by_label(field("Titel")).fill("Verweerschrift")
    upload.get_by_label(re.compile("^Bestand")).set_input_files(
        files=[
            {
                "name": "verweer.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Uploaden").click()
    page.get_by_role("button", name="Verweer indienen").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("verweer ingediend")
    logout(page)

    # The secretariat schedules and records the hearing.
    login("secretariaat")
    page.goto(dossier_url)
    form = page.locator('form[data-transition="schedule_hearing"]')
    form.get_by_label(field("Datum en tijd")).fill("2027-03-01T10:00")
    form.get_by_label(field("Plaats")).fill("SBB, Zoetermeer")
    form.get_by_role("button", name="Zitting plannen").click()
    form = page.locator('form[data-transition="hold_hearing"]')
    form.get_by_label(field("Verslag")).fill("Partijen zijn gehoord.")
    form.get_by_role("button", name="Zitting vastleggen").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("zitting gehouden")
    logout(page)

    # The panel issues the award; the agreement is cancelled by it.
    login("arbiter")
    page.goto(dossier_url)
    form = page.locator('form[data-transition="issue_award"]')
    form.get_by_label(field("Beslissing op de claim")).select_option("granted")
    form.get_by_label(field("Motivering")).fill("OTIB is de afspraak niet nagekomen.")
    form.get_by_label(field("De afspraak of afspraken in geschil")).select_option("cancelled")
    form.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    form.get_by_role("button", name="Uitspraak doen").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("uitspraak gedaan")
    expect(page.get_by_test_id("award")).to_contain_text("Toegewezen")
    page.get_by_role("link", name="Meer leerbanen in de installatietechniek").click()
    expect(page.get_by_test_id("agreement-state")).to_have_text("geannuleerd")
    logout(page)

    # The school sees the award and its own documents, not the secretariat's note.
    login("school")
    page.goto(dossier_url)
    expect(page.get_by_test_id("award")).to_be_visible()
    expect(page.get_by_test_id("documents")).to_contain_text("Verweerschrift")
    expect(page.get_by_test_id("documents")).not_to_contain_text("Interne notitie")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/dossier.png", full_page=True)
    logout(page)

    # An outsider gets a 404.
    login("coordinator")
    response = page.goto(dossier_url)
    assert response.status == 404

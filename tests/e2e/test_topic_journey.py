"""Agenderingsrecht in the browser: a school puts a topic with its evidence on the agenda,
the secretary takes it up as a priority, the board ratifies, the public register shows the
priority and the school is told."""

from playwright.sync_api import expect

from agendas import services
from agendas.models import Agenda, AgendaRevision
from agendas.selectors import open_topic_year
from core.timeutils import local_today
from regions.models import User


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def test_a_school_puts_a_topic_on_the_agenda_and_sees_it_ratified(
    page, login, demo_data, tmp_path, screenshot_dir
):
    year = open_topic_year(local_today())
    agenda = Agenda.objects.get(sectorkamer__code="01")
    if not agenda.revisions.filter(year=year).exists():  # January: topics go to the next cycle
        services.start_revision(
            actor=User.objects.get(username="secretaris"), agenda=agenda, year=year
        )
    evidence = tmp_path / "onderbouwing.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% leerbedrijven Rijnmond\n%%EOF\n")
    title = "Doorstroom BBL-studenten naar niveau 4 in Rijnmond"

    # The school submits the topic from the sectorkamer's page, with its evidence attached.
    login("school")
    page.goto("/sectorkamers/01/")
    page.get_by_role("link", name="Onderwerp indienen").click()
    expect(page.get_by_label("Voor de agendarevisie van")).to_have_value(str(year))
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Toelichting").fill("Te weinig BBL-studenten stromen door naar niveau 4.")
    page.get_by_label("Onderbouwing", exact=True).fill("Albeda: 12% doorstroom, landelijk 21%.")
    page.get_by_label("Bijlage").set_input_files(str(evidence))
    page.get_by_role("button", name="Onderwerp indienen").click()
    expect(page.get_by_role("status")).to_contain_text("Het onderwerp is ingediend")
    expect(page.get_by_test_id("state")).to_have_text("ingediend")
    expect(page.get_by_test_id("attachment")).to_have_text("onderbouwing.pdf")
    topic_url = page.url
    logout(page)

    # The secretary finds it on her attention list and takes it up as a new priority.
    login("secretaris")
    page.goto("/")
    expect(page.get_by_test_id("attention")).to_contain_text("wacht")
    page.get_by_role("link", name="Over de onderwerpen beslissen").first.click()
    page.get_by_test_id("topics").get_by_role("link", name=title).click()
    page.locator('form[data-transition="take_up"]').get_by_role(
        "button", name="Op de agenda nemen"
    ).click()
    expect(page.get_by_test_id("state")).to_have_text("opgenomen")
    decision = page.get_by_test_id("decision")
    expect(decision).to_contain_text("Opgenomen als prioriteit")
    decision.get_by_role("link", name=title).click()
    expect(page.get_by_test_id("priority-topics").filter(has_text=title)).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/topic-priority.png", full_page=True)
    revision_url = page.url.split("#")[0]

    # The sectorkamer adopts the revision ...
    page.get_by_role("button", name="Indienen bij de sectorkamer").click()
    confirm = page.get_by_label("Toch indienen, ook al staan er nog topsignalen van de atlas open")
    if confirm.count():
        confirm.check()
        page.get_by_role("button", name="Indienen bij de sectorkamer").click()
    expect(page.get_by_test_id("state")).to_have_text("ingediend")
    adopt = page.locator('form[data-transition="adopt"]')
    adopt.get_by_label("Datum van de sectorkamervergadering").fill(local_today().isoformat())
    adopt.get_by_label("De onderwijszijde heeft ingestemd").check()
    adopt.get_by_label("De bedrijfslevenzijde heeft ingestemd").check()
    adopt.get_by_role("button", name="Vaststelling vastleggen").click()
    expect(page.get_by_test_id("state")).to_have_text("vastgesteld")
    logout(page)

    # ... and the board ratifies it.
    login("bestuur")
    page.goto(revision_url)
    ratify = page.locator('form[data-transition="ratify"]')
    ratify.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    ratify.get_by_role("button", name="Bekrachtigen").click()
    expect(page.get_by_test_id("state")).to_have_text("bekrachtigd")
    logout(page)

    # The public register shows the priority the topic became, without logging in.
    page.goto(f"/openbaar/sectorkamers/01/{year}/")
    expect(page.get_by_test_id("priorities")).to_contain_text(title)
    assert AgendaRevision.objects.get(agenda=agenda, year=year).state == "ratified"

    # The school was told of the decision and finds the topic with the priority.
    login("school")
    page.goto("/meldingen/")
    expect(page.get_by_role("main")).to_contain_text("op de agenda genomen")
    page.goto(topic_url)
    expect(page.get_by_test_id("decision")).to_contain_text(title)
    # The colleague at another school never sees it.
    logout(page)
    login("otib")
    assert page.goto(topic_url).status == 404

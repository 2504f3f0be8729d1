"""A journey per role from the attention list: the user lands on the home page, finds the item
that waits for them, finishes the action in at most three page loads, and the item is gone.
The home page of each role is photographed at desktop and phone width."""

import os
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .test_login_journeys import JOURNEYS

WIDTHS = {"desktop": 1280, "phone": 390}


def field(label):
    return re.compile(rf"^{re.escape(label)}( \*)?$")


class PageLoads:
    """Counts the documents the browser loads (each navigation, each form post)."""

    def __init__(self, page):
        self.count = 0
        page.on("framenavigated", self._seen)
        self.page = page

    def _seen(self, frame):
        if frame == self.page.main_frame:
            self.count += 1


def attention_item(page, kind):
    return page.get_by_test_id("attention").locator(f'li[data-kind="{kind}"]')


def start(page, login, username, kind):
    login(username)
    item = attention_item(page, kind).first
    expect(item).to_be_visible()
    source = item.get_attribute("data-source")
    loads = PageLoads(page)
    item.locator(".attention-action").click()
    return source, loads


def finish(page, kind, source, loads):
    assert loads.count <= 3, f"{loads.count} page loads to finish the action"
    page.goto("/")
    expect(page.get_by_test_id("attention")).to_be_visible()
    expect(page.locator(f'[data-kind="{kind}"][data-source="{source}"]')).to_have_count(0)


def test_school_accepts_the_agreement_waiting_for_it(page, login, demo_data):
    source, loads = start(page, login, "school", "accept")
    page.locator('form[data-decision="accept"]').get_by_role("button", name="Accepteren").click()
    expect(page.get_by_role("status")).to_be_visible()
    finish(page, "accept", source, loads)


def test_board_member_ratifies_the_waiting_agenda(page, login, demo_data):
    source, loads = start(page, login, "bestuur", "ratify")
    form = page.locator('form[data-transition="ratify"]')
    form.get_by_label("Toelichting").fill("Akkoord")
    form.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    form.get_by_role("button", name="Bekrachtigen").click()
    expect(page.get_by_test_id("state")).to_have_text("bekrachtigd")
    finish(page, "ratify", source, loads)


def test_secretary_resolves_a_notice_conflict(page, login, demo_data):
    source, loads = start(page, login, "secretaris-mtlm", "conflict")
    form = page.get_by_test_id("resolve-form").first
    form.get_by_label("Toch in lijn met de afspraak").check()
    form.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("afgehandeld")
    finish(page, "conflict", source, loads)


def test_secretariat_decides_on_admissibility(page, login, demo_data):
    source, loads = start(page, login, "secretariaat", "admissibility")
    page.locator('form[data-transition="admit"]').get_by_label(
        field("Redenen of toelichting")
    ).fill("Beide partijen zijn gebonden aan een arbitrageovereenkomst.")
    page.get_by_role("button", name="Toelaten").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("toegelaten")
    finish(page, "admissibility", source, loads)


def test_arbiter_signs_the_declaration(page, login, demo_data):
    source, loads = start(page, login, "arbiter", "declaration")
    page.get_by_test_id("declaration").get_by_role("button", name="Verklaring ondertekenen").click()
    expect(page.get_by_test_id("panel")).to_contain_text("onafhankelijkheid verklaard")
    finish(page, "declaration", source, loads)


def test_coordinator_works_out_a_sector_agreement(page, login, demo_data):
    source, loads = start(page, login, "coordinator", "work_out")
    page.get_by_label(field("Niveau")).select_option("regional")
    page.get_by_label(field("Categorie")).select_option("job_guarantee")
    page.get_by_label(field("Titel")).fill("Baangarantie Verzorgende-IG in Rotterdam")
    page.get_by_label(field("Eigenaar (regie)")).fill("Albeda College")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Baangarantie Verzorgende-IG in Rotterdam"
    )
    finish(page, "work_out", source, loads)


@pytest.mark.parametrize("username", [journey[0] for journey in JOURNEYS] + ["beheer"])
def test_home_pages_are_photographed(page, login, demo_data, screenshot_dir, username):
    login(username)
    expect(page.get_by_test_id("attention")).to_be_visible()
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{username} home page scrolls sideways at {width}px"
        page.screenshot(path=os.path.join(screenshot_dir, f"home-{username}-{name}.png"),
                        full_page=True)  # fmt: skip


def test_agreement_page_is_photographed(page, login, demo_data, screenshot_dir):
    login("secretaris")
    page.goto("/afspraken/")
    page.get_by_role("link", name="Meer leerbanen in de installatietechniek").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the agreement page scrolls sideways at {width}px"
        page.screenshot(path=os.path.join(screenshot_dir, f"agreement-{name}.png"), full_page=True)


def test_a_milestone_is_marked_done_in_place(page, login, demo_data):
    """With htmx the row is swapped in place: no page load (without JavaScript the same form
    posts and the page reloads, tested in tests/agreements/test_views.py)."""
    login("secretaris")
    page.goto("/afspraken/")
    page.get_by_role("link", name="Meer leerbanen in de installatietechniek").first.click()
    loads = PageLoads(page)
    milestones = page.get_by_test_id("milestones")
    milestones.get_by_role("button", name="Afgerond").click()
    expect(milestones.get_by_role("status")).to_contain_text("✓")
    assert loads.count == 0
    page.reload()
    expect(page.get_by_test_id("milestones")).to_contain_text("✓")


def test_sectorkamer_member_accepts_for_their_organisation(page, login, demo_data):
    source, loads = start(page, login, "lid-bedrijfsleven", "accept")
    expect(page.get_by_role("heading", level=1)).to_have_text("Praktijkleren in de elektrotechniek")
    page.locator('form[data-decision="accept"]').get_by_role("button", name="Accepteren").click()
    expect(page.locator("#messages")).to_contain_text("U heeft de afspraak geaccepteerd")
    finish(page, "accept", source, loads)


def test_sectorkamer_member_reports_on_what_their_organisation_owns(page, login, demo_data):
    source, loads = start(page, login, "lid-bedrijfsleven", "report")
    form = page.get_by_test_id("progress-form")
    form.get_by_label("Periode van").fill(f"{date.today().year}-01-01")
    form.get_by_label("Periode tot en met").fill(date.today().isoformat())
    form.get_by_label("Gemeten waarde").fill("190")
    form.get_by_label(field("Status")).select_option("on_track")
    form.get_by_role("button", name="Rapportage opslaan").click()
    expect(page.locator("#messages")).to_contain_text("De voortgangsrapportage is opgeslagen.")
    finish(page, "report", source, loads)


def test_table_member_sees_what_the_table_has_not_worked_out(page, login, demo_data):
    """A table member follows the item to the sector agreement; it is the coordinator who
    logs the commitment, and then the item leaves the member's list too."""
    from agreements import services
    from agreements.models import Agreement
    from regions.models import RegionalTable, User

    source, loads = start(page, login, "tafellid", "work_out")
    expect(page.get_by_role("heading", level=1)).to_have_text("Baangarantie Verzorgende-IG")
    assert loads.count == 1
    parent = Agreement.objects.get(title="Baangarantie Verzorgende-IG")
    services.create_agreement(
        actor=User.objects.get(username="coordinator"),
        regional_table=RegionalTable.objects.get(name="Rotterdamse Zorg"),
        parent=parent,
        owner=parent.owner,
        level="regional",
        category="job_guarantee",
        title="Baangarantie Verzorgende-IG in Rotterdam",
    )
    finish(page, "work_out", source, loads)

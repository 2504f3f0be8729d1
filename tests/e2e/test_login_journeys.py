"""Log in as each demo user and see the right home page."""

import re

import pytest
from playwright.sync_api import expect

JOURNEYS = [
    # username, greeting name, role card, scope on the card
    ("bestuur", "Anna", "SBB-bestuurslid", None),
    ("secretaris", "Sanne", "Secretaris sectorkamer", "Techniek en gebouwde omgeving"),
    ("lid-onderwijs", "Pieter", "Lid sectorkamer", "onderwijszijde"),
    ("lid-bedrijfsleven", "Karin", "Lid sectorkamer", "bedrijfslevenzijde"),
    ("coordinator", "Mohammed", "Coördinator regionale tafel", "Rotterdamse Zorg"),
    ("tafellid", "Lotte", "Lid regionale tafel", "Rotterdamse Zorg"),
    ("school", "Jeroen", "Vertegenwoordiger organisatie", "Albeda College"),
    ("secretariaat", "Fatma", "Arbitragesecretariaat", None),
    ("arbiter", "Hendrik", "Arbiter", None),
]


@pytest.mark.parametrize("username, name, role, scope", JOURNEYS)
def test_each_demo_user_sees_their_home_page(page, login, demo_data, username, name, role, scope):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    login(username)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {name}")
    roles = page.get_by_test_id("roles")
    expect(roles.get_by_role("heading", name=role)).to_be_visible()
    if scope:
        expect(roles).to_contain_text(scope)
    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    expect(navigation.get_by_role("link", name="Organisaties")).to_be_visible()
    staff = 1 if username == "secretariaat" else 0  # the secretariat keeps the rule sets
    expect(navigation.get_by_role("link", name="Beheer")).to_have_count(staff)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_staff_reach_the_administration(page, login, demo_data, screenshot_dir):
    login("beheer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Els")
    expect(page.get_by_test_id("staff")).to_contain_text("U werkt bij SBB")
    expect(page.get_by_test_id("no-roles")).to_have_count(0)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Beheer").click()
    expect(page.get_by_role("heading", name="Websitebeheer")).to_be_visible()


def test_wrong_password_shows_a_dutch_error(page, login, demo_data):
    login("bestuur", "wrong")
    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam")


def test_coordinator_adds_a_member_to_their_table(page, login, demo_data, screenshot_dir):
    login("coordinator")
    page.get_by_role("link", name="Rotterdamse Zorg").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rotterdamse Zorg")
    page.get_by_role("combobox", name="Organisatie").select_option(label="FNV")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Het lid is toegevoegd.")
    expect(page.get_by_role("cell", name="FNV", exact=True)).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/table.png", full_page=True)

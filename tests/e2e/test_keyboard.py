"""Keyboard-only journeys: after the first page.goto, only page.keyboard (Tab, Shift+Tab,
arrows, Enter, Space, typing). Where the focus is comes from document.activeElement; every
element the focus reaches must show a focus indicator, and every page starts with a skip link
to the main content."""

import datetime
import re
from decimal import Decimal
from urllib.parse import quote, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.timeutils import cycle_year_for, local_today

from .conftest import DEMO_PASSWORD, wait_for_the_login

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
        type: el.getAttribute('type') || '', href: el.getAttribute('href') || '',
        text: (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 100),
        label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : '',
        form: el.form ? (el.form.dataset.transition || el.form.dataset.decision
                         || el.form.dataset.testid || el.form.getAttribute('action') || '') : '',
        value: el.value === undefined ? null : String(el.value),
        selected: el.tagName === 'SELECT' ? [...el.selectedOptions].map((o) => o.text) : [],
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== 'none',
        // Chromium's date input: after day, month and year its calendar button takes the
        // focus (the input itself no longer matches :focus); the browser draws that ring.
        pickerButton: el.type === 'date' && !el.matches(':focus'),
        visible: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
    };
}"""


class Keyboard:
    """Moves through a page with the keyboard only, checking every focus stop."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        element = self.focused()
        if element is not None:
            self.stops += 1
            assert element["visible"], f"the focus is on something invisible: {element}"
            assert element["outline"] or element["shadow"] or element["pickerButton"], (
                f"no focus indicator on {element}"
            )
        return element

    def tab_to(self, match, *, back: bool = False, limit: int = 300) -> dict:
        """Tab (or Shift+Tab) until ``match(focused element)``."""
        passed = []
        for _ in range(limit):
            element = self.press("Shift+Tab" if back else "Tab")
            if element is not None and match(element):
                return element
            passed.append(element and (element["tag"], element["name"] or element["text"]))
        raise AssertionError(f"the focus never reached the element; it passed {passed}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def choose(self, option: str, limit: int = 400) -> None:
        """In the focused select (single or multiple), move with the arrow keys to the option
        whose text contains ``option``."""
        self.page.keyboard.press("Home")
        for _ in range(limit):
            if any(option in text for text in self.focused()["selected"]):
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {option!r} in {self.focused()}")

    def date(self, day: datetime.date) -> None:
        """Type a date into the focused date input. Its order of day, month and year follows
        the browser's language, not the page's: when the first order was wrong, go back to
        the first part and type the other order over it."""
        for order in ("%d%m%Y", "%m%d%Y"):
            self.page.keyboard.type(day.strftime(order))
            if self.focused()["value"] == day.isoformat():
                return
            self.page.keyboard.press("Shift+Tab")
            self.page.keyboard.press("Shift+Tab")
        raise AssertionError(f"could not type {day} into {self.focused()}")

    def skip_to_content(self) -> None:
        """The first Tab on a page reaches the skip link; Enter moves the focus to <main>.
        A page reached from a form posted after skipping keeps the #main of its address:
        it opens at the main content and the first Tab stays there."""
        if urlsplit(self.page.url).fragment == "main":
            self.press("Tab")
            assert self.page.evaluate(
                "document.querySelector('main').contains(document.activeElement)"
            )
            return
        link = self.press("Tab")
        assert link and link["href"] == "#main", (
            f"the first focus stop on {self.page.url} is {link}"
        )
        assert link["text"] == "Naar de inhoud"
        self.page.keyboard.press("Enter")
        assert self.focused()["id"] == "main"


def field(name: str, form: str | None = None):
    return lambda e: e["name"] == name and (form is None or e["form"] == form)


def button(text: str):
    return lambda e: e["tag"] == "button" and e["text"] == text


def log_in_with_the_keyboard(page, username: str, then: str) -> Keyboard:
    """The one page.goto of a journey: the login page, which leads on to ``then``."""
    page.goto(f"/accounts/login/?next={quote(then)}")
    keys = Keyboard(page)
    assert keys.focused()["name"] == "username"  # the login form starts there (autofocus)
    keys.type(username)
    keys.tab_to(field("password"))
    keys.type(DEMO_PASSWORD)
    keys.page.keyboard.press("Enter")
    wait_for_the_login(page)
    if "/accounts/tweede-factor/" in page.url:  # a privileged role: the code, by keyboard too
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from kansrijk_site.management.commands.demo_code import current_code

        TOTPDevice.objects.filter(user__username=username).update(last_t=-1)
        assert keys.focused()["name"] == "token"  # the code field starts there (autofocus)
        keys.type(current_code())
        keys.page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/accounts/tweede-factor/" not in url)
    expect(page.get_by_test_id("current-user")).to_be_visible()
    assert re.search(re.escape(then) + "$", page.url), page.url
    keys.skip_to_content()
    return keys


def test_the_skip_link_and_the_focus_indicator(page):
    page.goto("/accounts/password-reset/")
    keys = Keyboard(page)
    keys.skip_to_content()
    # Every stop on the page, forwards to the footer and back, shows its focus.
    assert keys.press("Tab")["name"] == "email"
    keys.tab_to(button("Link versturen"))
    keys.tab_to(field("language"))
    keys.tab_to(field("email"), back=True)
    assert keys.stops >= 6


def test_the_board_ratifies_an_adopted_agenda(page, demo_data):
    from agendas.models import AgendaRevision

    zws = AgendaRevision.objects.get(
        agenda__sectorkamer__abbreviation="ZWS", year=cycle_year_for(local_today())
    )
    assert zws.state == "adopted"
    keys = log_in_with_the_keyboard(
        page, "bestuur", reverse("agendas:revision_detail", args=[zws.pk])
    )
    keys.tab_to(field("comment", form="ratify"))
    keys.type("Akkoord, bekrachtigd via het toetsenbord.")
    keys.tab_to(field("confirmed", form="ratify"))
    page.keyboard.press("Space")
    keys.tab_to(button("Bekrachtigen"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("state")).to_have_text("bekrachtigd")
    expect(page.get_by_test_id("timeline")).to_contain_text("via het toetsenbord")


@pytest.fixture
def proposed_agreement(demo_data):
    """A TGO sector agreement proposed to Albeda College (the demo's are all accepted)."""
    from agendas.models import Priority
    from agreements import services
    from regions.models import Organisation, User

    secretary = User.objects.get(username="secretaris")
    albeda = Organisation.objects.get(name="Albeda College")
    today = local_today()
    priority = Priority.objects.filter(
        revision__agenda__sectorkamer__abbreviation="TGO", revision__state="ratified"
    ).first()
    agreement = services.create_agreement(
        actor=secretary, priority=priority, owner=albeda, level="sectoral",
        category="cooperation", title="Hybride docenten installatietechniek",
        description="Vakmensen geven een dag per week les bij Albeda.",
        indicator="Hybride docenten", unit="docenten", baseline_value=Decimal("10"),
        baseline_date=today, target_value=Decimal("30"), direction="increase",
        rationale="OTIB betaalt de uren.", start_date=today,
        deadline=datetime.date(today.year + 1, 12, 31),
    )  # fmt: skip
    services.set_parties(actor=secretary, agreement=agreement, parties=[(albeda, "responsible")])
    return services.propose_agreement(actor=secretary, agreement=agreement)


def test_a_party_accepts_a_proposed_agreement(page, proposed_agreement):
    url = reverse("agreements:detail", args=[proposed_agreement.pk])
    keys = log_in_with_the_keyboard(page, "school", url)
    expect(page.get_by_test_id("agreement-state")).to_have_text("voorgelegd")
    keys.tab_to(lambda e: e["tag"] == "textarea" and e["form"] == "accept")
    keys.type("Albeda doet mee.")
    keys.tab_to(button("Accepteren"))
    page.keyboard.press("Space")
    expect(page.get_by_test_id("agreement-state")).to_have_text("actief")


def test_the_secretary_reports_progress_on_an_active_agreement(page, demo_data):
    from agreements.models import Agreement

    agreement = Agreement.objects.get(title="Meer leerbanen in de installatietechniek")
    assert agreement.state == "active"
    keys = log_in_with_the_keyboard(
        page, "secretaris", reverse("agreements:detail", args=[agreement.pk])
    )
    today = local_today()
    keys.tab_to(field("period_start", form="progress-form"))
    keys.date(today.replace(month=4, day=1) if today.month > 4 else today.replace(day=1))
    keys.tab_to(field("period_end", form="progress-form"))
    keys.date(today)
    keys.tab_to(field("value", form="progress-form"))
    keys.type("480")
    keys.tab_to(field("status", form="progress-form"))
    keys.choose("op koers")
    keys.tab_to(field("narrative", form="progress-form"))
    keys.type("Tachtig leerbanen erbij sinds het voorjaar.")
    keys.tab_to(button("Rapportage opslaan"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De voortgangsrapportage is opgeslagen.")
    expect(page.get_by_text("Tachtig leerbanen erbij sinds het voorjaar.")).to_be_visible()


def test_a_school_submits_a_start_notice(page, demo_data):
    keys = log_in_with_the_keyboard(page, "school", reverse("agreements:notice_create"))
    keys.tab_to(field("qualification"))
    keys.choose("Verzorgende-IG")
    keys.tab_to(field("action"))
    keys.choose("start")
    keys.tab_to(field("leerweg"))
    keys.choose("BBL")
    keys.tab_to(field("municipality"))
    keys.type("Rotterdam")
    keys.tab_to(field("region"))
    keys.choose("Rijnmond")
    keys.tab_to(field("study_year"))
    keys.type(str(cycle_year_for(local_today()) + 1))
    keys.tab_to(button("Opslaan als concept"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("notice-state")).to_contain_text("concept")
    keys.skip_to_content()
    keys.tab_to(button("Melding indienen"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("notice-state")).to_contain_text("ingediend")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verzorgende-IG")


def test_a_party_files_an_arbitration_claim(page, demo_data):
    keys = log_in_with_the_keyboard(page, "school", reverse("arbitration:dossier_create"))
    keys.tab_to(field("claimant"))
    keys.choose("Albeda College")
    keys.tab_to(field("respondents"))
    keys.choose("OTIB")
    keys.tab_to(field("kind"))
    keys.choose("de nakoming")
    keys.tab_to(field("agreements"))
    keys.choose("Meer leerbanen in de installatietechniek")
    keys.tab_to(field("claim"))
    keys.type("OTIB financiert de toegezegde begeleiding niet.")
    keys.tab_to(button("Concept opslaan"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("dossier-state")).to_have_text("concept")
    keys.skip_to_content()
    keys.tab_to(button("Claim indienen"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("dossier-state")).to_have_text("ingediend")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"ARB-\d{4}-\d{4}"))


def test_zz_record_the_keyboard_journeys(request):
    """Runs after the journeys of this module: puts the ones that passed into the report."""
    from tests.reliability import record

    passed = [
        item.name
        for item in request.session.items
        if item.module is request.node.module
        and item.name.startswith("test_")
        and item is not request.node
        and getattr(item, "rep_call", None) is not None
        and item.rep_call.passed
    ]
    record(
        "accessibility", "keyboard-only journeys", passed=len(passed), journeys=", ".join(passed)
    )
    assert passed, "the keyboard journeys did not run before this test"

"""Browser journeys: Playwright for Python driving Debian's chromium, headless."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "kansrijk-demo"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def _sync_orm_beside_playwright():
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
    # make (test database, data for the live server) are plain synchronous code. The
    # browser journeys run last (see tests/conftest.py), so this reaches no other test.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser(_sync_orm_beside_playwright):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    folder = os.environ.get("KANSRIJK_SCREENSHOTS") or str(SCREENSHOTS)
    if failed is not None and failed.failed:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(
            path=os.path.join(folder, f"failed-{request.node.name}.png"), full_page=True
        )
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


LOGIN_DONE = """() => !location.pathname.startsWith('/accounts/login/')
    || document.querySelector('.errorlist, [role=alert]') !== null"""


def wait_for_the_login(page) -> None:
    """Until the login form has been answered: another page, or the form with its error."""
    page.wait_for_function(LOGIN_DONE)
    page.wait_for_load_state()


def log_in(page, username, password=DEMO_PASSWORD, *, on_second_factor=None, code=True):
    """The login form, and for a demo user with a second factor the code of the demo
    authenticator (``on_second_factor(page)`` is called on that page first, e.g. to scan it)."""
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    wait_for_the_login(page)
    if not code or urlsplit(page.url).path != "/accounts/tweede-factor/":  # no code (yet)
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kansrijk_site.management.commands.demo_code import current_code

    if on_second_factor:
        on_second_factor(page)
    # A code counts once (django-otp); a journey may log the same person in twice a minute.
    TOTPDevice.objects.filter(user__username=username).update(last_t=-1)
    page.get_by_label("Code").fill(current_code())
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(lambda url: "/accounts/tweede-factor/" not in url)


@pytest.fixture
def login(page):
    def do_login(username, password=DEMO_PASSWORD):
        log_in(page, username, password)

    return do_login


@pytest.fixture
def screenshot_dir():
    """Where the journeys leave their screenshots: var/screenshots/ unless told otherwise."""
    path = os.environ.get("KANSRIJK_SCREENSHOTS") or str(SCREENSHOTS)
    os.makedirs(path, exist_ok=True)
    return path

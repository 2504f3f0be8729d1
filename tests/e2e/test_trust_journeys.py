"""Trust for confidential work, in the browser: a secretariat member enrols a second factor,
logs in with it and is refused without it; an arbiter downloads a document and the
secretariat sees that in the dossier's access log."""

import base64
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP
from playwright.sync_api import expect

from arbitration import services
from arbitration.models import Dossier
from regions.models import Role, RoleAssignment, User

from .conftest import log_in
from .test_accessibility import BLOCKING, run_axe

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _code(secret: str, offset: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time() + offset * 30
    return f"{totp.token():06d}"


def _no_serious_violations(page):
    found = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert found == [], found


@pytest.fixture
def new_clerk(demo_data):
    user = User.objects.create_user("griffier", password="een-lang-wachtwoord-42",
                                    first_name="Gerda", last_name="Griffier")  # fmt: skip
    RoleAssignment.objects.create(user=user, role=Role.ARBITRATION_SECRETARIAT,
                                  valid_from="2020-01-01")  # fmt: skip
    return user


def test_a_secretariat_member_enrols_and_is_refused_without_the_code(page, new_clerk):
    log_in(page, "griffier", "een-lang-wachtwoord-42")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel uw tweede factor in")
    expect(page.get_by_test_id("second-factor-required")).to_be_visible()
    _no_serious_violations(page)
    page.goto("/arbitrage/")  # nothing else opens before the second factor
    expect(page).to_have_url(re.compile(r"/accounts/tweede-factor/instellen/\?next=/arbitrage/"))

    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code").fill(_code(secret))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw reservecodes")
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    _no_serious_violations(page)
    page.get_by_test_id("continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arbitrage")

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "griffier", "een-lang-wachtwoord-42", code=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor")
    _no_serious_violations(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("link", name=re.compile(r"^Code: Die code klopt niet"))).to_be_visible()
    page.goto("/arbitrage/")
    expect(page).to_have_url(re.compile(r"/accounts/tweede-factor/\?next=/arbitrage/"))
    page.wait_for_timeout(1200)  # django-otp waits a second after a wrong code
    page.get_by_label("Code").fill(_code(secret, offset=1))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(re.compile(r"/arbitrage/$"))
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_the_secretariat_sees_the_arbiter_open_a_document(page, demo_data):
    arbiter = User.objects.get(username="arbiter")
    dossier = Dossier.objects.filter(panel__arbiter__user=arbiter).first()
    services.upload_document(
        actor=User.objects.get(username="secretariaat"), dossier=dossier,
        title="Verweerschrift OTIB", visibility="all",
        uploaded_file=SimpleUploadedFile("verweer.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    log_in(page, "arbiter")
    page.goto(f"/arbitrage/dossiers/{dossier.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("documents").get_by_role("link", name="Verweerschrift OTIB").click()
    assert download.value.suggested_filename == "verweer.pdf"
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, "secretariaat")
    page.goto(f"/arbitrage/dossiers/{dossier.pk}/")
    page.get_by_test_id("access-log-link").click()
    log = page.get_by_test_id("access-log")
    row = log.locator("tr", has_text="Verweerschrift OTIB (v1)")
    expect(row).to_contain_text(arbiter.get_full_name())
    expect(row).to_contain_text("document (bestand)")
    expect(row).to_contain_text("panel")
    _no_serious_violations(page)

"""Two-factor login: required for SBB staff, the board, the arbitration secretariat and
arbiters; optional for everyone else; enrolment, backup codes, reset by SBB staff, the API
token, and django-axes throttling the code step as it throttles passwords.

These tests log in through the pages (``client.post`` to the login form), not with
``force_login``, which logs people in as after their code (tests/second_factor.py)."""

import base64
import re
import time

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from regions.models import Role, SecurityEvent, User

pytestmark = pytest.mark.django_db
PASSWORD = "een-lang-wachtwoord-42"
VERIFY, ENROL = reverse("second_factor_verify"), reverse("second_factor_enrol")


def code(key: str, offset: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time() + offset * 30
    return f"{totp.token():06d}"


@pytest.fixture
def person(make_user):
    def make(role=None, username="iemand", is_staff=False):
        user = make_user(role, username=username, is_staff=is_staff)
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


def unthrottle(user):
    """django-otp waits a second after a failed code before it tries the next (and doubles
    that per failure): the test does not wait, it clears the wait."""
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def enrol(client) -> tuple[str, list[str]]:
    page = client.get(ENROL).content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7=]+)<', page).group(1)
    key = base64.b32decode(secret).hex()
    done = client.post(ENROL, {"token": code(key), "next": "/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    return key, codes


@pytest.mark.parametrize(
    ("role", "is_staff"),
    [(Role.ARBITRATION_SECRETARIAT, False), (Role.ARBITER, False), (Role.BOARD_MEMBER, False),
     (None, True)],
    ids=["secretariat", "arbiter", "board", "sbb staff"],
)  # fmt: skip
def test_privileged_roles_open_nothing_before_they_enrolled(client, person, role, is_staff):
    user = person(role, is_staff=is_staff)
    log_in(client, user)
    for path in ("/", "/arbitrage/", "/afspraken/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == f"{ENROL}?next={path}", path
    api = client.get("/api/v1/agreements/")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    assert client.get(ENROL).status_code == 200  # the one page they may open
    assert client.get("/openbaar/").status_code == 200  # and what needs no login at all
    assert client.get("/health/").status_code == 200


def test_others_are_not_asked_unless_they_set_one_up(client, person):
    user = person(None, username="vertegenwoordiger")
    log_in(client, user)
    assert client.get("/").status_code == 200
    key, codes = enrol(client)  # optional: they may
    assert len(codes) == 10
    client.post(reverse("logout"))
    log_in(client, user)
    assert client.get("/").url == f"{VERIFY}?next=/"  # from now on they are asked too


def test_enrol_then_log_in_with_the_code(client, person):
    clerk = person(Role.ARBITRATION_SECRETARIAT, username="griffier")
    log_in(client, clerk)
    refused = client.post(ENROL, {"token": "000000", "next": "/"})
    assert refused.status_code == 200 and "Die code klopt niet" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists()  # nothing written
    key, codes = enrol(client)
    assert TOTPDevice.objects.get(user=clerk).confirmed
    assert StaticToken.objects.filter(device__user=clerk).count() == 10
    assert client.get("/arbitrage/").status_code == 200  # verified in this session
    assert SecurityEvent.objects.get(user=clerk).kind == "enrolled"

    client.post(reverse("logout"))
    log_in(client, clerk)
    assert client.get("/arbitrage/").url == f"{VERIFY}?next=/arbitrage/"
    wrong = client.post(VERIFY, {"token": "123456", "next": "/arbitrage/"})
    assert "Die code klopt niet" in wrong.content.decode()
    assert client.get("/arbitrage/").status_code == 302  # still refused without it
    unthrottle(clerk)
    ok = client.post(VERIFY, {"token": code(key, offset=1), "next": "/arbitrage/"})
    assert ok.status_code == 302 and ok.url == "/arbitrage/"
    assert client.get("/arbitrage/").status_code == 200


def test_a_code_counts_once(client, person):
    clerk = person(Role.ARBITRATION_SECRETARIAT, username="griffier")
    log_in(client, clerk)
    key, _codes = enrol(client)
    client.post(reverse("logout"))
    log_in(client, clerk)
    client.post(VERIFY, {"token": code(key, offset=1), "next": "/"})
    client.post(reverse("logout"))
    log_in(client, clerk)
    again = client.post(VERIFY, {"token": code(key, offset=1), "next": "/"})
    assert again.status_code == 200 and client.get("/").status_code == 302


def test_recovery_with_a_backup_code_uses_it_up(client, person):
    arbiter = person(Role.ARBITER, username="arbiter1")
    log_in(client, arbiter)
    _key, codes = enrol(client)
    client.post(reverse("logout"))
    log_in(client, arbiter)
    response = client.post(VERIFY, {"token": codes[0], "next": "/"}, follow=True)
    assert response.status_code == 200 and "nog 9" in response.content.decode()
    assert SecurityEvent.objects.filter(user=arbiter, kind="recovered").count() == 1
    client.post(reverse("logout"))
    log_in(client, arbiter)
    client.post(VERIFY, {"token": codes[0], "next": "/"})
    assert client.get("/").status_code == 302  # a backup code logs in once


def test_failed_codes_count_towards_the_lockout(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 3
    board = person(Role.BOARD_MEMBER, username="bestuurder")
    log_in(client, board)
    enrol(client)
    client.post(reverse("logout"))
    log_in(client, board)
    for _n in range(2):
        assert client.post(VERIFY, {"token": "111111"}).status_code == 200
    locked = client.post(VERIFY, {"token": "111111"})
    assert locked.status_code == 429
    assert AccessAttempt.objects.get(username="bestuurder").failures_since_start == 3
    assert client.get(VERIFY).status_code == 429  # also the right code now waits


def test_sbb_staff_reset_a_lost_second_factor_with_a_reason(client, person, make_user):
    arbiter = person(Role.ARBITER, username="arbiter1")
    log_in(client, arbiter)
    enrol(client)
    staff = make_user(None, username="beheerder", is_staff=True)
    reset = reverse("second_factor_reset", args=[arbiter.pk])

    admin = APIClient()
    admin.force_login(staff)
    overview = admin.get(reverse("second_factor_staff"))
    assert overview.status_code == 200 and "arbiter1" in overview.content.decode()
    admin.post(reset, {"reason": ""})
    assert TOTPDevice.objects.filter(user=arbiter).exists()  # no reason: nothing done
    admin.post(reset, {"reason": "Telefoon verloren, gebeld op 4 december"})
    assert not TOTPDevice.objects.filter(user=arbiter).exists()
    assert not StaticToken.objects.filter(device__user=arbiter).exists()
    event = SecurityEvent.objects.get(kind="reset")
    assert (event.user, event.actor, event.reason) == (
        arbiter, staff, "Telefoon verloren, gebeld op 4 december"
    )  # fmt: skip
    # The arbiter's verified session ends with the device: enrol again first.
    assert client.get("/arbitrage/").url == f"{ENROL}?next=/arbitrage/"


def test_only_sbb_staff_may_reset(client, person, make_user):
    arbiter = person(Role.ARBITER, username="arbiter1")
    clerk = make_user(Role.ARBITRATION_SECRETARIAT, username="griffier")
    outsider = APIClient()
    outsider.force_login(clerk)
    assert outsider.get(reverse("second_factor_staff")).status_code == 403
    response = outsider.post(reverse("second_factor_reset", args=[arbiter.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind="reset").exists()


def test_api_tokens_are_issued_only_with_the_second_factor(client, person):
    arbiter = person(Role.ARBITER, username="arbiter1")
    api = APIClient()
    body = {"username": "arbiter1", "password": PASSWORD}
    not_yet = api.post("/api/v1/auth/token/", body, format="json")
    assert not_yet.status_code == 400 and "otp_token" in not_yet.json()["errors"]
    log_in(client, arbiter)
    key, _codes = enrol(client)
    missing = api.post("/api/v1/auth/token/", body, format="json")
    assert missing.status_code == 400 and "otp_token" in missing.json()["errors"]
    wrong = api.post("/api/v1/auth/token/", {**body, "otp_token": "000000"}, format="json")
    assert wrong.status_code == 400
    assert AccessAttempt.objects.get(username="arbiter1").failures_since_start == 2
    unthrottle(arbiter)
    issued = api.post("/api/v1/auth/token/", {**body, "otp_token": code(key, 1)}, format="json")
    assert issued.status_code == 200 and issued.json()["token"]


def test_others_get_a_token_with_their_password_alone(person):
    person(None, username="vertegenwoordiger")
    body = {"username": "vertegenwoordiger", "password": PASSWORD}
    assert APIClient().post("/api/v1/auth/token/", body, format="json").status_code == 200


def test_the_demo_enrols_its_privileged_users_with_the_printed_key(client):
    import io

    from django.core.management import call_command

    from kansrijk_site.management.commands.demo_code import current_code
    from kansrijk_site.management.commands.seed_demo import demo_secret

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert demo_secret() in out.getvalue()
    enrolled = set(TOTPDevice.objects.values_list("user__username", flat=True))
    assert {"bestuur", "secretariaat", "arbiter", "beheer"} <= enrolled
    assert not {"school", "secretaris", "coordinator"} & enrolled
    from regions.rules import needs_second_factor
    from tests.reliability import record

    accounts = list(User.objects.filter(is_active=True))
    record(
        "security",
        "two-factor login (the demo data)",
        accounts=len(accounts),
        second_factor_required=sum(1 for u in accounts if needs_second_factor(u)),
        enrolled=len(enrolled),
    )
    client.post(reverse("login"), {"username": "arbiter", "password": "kansrijk-demo"})
    client.post(VERIFY, {"token": current_code(), "next": "/"})
    assert client.get("/arbitrage/").status_code == 200
    assert User.objects.get(username="arbiter").is_active

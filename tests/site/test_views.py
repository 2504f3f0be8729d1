import re

import pytest
from django.core import mail
from django.urls import reverse

from kansrijk_site.management.commands.demo_code import current_code
from regions.models import User

pytestmark = pytest.mark.django_db

# Each demo user, the role card on their home page, and navigation they must (not) see.
HOME_PAGES = [
    ("bestuur", "SBB-bestuurslid", None),
    ("secretaris", "Secretaris sectorkamer", "Techniek en gebouwde omgeving"),
    ("lid-onderwijs", "Lid sectorkamer", "onderwijszijde"),
    ("lid-bedrijfsleven", "Lid sectorkamer", "bedrijfslevenzijde"),
    ("coordinator", "Coördinator regionale tafel", "Rotterdamse Zorg"),
    ("tafellid", "Lid regionale tafel", "Rotterdamse Zorg"),
    ("school", "Vertegenwoordiger organisatie", "Albeda College"),
    ("secretariaat", "Arbitragesecretariaat", None),
    ("arbiter", "Arbiter", None),
]


@pytest.mark.parametrize("username, role, scope", HOME_PAGES)
def test_home_page_shows_the_users_roles(client, demo, username, role, scope):
    user = User.objects.get(username=username)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert '<html lang="nl">' in page
    assert role in page
    if scope:
        assert scope in page
    # Navigation shows only what the user may open: the administration for staff only
    # (of the demo roles, the arbitration secretariat maintains the procedural rules there).
    assert (reverse("admin:index") in page) is user.is_staff
    assert user.is_staff is (username == "secretariaat")


def test_staff_see_the_administration_link(client, demo):
    client.force_login(User.objects.get(username="beheer"))
    page = client.get("/").content.decode()
    assert reverse("admin:index") in page
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_use_the_admin_for_every_model(client, demo):
    client.force_login(User.objects.get(username="beheer"))
    for model in ("organisation", "regionaltable", "roleassignment", "user", "arbeidsmarktregio"):
        url = reverse(f"admin:regions_{model}_changelist")
        assert client.get(url, {"q": "a"}).status_code == 200, url
    assert client.get(reverse("admin:regions_sectorkamer_changelist")).status_code == 200


def test_non_staff_cannot_use_the_admin(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    response = client.get(reverse("admin:regions_organisation_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_admin_rejects_a_secretary_without_sectorkamer(client, demo):
    client.force_login(User.objects.get(username="beheer"))
    user = User.objects.get(username="arbiter")
    response = client.post(
        reverse("admin:regions_roleassignment_add"),
        {"user": user.pk, "role": "sectorkamer_secretary", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "sectorkamer" in response.context["adminform"].form.errors
    assert not user.role_assignments.filter(role="sectorkamer_secretary").exists()


def test_home_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_and_logout(client, demo):
    response = client.post(reverse("login"), {"username": "bestuur", "password": "kansrijk-demo"})
    assert response.status_code == 302 and response.url == reverse("home")
    # the board logs in with a second factor: the demo's authenticator
    assert client.get("/").url == reverse("second_factor_verify") + "?next=/"
    client.post(reverse("second_factor_verify"), {"token": current_code(), "next": "/"})
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_in_dutch(client, demo):
    response = client.post(reverse("login"), {"username": "bestuur", "password": "nope"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_password_reset_by_email(client, demo):
    client.post(reverse("password_reset"), {"email": "school@kansrijk.example"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Kansrijk: kies een nieuw wachtwoord"
    assert "Uw gebruikersnaam is school." in message.body
    assert message.alternatives and "<a href=" in message.alternatives[0][0]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "een-nieuw-wachtwoord-42", "new_password2": "een-nieuw-wachtwoord-42"},
    )
    assert response.status_code == 302
    client.logout()
    login = client.post(
        reverse("login"), {"username": "school", "password": "een-nieuw-wachtwoord-42"}
    )
    assert login.status_code == 302 and login.url == reverse("home")


def test_unknown_email_sends_nothing_and_says_the_same(client, demo):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_seed_demo_is_idempotent(demo):
    from django.core.management import call_command

    from regions.models import Organisation, RegionalTable, RoleAssignment

    counts = (User.objects.count(), Organisation.objects.count(), RegionalTable.objects.count(),
              RoleAssignment.objects.count())  # fmt: skip
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (User.objects.count(), Organisation.objects.count(),
                      RegionalTable.objects.count(), RoleAssignment.objects.count())  # fmt: skip
    # one per role, two more secretaries, a second party, a second arbiter, the administrator
    assert counts[0] == 14


def test_home_page_query_count_does_not_grow_with_roles(client, demo, django_assert_num_queries):
    from regions.models import RoleAssignment, Sectorkamer

    user = User.objects.get(username="lid-onderwijs")
    client.force_login(user)
    with django_assert_num_queries(6):  # user, roles, unread; revisions, signals (2)
        client.get("/")
    for sectorkamer in Sectorkamer.objects.exclude(code="01"):
        RoleAssignment.objects.create(
            user=user, role="sectorkamer_member", sectorkamer=sectorkamer, side="education"
        )
    with django_assert_num_queries(6):
        assert client.get("/").content.decode().count('data-role="sectorkamer_member"') == 8


def test_sectorkamer_workspace_lists_members_by_side(client, demo, django_assert_num_queries):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    client.force_login(User.objects.get(username="bestuur"))
    # user, roles, sectorkamer, people, tables, agendas, revisions
    with django_assert_num_queries(9):
        page = client.get(reverse("agendas:sectorkamer_detail", args=["01"])).content.decode()
    assert "Sanne Jansen" in page and "Pieter Bakker" in page and "Karin Visser" in page
    assert client.get(reverse("agendas:sectorkamer_detail", args=["99"])).status_code == 404
    with django_assert_num_queries(6):  # user, roles, revisions, sectorkamers
        assert client.get(reverse("agendas:sectorkamer_list")).status_code == 200


def test_english_is_available(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Your roles" in page


def test_login_is_throttled_after_five_failures(client, demo):
    statuses = [
        client.post(reverse("login"), {"username": "bestuur", "password": "fout"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    locked = client.post(reverse("login"), {"username": "bestuur", "password": "kansrijk-demo"})
    assert locked.status_code == 429
    assert "15 minuten" in locked.content.decode()
    assert client.get("/").status_code == 302  # not logged in
    # another user from the same address is not affected
    ok = client.post(reverse("login"), {"username": "school", "password": "kansrijk-demo"})
    assert ok.status_code == 302


def test_the_api_token_endpoint_is_throttled_too(demo):
    from rest_framework.test import APIClient

    api = APIClient()
    for _ in range(5):
        api.post("/api/v1/auth/token/", {"username": "bestuur", "password": "fout"})
    locked = api.post("/api/v1/auth/token/", {"username": "bestuur", "password": "kansrijk-demo"})
    assert locked.status_code in (400, 429) and "token" not in locked.content.decode()


def test_sessions_expire(client, demo, settings):
    import time_machine

    client.post(reverse("login"), {"username": "secretaris", "password": "kansrijk-demo"})
    assert client.get("/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    import datetime

    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=9)):
        assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "username, shows",
    [
        ("school", True),
        ("secretaris", True),
        ("bestuur", True),
        ("coordinator", False),
        ("arbiter", False),
    ],
)
def test_the_cycle_and_its_countdown_on_the_home_page(client, demo, username, shows):
    import datetime

    import time_machine

    with time_machine.travel(datetime.datetime(2027, 1, 21, 10, tzinfo=datetime.UTC)):
        client.force_login(User.objects.get(username=username))
        page = client.get("/").content.decode()
    assert ('data-testid="cycle"' in page) is shows
    if shows:
        assert "De 1-februaricyclus 2027" in page and "Nog 10 dagen tot 1 februari." in page
        assert "atlasinformatie gereed" in page and "regionale gesprekken" in page


def test_a_get_never_writes(client, demo):
    """The home page and the cycle API only read: the defaults come from load_reference."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.models import CycleMilestone

    CycleMilestone.objects.all().delete()  # as on a database nobody loaded the cycle into
    client.force_login(User.objects.get(username="secretaris"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
        assert client.get("/api/v1/cycles/").status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert [sql for sql in writes if "SAVEPOINT" not in sql.upper()] == []
    assert not CycleMilestone.objects.exists()


def test_pages_are_dutch_whatever_the_browser_asks(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nl">' in page.content.decode() and page["Content-Language"] == "nl"
    assert "Wat vraagt nu uw aandacht" in page.content.decode()


def test_a_chosen_language_is_kept_and_an_unknown_one_ignored(client, demo):
    client.force_login(User.objects.get(username="bestuur"))
    client.cookies["django_language"] = "de"
    assert '<html lang="nl">' in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="en">' in page and "What needs your attention now" in page

"""What each request reads from the cache (session, user, roles, unread count) follows every
change at once. Transactional tests: requests run in autocommit, as they do in production,
so the caches are filled and read between requests."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services as notifications
from notifications.models import Notification
from regions import services
from regions.models import Role, RoleAssignment, User
from regions.selectors import active_roles

pytestmark = pytest.mark.django_db(transaction=True)


def tables_read(client, url="/meldingen/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [
        q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in queries if " FROM " in q["sql"]
    ]


def fresh(user):
    return User.objects.get(pk=user.pk)  # a new request's user object


@pytest.fixture
def member(make_user, tgo):
    return make_user(Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="education")


def test_a_second_request_reads_session_user_roles_and_badge_from_the_cache(client, member):
    client.force_login(member)
    first = tables_read(client)
    assert "regions_user" in first  # the login saved the user (last_login): loaded afresh
    second = tables_read(client)
    for table in ("django_session", "regions_user", "regions_roleassignment"):
        assert table not in second
    assert second.count("notifications_notification") == first.count(
        "notifications_notification") - 1  # the badge; the page's list stays  # fmt: skip


def test_a_role_granted_or_ended_counts_from_the_next_request(member, tgo):
    assert active_roles(fresh(member)).member_of == {tgo.pk}
    assignment = RoleAssignment.objects.create(
        user=member, role=Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    assert active_roles(fresh(member)).secretary_of == {tgo.pk}
    assignment.delete()
    assert active_roles(fresh(member)).secretary_of == frozenset()


def test_an_assignment_deleted_without_its_holder_loaded_asks_no_query_for_them(member, tgo):
    """Deleting assignments (a cascade, a bulk delete) renews the holder's cached roles by
    their id: the holder is not loaded for each one."""
    RoleAssignment.objects.create(
        user=member, role=Role.SECTORKAMER_SECRETARY, sectorkamer=tgo,
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    assert active_roles(fresh(member)).secretary_of == {tgo.pk}  # cached
    assignments = RoleAssignment.objects.filter(user=member, role=Role.SECTORKAMER_SECRETARY)
    with CaptureQueriesContext(connection) as queries:
        assignments.delete()
    assert not [q for q in queries if 'FROM "regions_user"' in q["sql"]]
    assert active_roles(fresh(member)).secretary_of == frozenset()


def test_a_deactivated_person_loses_roles_and_session_at_once(client, member, staff):
    client.force_login(member)
    assert client.get("/meldingen/").status_code == 200
    assert active_roles(fresh(member)).roles  # cached
    services.deactivate_person(actor=staff, user=member, reason="Vertrokken")
    # the roles end with an UPDATE (no signal): the service renews the cache itself
    assert active_roles(fresh(member)).roles == frozenset()
    response = client.get("/meldingen/")
    assert response.status_code == 302 and "/login" in response.url  # the cached user is gone


def test_a_new_password_ends_other_sessions_though_the_user_was_cached(client, member):
    client.force_login(member)
    assert client.get("/meldingen/").status_code == 200
    member.set_password("a new long passphrase")
    member.save()
    assert client.get("/meldingen/").status_code == 302  # the session hash no longer matches


def test_renaming_the_organisation_shows_in_the_cached_account(make_user, make_org):
    org = make_org("Oude naam")
    user = make_user(works_for=org)
    from kansrijk_site.auth import PasswordBackend

    assert PasswordBackend().get_user(user.pk).organisation.name == "Oude naam"
    org.name = "Nieuwe naam"
    org.save()
    assert PasswordBackend().get_user(user.pk).organisation.name == "Nieuwe naam"


def test_the_badge_follows_new_and_read_notifications(member):
    from notifications.selectors import unread_count

    assert unread_count(fresh(member)) == 0
    notifications.notify(recipients=[member], kind="agreement", key="k1", title="Een")
    assert unread_count(fresh(member)) == 1
    notifications.mark_read(actor=member)
    assert unread_count(fresh(member)) == 0
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0


def test_logging_out_ends_the_cached_session_too(client, member):
    from django.urls import reverse

    client.force_login(member)
    assert client.get("/meldingen/").status_code == 200  # the session now comes from the cache
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = cookie  # a copy of the cookie kept by someone else
    assert client.get("/meldingen/").status_code == 302

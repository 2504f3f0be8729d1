"""The permission matrix: every role (and anonymous) against every API operation, page, page
action and download, for objects inside and outside the role's scope (see matrix_data.py).

Every API operation (route name and HTTP method, derived from the router's viewsets and the
API views) and every named URL of the site must be in the matrix: adding one without its
expectations fails ``test_every_api_operation_is_in_the_matrix`` or
``test_every_page_is_in_the_matrix``.

The world is built once for the module (in a transaction rolled back at its end); each cell
runs in a savepoint that is rolled back, so a write by one role leaves the next role the same
world. The number of cells checked is written to var/reliability/matrix.json.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from regions.models import User
from regions.rules import owed_second_factor
from tests.site import matrix_data as m

REPORT = Path(__file__).resolve().parents[2] / "var" / "reliability" / "matrix.json"
COUNTS = {}  # what each matrix test checked: cells and failures


def _write_report():
    if not COUNTS:
        return
    cells = {key: counted["cells"] for key, counted in COUNTS.items()}
    report = {
        "api_cells": sum(cells.get(k, 0) for k in ("api_reads", "api_writes", "api_token")),
        "page_cells": sum(cells.get(k, 0) for k in ("pages", "page_posts")),
        "download_cells": cells.get("downloads", 0),
        "operations": len(m.api_operations()),
        "pages": len(m.site_pages()),
        "failures": sum(c.get("failures", 0) for c in COUNTS.values()),
        "detail": COUNTS,
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\npermission matrix: {json.dumps({k: v for k, v in report.items() if k != 'detail'})}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module; the tests' own transactions nest inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield m.build_world()
        transaction.set_rollback(True)
    _write_report()


def _in_savepoint(call):
    with transaction.atomic():
        try:
            return call()
        finally:
            transaction.set_rollback(True)


def _user(people, role):
    """The role's user, with nothing cached from an earlier cell (its roles are kept on it)."""
    user = people[role]
    user.__dict__.pop("_kansrijk_active_roles", None)
    return user


class Clients:
    """One API client and one signed-in site client per role, made once: every new test
    client loads the whole middleware stack (the static files included)."""

    def __init__(self, people):
        self.people = people
        self._api = {role: APIClient(raise_request_exception=False) for role in m.ROLES}
        self._site = {role: Client(raise_request_exception=False) for role in m.ROLES}
        for role in m.USERS:
            self._site[role].force_login(_user(people, role))
        self._sessions = {
            role: client.cookies[settings.SESSION_COOKIE_NAME].value
            for role, client in self._site.items()
            if role != "anonymous"
        }

    def restore_session(self, role):
        """After signing out (rolled back): the same session again, for the next cells."""
        if role != "anonymous":
            self._site[role].cookies[settings.SESSION_COOKIE_NAME] = self._sessions[role]

    def api(self, role):
        client = self._api[role]
        client.force_authenticate(None if role == "anonymous" else _user(self.people, role))
        return client

    def site(self, role):
        client = self._site[role]
        client.cookies.pop("messages", None)  # no messages left from an earlier cell
        return client


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    with django_db_blocker.unblock():
        return Clients(world[0])


def _read(response):
    """The body, read: a file answer is streamed, and reading it to the end closes it the way
    a server would (closing it again would end the test's database connection)."""
    if getattr(response, "streaming", False):
        response.body = b"".join(response.streaming_content)
    else:
        response.body = response.content
    return response


def _describe(response):
    location = response.get("Location")
    return f"{response.status_code}" + (f" -> {location}" if location else "")


def _answers(response, expected):
    if expected == m.LOGIN:
        return response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    return response.status_code == expected


def _check_table(table):
    """Every case names an answer for every role: the table itself is complete."""
    incomplete = [
        f"{key}: {case.url}"
        for key, cases in table.items()
        for case in cases
        if set(case.expected) != set(m.ROLES)
    ]
    assert not incomplete, f"cases without an answer for every role: {incomplete}"
    return sum(len(case.expected) for cases in table.values() for case in cases)


def _report(name, cells, failures):
    COUNTS[name] = {"cells": cells, "failures": len(failures)}
    print(f"\n{name}: {cells} cells, {len(failures)} differ")
    assert not failures, f"{len(failures)} of {cells} cells differ:\n" + "\n".join(failures)


# -- completeness ------------------------------------------------------------------------


def test_every_api_operation_is_in_the_matrix():
    operations = m.api_operations()
    listed = {(name, "GET") for name in m.READS} | set(m.WRITES) | set(m.PUBLIC_API)
    missing = sorted(operations - listed)
    assert not missing, f"add these API operations to the permission matrix: {missing}"
    stale = sorted(listed - operations)
    assert not stale, f"the matrix names API operations that do not exist: {stale}"
    # every write the router offers, custom actions and the viewsets' own, per method
    assert ("agreement-accept", "POST") in operations
    assert ("priority-detail", "DELETE") in operations
    assert ("agendarevision-detail", "PUT") not in operations  # the viewset refuses PUT


def test_every_page_is_in_the_matrix():
    pages = m.site_pages()
    api_names = {name for name, _method in m.api_operations()}
    listed = set(m.PAGES) | set(m.PAGE_POSTS) | set(m.DOWNLOADS) | set(m.PUBLIC_PAGES)
    missing = sorted(pages - listed)
    assert not missing, f"add these pages to the permission matrix: {missing}"
    stale = sorted(listed - pages - api_names)
    assert not stale, f"the matrix names pages that do not exist: {stale}"


# -- the API -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_read_matrix(world, clients):
    _people, ids = world
    cells = _check_table(m.READS)
    failures = []
    for name, cases in m.READS.items():
        for case in cases:
            url = case.url.format(**ids)
            for role, status in case.expected.items():
                response = _in_savepoint(lambda r=role, u=url: _read(clients.api(r).get(u)))
                if response.status_code != status:
                    failures.append(f"GET {name} {url} {role}: expected {status}, got "
                                    f"{_describe(response)}")  # fmt: skip
    # The API's own description is open by design: anonymous and a signed-in user.
    for (name, method), status in m.PUBLIC_API.items():
        if method != "GET":
            continue
        url = {"api-schema": "/api/schema/", "api-docs": "/api/docs/"}[name]
        for role in ("anonymous", "school"):
            cells += 1
            got = clients.api(role).get(url).status_code
            if got != status:
                failures.append(f"GET {name} {role}: expected {status}, got {got}")
    _report("api_reads", cells, failures)


@pytest.mark.django_db
def test_the_api_write_matrix(world, clients):
    _people, ids = world
    cells = _check_table(m.WRITES)
    failures = []
    for (name, method), cases in m.WRITES.items():
        for case in cases:
            url = case.url.format(**ids)
            for role, status in case.expected.items():

                def call(role=role, case=case, url=url, method=method):
                    client = clients.api(role)
                    send = getattr(client, method.lower())
                    return send(url, case.data(ids), format=case.format)

                response = _in_savepoint(call)
                if response.status_code != status:
                    body = getattr(response, "data", None) or ""
                    failures.append(
                        f"{method} {name} {url} {role}: expected {status}, got "
                        f"{_describe(response)} {str(body)[:200]}"
                    )
    _report("api_writes", cells, failures)


@pytest.mark.django_db
def test_the_token_endpoint_is_open_to_its_owner(clients):
    """POST /api/v1/auth/token/ needs no session: the right credentials are the key."""
    failures = []
    for role in m.ROLES:
        username = m.USERNAMES.get(role, "school")
        password = m.PASSWORD if role != "anonymous" else "wrong"
        expected = m.PUBLIC_API[("api-token", "POST")] if role != "anonymous" else 400

        def call(role=role, username=username, password=password, with_code=False):
            client = clients.api(role)
            body = {"username": username, "password": password}
            if with_code:  # the role logs in with a second factor: its code is needed too
                body["otp_token"] = _second_factor_code(username)
            return client.post("/api/v1/auth/token/", body)

        privileged = role != "anonymous" and owed_second_factor(User.objects.get(username=username))
        if privileged:
            without = _in_savepoint(call)
            if without.status_code != 400 or "otp_token" not in without.json().get("errors", {}):
                failures.append(f"api-token {role} without its code: expected 400 naming "
                                f"otp_token, got {_describe(without)}")  # fmt: skip
        response = _in_savepoint(
            lambda call=call, privileged=privileged: call(with_code=bool(privileged))
        )
        if response.status_code != expected:
            failures.append(f"api-token {role}: expected {expected}, got {_describe(response)}")
        elif expected == 200 and not response.json().get("token"):
            failures.append(f"api-token {role}: no token in the answer")
    _report("api_token", len(m.ROLES), failures)


def _second_factor_code(username) -> str:
    """A confirmed authenticator for ``username`` (inside the cell's savepoint) and its code."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=User.objects.get(username=username), name="matrix", confirmed=True
        )
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    totp = TOTP(device.bin_key)
    totp.time = time.time()
    return f"{totp.token():06d}"


# -- the site --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_matrix(world, clients):
    _people, ids = world
    tables = {**m.PAGES, **{f"public {k}": v for k, v in m.PUBLIC_PAGES.items()}}
    cells = _check_table(tables)
    failures = []
    for name, cases in tables.items():
        for case in cases:
            url = case.url.format(**ids)
            for role, expected in case.expected.items():
                response = _in_savepoint(lambda r=role, u=url: clients.site(r).get(u))
                if not _answers(response, expected):
                    failures.append(
                        f"GET {name} {url} {role}: expected {expected}, got {_describe(response)}"
                    )
    _report("pages", cells, failures)


def _errors(response):
    """The error messages a page action left for the page it returns to."""
    storage = messages.get_messages(response.wsgi_request)
    queued = getattr(storage, "_queued_messages", [])
    return [str(message) for message in queued if message.level >= messages.ERROR]


@pytest.mark.django_db
def test_the_page_action_matrix(world, clients):
    _people, ids = world
    cells = _check_table(m.PAGE_POSTS)
    failures = []
    for name, cases in m.PAGE_POSTS.items():
        for case in cases:
            url = case.url.format(**ids)
            for role, expected in case.expected.items():

                def call(role=role, case=case, url=url):
                    response = clients.site(role).post(url, case.data(ids))
                    return response, _errors(response)

                response, errors = _in_savepoint(call)
                if name == "logout":
                    clients.restore_session(role)
                where = f"POST {name} {url} {role}"
                if not _answers(response, expected):
                    failures.append(f"{where}: expected {expected}, got {_describe(response)}")
                elif expected == 302 and role != "anonymous" and errors:
                    failures.append(f"{where}: refused with {errors}")
                elif (
                    expected == 302
                    and name != "logout"
                    and response["Location"].startswith("/accounts/login/")
                ):
                    failures.append(f"{where}: sent to the login page")
    # Actions that are only actions: a GET does not perform them (405).
    get_pages = set(m.PAGES) | set(m.DOWNLOADS) | set(m.PUBLIC_PAGES)
    for name, cases in m.PAGE_POSTS.items():
        if name in get_pages:
            continue
        case = cases[0]
        role = next(r for r in m.ROLES if r != "anonymous")
        cells += 1
        url = case.url.format(**ids)
        response = _in_savepoint(lambda r=role, u=url: clients.site(r).get(u))
        if response.status_code != 405:
            failures.append(
                f"GET {name} {url}: a page action answers GET with {_describe(response)}"
            )
    _report("page_posts", cells, failures)


# -- downloads -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_download_matrix(world, clients):
    _people, ids = world
    incomplete = [
        d.url for ds in m.DOWNLOADS.values() for d in ds if set(d.expected) != set(m.ROLES)
    ]
    assert not incomplete, f"downloads without an answer for every role: {incomplete}"
    cells = 0
    failures = []
    for name, downloads in m.DOWNLOADS.items():
        is_api = name in {n for n, _method in m.api_operations()}
        for download in downloads:
            url = download.url.format(**ids)
            for role, expected in download.expected.items():
                cells += 1

                def call(role=role, url=url, is_api=is_api):
                    client = clients.api(role) if is_api else clients.site(role)
                    return _read(client.get(url))

                response = _in_savepoint(call)
                where = f"GET {name} {url} {role}"
                if not _answers(response, expected):
                    failures.append(f"{where}: expected {expected}, got {_describe(response)}")
                    continue
                if expected != 200:
                    continue
                content_type = response.get("Content-Type", "")
                if not content_type.startswith(download.content_type):
                    failures.append(f"{where}: content type {content_type}")
                disposition = response.get("Content-Disposition", "")
                if download.attachment and not disposition.startswith("attachment"):
                    failures.append(f"{where}: not an attachment ({disposition!r})")
                if download.uploaded and response.get("X-Content-Type-Options") != "nosniff":
                    failures.append(f"{where}: without X-Content-Type-Options: nosniff")
                body = response.body
                if not body.startswith(download.starts_with):
                    failures.append(f"{where}: the body starts with {body[:20]!r}")
    _report("downloads", cells, failures)

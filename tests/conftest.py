import datetime
import os

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from regions.models import Organisation, OrganisationKind, RegionalTable, RoleAssignment, User

pytest_plugins = ["tests.fixtures_agreements", "tests.real_services"]


def pytest_configure(config):
    from tests import second_factor

    second_factor.install()  # force_login logs privileged users in as after their code


def pytest_collection_modifyitems(config, items):
    """Browser journeys run last; service tests say clearly when the services are missing."""
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: bool(item.get_closest_marker("e2e")))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        for item in items:
            if item.get_closest_marker("services"):
                item.add_marker(
                    pytest.mark.skip(reason="needs PostgreSQL and Redis: run `make test`")
                )


@pytest.fixture
def reference(db):
    """The 35 arbeidsmarktregio's and 8 sectorkamers, the reminder policy and this cycle's
    milestones: what `make run` and a deployment load with `manage.py load_reference`."""
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def staff(reference):
    return User.objects.create_user("staff", password="pw", is_staff=True)


@pytest.fixture
def make_org(reference):
    counter = {"n": 0}

    def make(name=None, kind=OrganisationKind.EMPLOYER, code=""):
        counter["n"] += 1
        if kind == OrganisationKind.MBO_INSTITUTION and not code:
            code = f"{counter['n']:02d}ZZ"
        return Organisation.objects.create(
            name=name or f"Organisation {counter['n']}", kind=kind, institution_code=code
        )

    return make


@pytest.fixture
def make_user(reference):
    """A user holding ``role`` since 2020, working for ``works_for``; scope as in RoleAssignment."""
    counter = {"n": 0}

    def make(role=None, username=None, works_for=None, is_staff=False, **scope):
        counter["n"] += 1
        user = User.objects.create_user(
            username or f"user{counter['n']}",
            email=f"user{counter['n']}@example.org",
            password="pw",
            organisation=works_for,
            is_staff=is_staff,
        )
        if role is not None:
            scope.setdefault("valid_from", datetime.date(2020, 1, 1))
            RoleAssignment.objects.create(user=user, role=role, **scope)
        return user

    return make


@pytest.fixture
def table(reference):
    from regions.models import Arbeidsmarktregio

    table = RegionalTable.objects.create(name="Rotterdamse Zorg")
    table.regions.set([Arbeidsmarktregio.objects.get(code="AM22")])
    return table


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _fresh_cached_reads():
    """Primary keys can come back (a rollback on SQLite, a table a migration test drops and
    makes again), so a value cached for user 5 in one test could meet another user 5 in the
    next: every test starts without the per-owner generations of core.cache, which makes
    every value cached under them unreachable. (The Redis database is shared with the broker
    and the real worker: only those keys go, never a flush.)"""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        cache.clear()
    elif isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match="*:generation:*", count=1000))
        if keys:
            client.delete(*keys)


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Celery's eager mode keeps 'inside a task' in a process-wide flag that concurrent
    threads (the race tests) can leave set; every test starts from a clean flag."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    yield
    _set_task_join_will_block(False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test (rep_call ...): screenshots of failed browser
    journeys and the reliability figures of passed fault tests use it."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def record_fault(request):
    """Put a fault test that passed into docs/reliability.md: it asserts that nothing was
    lost and nothing duplicated, so passing means lost 0 and duplicated 0."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed:
        from tests.reliability import record

        doc = (request.node.function.__doc__ or request.node.name).strip().split("\n\n")[0]
        record(
            "faults",
            request.node.name,
            outcome="survived: " + " ".join(doc.split()),
            lost=0,
            duplicated=0,
        )

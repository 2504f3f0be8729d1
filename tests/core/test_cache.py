"""core.cache: a value per owner, cached until the owner's generation is renewed."""

import pytest
from django.core.cache import cache
from django.db import transaction

from core import cache as owner_cache

# Autocommit, as a request runs: a change outside a transaction renews at once.
pytestmark = pytest.mark.django_db(transaction=True)


class Counter:
    def __init__(self, value="v"):
        self.calls = 0
        self.value = value

    def __call__(self):
        self.calls += 1
        return f"{self.value}{self.calls}"


def test_a_value_is_computed_once_until_its_owner_changes():
    compute = Counter()
    assert owner_cache.cached("t", 1, compute, timeout=60) == "v1"
    assert owner_cache.cached("t", 1, compute, timeout=60) == "v1"
    assert owner_cache.cached("t", 2, compute, timeout=60) == "v2"  # another owner
    owner_cache.invalidate("t", [1])
    assert owner_cache.cached("t", 1, compute, timeout=60) == "v3"
    assert owner_cache.cached("t", 2, compute, timeout=60) == "v2"  # untouched
    assert compute.calls == 3


def test_variants_are_cached_apart():
    compute = Counter()
    assert owner_cache.cached("t", 1, compute, timeout=60, variant="2027-01-31") == "v1"
    assert owner_cache.cached("t", 1, compute, timeout=60, variant="2027-02-01") == "v2"
    assert owner_cache.cached("t", 1, compute, timeout=60, variant="2027-01-31") == "v1"


def test_a_value_read_before_a_change_committed_is_never_served_after_it():
    """The change commits while a reader is still computing from what it read before: the
    reader stores its value under the old generation, which nobody reads any more."""
    stale = Counter("stale")

    def read_then_change():
        value = stale()
        owner_cache.invalidate("t", [1])  # autocommit: renewed at once
        return value

    assert owner_cache.cached("t", 1, read_then_change, timeout=60) == "stale1"
    assert owner_cache.cached("t", 1, Counter("fresh"), timeout=60) == "fresh1"


def test_a_lost_generation_does_not_bring_an_old_value_back():
    owner_cache.cached("t", 1, Counter("old"), timeout=60)
    cache.delete(owner_cache._generation_key("t", 1))  # evicted
    assert owner_cache.cached("t", 1, Counter("new"), timeout=60) == "new1"


def test_nothing_is_stored_by_a_transaction_with_work_waiting_for_its_commit():
    """What such a transaction reads may still be rolled back."""
    compute = Counter()
    with transaction.atomic():
        transaction.on_commit(lambda: None)
        assert owner_cache.cached("t", 1, compute, timeout=60) == "v1"
        assert owner_cache.cached("t", 1, compute, timeout=60) == "v2"
    with transaction.atomic():  # a plain read inside a transaction may be stored
        assert owner_cache.cached("t", 1, compute, timeout=60) == "v3"
    assert owner_cache.cached("t", 1, compute, timeout=60) == "v3"


def test_a_change_renews_the_generation_again_when_it_commits():
    """A reader between the change and its commit reads the old rows: what it stores
    under the generation renewed at once is dropped by the renewal at the commit."""
    with transaction.atomic():
        owner_cache.invalidate("t", [1])
        between = owner_cache._generation("t", 1)
    assert owner_cache._generation("t", 1) != between


def test_an_unreachable_cache_computes_every_time(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    compute = Counter()
    assert owner_cache.cached("t", 1, compute, timeout=60) == "v1"
    assert owner_cache.cached("t", 1, compute, timeout=60) == "v2"
    owner_cache.invalidate("t", [1])  # does not raise

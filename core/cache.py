"""Per-owner values cached across requests, invalidated by generation.

A value (a user's roles, their unread count) is stored under its owner's current
generation: ``<scope>:<owner>:<generation>:<variant>``. A change gives the owner a new,
random generation at once and again after its transaction commits, so a reader that loaded
the value before the change was committed can only have stored it under a generation that
nobody reads any more. A lost generation key (evicted, expired) is replaced by a new random
one, never by a default, so an old value cannot come back with it.

Inside a transaction that has work waiting for its commit, nothing is stored: what it reads
may still be rolled back. When the cache is unreachable, values are computed every time.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

GENERATION_SECONDS = 7 * 24 * 3600  # longer than any value lives
_MISSING = object()


def _generation_key(scope: str, owner) -> str:
    return f"generation:{scope}:{owner}"


def _generation(scope: str, owner) -> str:
    key = _generation_key(scope, owner)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, GENERATION_SECONDS)
        generation = cache.get(key)
    return generation


def _may_store() -> bool:
    return not (connection.in_atomic_block and connection.run_on_commit)


def cached(scope: str, owner, compute, *, timeout: int, variant: str = ""):
    """``compute()``, or what it returned for this owner (and variant) since the owner's
    last change, for at most ``timeout`` seconds."""
    try:
        key = f"{scope}:{owner}:{_generation(scope, owner)}:{variant}"
        value = cache.get(key, _MISSING)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the page
        logger.warning("cache unavailable: %s computed without it", scope)
        return compute()
    if value is _MISSING:
        value = compute()
        if _may_store():
            try:
                cache.set(key, value, timeout)
            except Exception:  # noqa: BLE001
                logger.warning("cache unavailable: %s not stored", scope)
    return value


def invalidate(scope: str, owners) -> None:
    """The owners' values changed (or will when this transaction commits)."""
    keys = [_generation_key(scope, owner) for owner in set(owners)]
    if not keys:
        return

    def renew():
        generation = uuid.uuid4().hex
        try:
            cache.set_many(dict.fromkeys(keys, generation), GENERATION_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("cache unavailable: %s generations not renewed", scope)

    renew()
    transaction.on_commit(renew)

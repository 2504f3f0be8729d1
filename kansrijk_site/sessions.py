"""Sessions read from the cache and written through to the database (SESSION_ENGINE).

Django's cached_db engine, with two changes:
- the cached copy carries the moment the session ends and is judged on this server's clock,
  not only by the cache's own expiry, so a session ends at the same moment whether it was
  read from the cache or the database;
- a cache outage never fails a request: every cache call falls back to the database (Django's
  engine guards only some of them), as the rest of the site does when Redis is down.
"""

import logging

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "kansrijk.session."

    def load(self):
        try:
            cached = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 - an outage, or a key the cache refuses
            cached = None
        if isinstance(cached, tuple) and len(cached) == 2:
            data, ends = cached
            if timezone.now().timestamp() < ends:
                return data
        stored = self._get_session_from_db()  # only a session that has not ended
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._keep(data, stored.expire_date)
        return data

    def _keep(self, data, ends) -> None:
        try:
            self._cache.set(
                self.cache_key, (data, ends.timestamp()), self.get_expiry_age(expiry=ends)
            )
        except Exception:  # noqa: BLE001
            logger.warning("cache unavailable: session kept in the database only")

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:  # noqa: BLE001
            pass
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._keep(self._session, self.get_expiry_date())

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:  # noqa: BLE001
            logger.error("cache unavailable: an ended session stays cached until it expires")

    # The site runs on WSGI; the async variants run the same code.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)

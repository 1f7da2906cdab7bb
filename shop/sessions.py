"""Django's database sessions, each page's session read by ``rows.row_by`` (a prepared statement)."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from shop.rows import row_by


class SessionStore(DatabaseSessionStore):
    """The same table, data and expiry as ``django.contrib.sessions.backends.db``: only the read
    of each request's session is cheaper."""

    def _get_session_from_db(self) -> Session | None:
        try:
            found = row_by(Session, session_key=self.session_key) if self.session_key else None
        except SuspiciousOperation as exc:
            logging.getLogger(f"django.security.{exc.__class__.__name__}").warning(str(exc))
            found = None
        if found is None or found.expire_date <= timezone.now():
            self._session_key = None
            return None
        return found

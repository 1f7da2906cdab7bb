"""A browser's stable visitor id, kept in its session.

Django cycles the session key at login, so events are keyed by this id instead;
it survives the login and lets the anonymous history follow the shopper.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest

VISITOR_SESSION_KEY = "visitor_id"


def visitor_id_get(request: HttpRequest) -> str:
    """The request's visitor id, created (and stored in the session) on first use."""
    visitor_id = request.session.get(VISITOR_SESSION_KEY)
    if not visitor_id:
        visitor_id = uuid.uuid4().hex
        request.session[VISITOR_SESSION_KEY] = visitor_id
    return visitor_id

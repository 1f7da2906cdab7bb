"""Whole API answers, cached per request and per state of everything the answer reads.

An answer is a function of the request, the shopper's events, the catalogue, staff's
configuration and the live models (trending and exploration read the clock too, within
``PAGE_PART_SECONDS``, as the storefront's cached rows do). The key holds the request's own
parameters, the shopper's history fingerprint (count and newest event id: any event recorded for
them changes it, so an answer still follows a click at once) and the serving versions; a hit
skips scoring, filtering and explaining. Each copy goes out under a new recommendation id, so
events sent back with it are credited per answer, as with rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection

from recommendations.models import Interaction
from recommendations.selectors.history import history_fingerprint
from recommendations.selectors.rows import serving_versions
from shop.page_parts import PAGE_PART_SECONDS, page_part_key
from shop.text import control_character

API_RESPONSES = "api-responses"


def response_shopper_state(*, username: str | None, visitor_id: str = "") -> tuple[str, ...] | None:
    """Who asks and the state of their history, for the key; None for a userId nobody has (the
    request goes the whole way and is refused there).

    One plain query for the user and their fingerprint together: on a cache hit it is most of the
    request's cost, and the ORM's two queries took as long as everything else.
    """
    if any(control_character(text, allow_whitespace=False) for text in (username or "", visitor_id)):
        return None  # refused by the whole way's validation, before any query sees it (PostgreSQL: no NUL)
    if username is not None:
        user_table = get_user_model()._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT u.id, COUNT(i.id), MAX(i.id) FROM {user_table} u "  # noqa: S608 - table names only
                f"LEFT JOIN {Interaction._meta.db_table} i ON i.user_id = u.id "
                f"WHERE u.{get_user_model().USERNAME_FIELD} = %s GROUP BY u.id",
                [username],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        pk, n, last = row
        return (f"user:{pk}:{visitor_id}", repr((n, last)))
    if visitor_id:
        return (f"visitor:{visitor_id}", repr(history_fingerprint(user=None, visitor_id=visitor_id)))
    return ("anyone",)


def _key(operation: str, params: Mapping[str, list[str]], state: tuple[str, ...]) -> str:
    request = repr(sorted((name, sorted(values)) for name, values in params.items()))
    return page_part_key(API_RESPONSES, (operation, request, *state, *serving_versions()))


def response_cached(operation: str, *, params: Mapping[str, list[str]], state: tuple[str, ...]) -> dict | None:
    """The answer stored for this request and state, under a new recommendation id; None if none is."""
    body = cache.get(_key(operation, params, state))
    if body is None:
        return None
    return {**body, "recommendationId": uuid.uuid4().hex}


def response_cache(operation: str, *, params: Mapping[str, list[str]], state: tuple[str, ...], body: dict) -> None:
    cache.set(_key(operation, params, state), body, PAGE_PART_SECONDS)

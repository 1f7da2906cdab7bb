"""Parts of every page that change rarely (the category strip, the persona menu, an anonymous
visitor's rows), cached under version tokens that the writes they depend on replace.

A token is random rather than a counter, so a cache that lost it (evicted, restarted) can never
hand out an older part under a reused number. With Redis every process shares the tokens and sees
a bump at once; with the local-memory cache each process sees its own bumps at once and another's
within ``PAGE_PART_SECONDS``, the lifetime of every cached part.

Each process also keeps the parts it read last, unpickled, for the same lifetime: a part's key
holds the tokens of everything it depends on (read from the shared cache on every request), so a
kept part is never staler than the shared copy, and a page stops paying to unpickle its rows'
products on every view (the biggest cost of a cached home page). Callers must not mutate a part.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

CATALOGUE = "catalogue"
PAGE_PART_SECONDS = 60
_VERSION_KEY = "page-parts:version:{name}"
# Parts a process keeps unpickled: a few pages' worth for a few hundred shoppers.
LOCAL_PARTS = 2048
_local: OrderedDict[str, tuple[float, object]] = OrderedDict()
_local_lock = threading.Lock()


def version_get(name: str) -> str:
    """The current token of ``name`` (one is made the first time it is asked for)."""
    key = _VERSION_KEY.format(name=name)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key) or ""
    return token


def version_bump(name: str) -> None:
    """Every part cached under ``name``'s current token is stale from now on."""
    cache.set(_VERSION_KEY.format(name=name), uuid.uuid4().hex, None)


def catalogue_version() -> str:
    """Changes whenever a product or a category is saved or deleted, or an order moves stock."""
    return version_get(CATALOGUE)


def page_part_key(name: str, versions: tuple[str, ...]) -> str:
    # Hashed: the versions of every live model would make too long a key for memcached.
    return f"page-parts:{name}:{hashlib.sha256(':'.join(versions).encode()).hexdigest()}"


def page_part(name: str, versions: tuple[str, ...], build: Callable[[], T]) -> T:
    """``build()``'s value, cached per ``versions`` (tokens, model version ids...) for ``PAGE_PART_SECONDS``."""
    key = page_part_key(name, versions)
    now = time.monotonic()
    with _local_lock:
        kept = _local.get(key)
        if kept is not None and kept[0] > now:
            _local.move_to_end(key)
            return kept[1]
    hit = cache.get(key)
    if hit is not None:
        value = hit[0]
    else:
        value = build()
        # Wrapped, so a None value is a hit too.
        cache.set(key, (value,), PAGE_PART_SECONDS)
    _keep(key, value, now)
    return value


def _keep(key: str, value: object, now: float) -> None:
    with _local_lock:
        _local[key] = (now + PAGE_PART_SECONDS, value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_PARTS:
            _local.popitem(last=False)


def page_parts_forget() -> None:
    """Drop this process's kept parts (tests that clear the shared cache clear these too)."""
    with _local_lock:
        _local.clear()

"""The shopper's attributes a filter's ``IF CurrentUser.FIELD`` reads, from whichever app holds them.

Shopper profiles live in an app above this one (personas), which this app must not import: that
app registers a provider here when it is ready, and filters ask the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

UserAttributes = dict[str, object]
Provider = Callable[[AbstractBaseUser], UserAttributes]
# A fixed list, or a callable asked each time (fields that follow the users schema).
Fields = Iterable[str] | Callable[[], Iterable[str]]


@dataclass(frozen=True)
class _Registered:
    provider: Provider
    fields: tuple[str, ...] | Callable[[], Iterable[str]]

    def names(self) -> tuple[str, ...]:
        found = self.fields() if callable(self.fields) else self.fields
        return tuple(sorted({field.upper() for field in found}))


_providers: dict[str, _Registered] = {}


def user_attributes_provider_register(name: str, provider: Provider, *, fields: Fields) -> None:
    """Register (or replace, by ``name``) a provider of attributes named ``fields`` (upper case);
    a callable ``fields`` is asked whenever the fields are wanted."""
    kept = fields if callable(fields) else tuple(sorted({field.upper() for field in fields}))
    _providers[name] = _Registered(provider, kept)


def user_attributes_provider_unregister(name: str) -> None:
    _providers.pop(name, None)


def user_attribute_fields() -> tuple[str, ...]:
    """Every CurrentUser field a filter may name (empty: none registered, so none is checked)."""
    return tuple(sorted({field for registered in _providers.values() for field in registered.names()}))


def user_attributes(user: AbstractBaseUser | None) -> UserAttributes:
    """The shopper's attributes by upper-case field; empty for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return {}
    found: UserAttributes = {}
    for registered in _providers.values():
        found.update({key.upper(): value for key, value in registered.provider(user).items()})
    return found

"""django-environ's ``Env``, held to the rules this project's variables have always had.

- A blank variable (``VAR=`` in a compose or ``.env`` file) means unset, so it takes the default.
- A boolean must be one of a few spellings: ``DJANGO_DEBUG=maybe`` is an error naming the
  variable, not a silent ``False``; an integer that is not one is such an error too.
- A value is taken literally: django-environ would read ``$name`` as "the value of variable
  name", and a secret key (Django's generator included) may start with ``$``.
- List items are stripped, so ``a, b`` is ``["a", "b"]``.
"""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


class Env(environ.Env):
    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        # Replaces django-environ's lookup, which has none of the rules above; its casts
        # (parse_value) and typed accessors (str, int, list, json, url...) are kept.
        raw = self.ENVIRON.get(var, "")
        if raw == "":
            if default is self.NOTSET:
                raise ImproperlyConfigured(f"{var} must be set")
            return default
        if cast is None and default is not None and default is not self.NOTSET:
            cast = type(default)  # django-environ's smart cast
        if cast is bool:
            if raw.strip().lower() not in BOOLEANS:
                raise ImproperlyConfigured(f"{var} must be true or false, not {raw!r}")
            return BOOLEANS[raw.strip().lower()]
        try:
            return self.parse_value(raw, cast)
        except ValueError as exc:
            kind = "an integer" if cast is int else f"a {getattr(cast, '__name__', cast)}"
            raise ImproperlyConfigured(f"{var} must be {kind}, not {raw!r}") from exc

    def list(self, var, cast=None, default=environ.Env.NOTSET):
        items = super().list(var, cast=cast, default=default)
        if cast not in (None, str):
            return items
        return [item.strip() for item in items if item.strip()]

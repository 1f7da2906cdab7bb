"""Which characters a request may carry into the database.

PostgreSQL refuses NUL in text (a 500 if it gets that far), and the other control characters are
never typed by a person: in a query string, a form or a JSON body they are an attack or a broken
client, so they are refused before anything is stored, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Unicode's control characters (C0, DEL and C1). Tab, line feed and carriage return are text:
# a textarea sends CRLF, and a pasted description may hold a tab.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(value: str, *, allow_whitespace: bool = True) -> str | None:
    """The first control character in ``value`` as ``U+XXXX``, or None when there is none.

    ``allow_whitespace`` lets tab, line feed and carriage return through, as free text needs;
    identifiers (a session id, a slug) have no business with them either.
    """
    found = (_CONTROL_BUT_WHITESPACE if allow_whitespace else _CONTROL).search(value)
    return f"U+{ord(found.group()):04X}" if found else None


@deconstructible
class ProhibitControlCharactersValidator:
    """Refuses control characters in a form or serializer field (tab and newlines too, unless allowed)."""

    code = "control_characters"

    def __init__(self, *, allow_whitespace: bool = False) -> None:
        self.allow_whitespace = allow_whitespace

    def __call__(self, value: object) -> None:
        character = control_character(str(value), allow_whitespace=self.allow_whitespace)
        if character is not None:
            raise ValidationError(
                f"Control characters are not allowed: {character}.", code=self.code, params={"character": character}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProhibitControlCharactersValidator) and self.allow_whitespace == other.allow_whitespace

    def __hash__(self) -> int:
        return hash((type(self), self.allow_whitespace))

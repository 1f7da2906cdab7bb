"""The control-character rule shared by the request guard and the API's fields."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shop.text import ProhibitControlCharactersValidator, control_character


@pytest.mark.parametrize(
    ("value", "expected"),
    [("plain", None), ("a\x00", "U+0000"), ("\x1b[0m", "U+001B"), ("del\x7f", "U+007F"), ("c1\x9f", "U+009F")],
)
def test_control_character_names_the_first_one(value, expected):
    assert control_character(value) == expected


def test_whitespace_is_text_unless_refused():
    assert control_character("a\tb\r\nc") is None
    assert control_character("a\tb", allow_whitespace=False) == "U+0009"
    assert control_character("ünïcødé \u00a0 ok") is None  # beyond C1, letters and a no-break space are text


def test_the_validator_refuses_whitespace_by_default():
    ProhibitControlCharactersValidator()("session-1")
    ProhibitControlCharactersValidator(allow_whitespace=True)("two\nlines")
    with pytest.raises(ValidationError, match=r"U\+000A"):
        ProhibitControlCharactersValidator()("two\nlines")

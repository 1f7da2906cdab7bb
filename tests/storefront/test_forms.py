"""The storefront's forms: what they accept, and what they say when they refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from storefront.forms import MAX_QUERY_LENGTH, SearchForm


def test_a_query_of_the_maximum_length_is_accepted_stripped():
    form = SearchForm({"q": "  " + "a" * MAX_QUERY_LENGTH + "  "})
    assert form.is_valid()
    assert form.query_to_show() == "a" * MAX_QUERY_LENGTH
    assert form.first_error() == ""


def test_a_too_long_query_is_refused_with_a_message_and_offered_back_cut_to_fit():
    form = SearchForm({"q": " " + "b" * 150 + "c" * 100})

    assert not form.is_valid()
    assert form.first_error() == f"Your search is too long: use at most {MAX_QUERY_LENGTH} characters."
    assert form.query_to_show() == "b" * 150 + "c" * 50


def test_a_query_with_a_null_character_is_refused_and_offered_back_without_it():
    form = SearchForm({"q": "lamp\x00"})
    assert not form.is_valid()
    assert "cannot be searched for" in form.first_error()
    assert form.query_to_show() == "lamp"


@pytest.mark.parametrize("template", ["base.html", "storefront/search.html"])
def test_search_boxes_never_take_more_than_the_form_accepts(template):
    source = (Path(settings.BASE_DIR) / "templates" / template).read_text()
    boxes = re.findall(r'<input[^>]*name="q"[^>]*>', source)
    assert boxes
    for box in boxes:
        assert f'maxlength="{MAX_QUERY_LENGTH}"' in box

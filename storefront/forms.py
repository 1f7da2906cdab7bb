from __future__ import annotations

from django import forms

MAX_QUANTITY = 99
# Also the search boxes' maxlength, so a query typed into them is always accepted.
MAX_QUERY_LENGTH = 200


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            "required": "Please enter a quantity.",
            "invalid": "Please enter a whole number.",
            "min_value": "Please choose a quantity of at least 1.",
            "max_value": f"You can order at most {MAX_QUANTITY} at a time.",
        },
    )
    # The recommendation row that led here, carried from the product page's ?rid=.
    rid = forms.CharField(max_length=64, required=False)
    next = forms.CharField(max_length=2000, required=False)

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return "Please check the quantity."


class TogetherForm(forms.Form):
    """One of the product and one of its first "frequently bought together" partner."""

    partner = forms.IntegerField(min_value=1)
    rid = forms.CharField(max_length=64, required=False)  # how the shopper came to this product
    partner_rid = forms.CharField(max_length=64, required=False)  # the row the partner was shown in
    next = forms.CharField(max_length=2000, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        error_messages={
            "max_length": f"Your search is too long: use at most {MAX_QUERY_LENGTH} characters.",
            "null_characters_not_allowed": "Your search contains a character that cannot be searched for.",
        },
    )

    def query_to_show(self) -> str:
        """What the search box offers again: the valid query, or the rejected one cut to fit.

        Editing a long query beats retyping it, and the box's own maxlength keeps it valid.
        """
        if self.is_valid():
            return self.cleaned_data["q"]
        return str(self.data.get("q", "")).replace("\x00", "").strip()[:MAX_QUERY_LENGTH]

    def first_error(self) -> str:
        """Why the query was refused, or "" when it was not."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""

from __future__ import annotations

from django import forms

MAX_QUANTITY = 99


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


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, strip=True)

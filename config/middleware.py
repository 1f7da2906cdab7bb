"""Refuse control characters in what a request carries (its address, query string and form fields).

A NUL reaching PostgreSQL is a 500, and no person types a control character, so the request is
answered with a plain 400 before a view can store or look up anything. The API is left to its
serializers, which refuse the same characters field by field and answer in the API's own JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from rest_framework.views import APIView

from shop.text import control_character


def _strings(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(where, text) for every string of the request a view may pass to the database."""
    yield "the address", request.path_info
    for name, values in request.GET.lists():
        yield f"the query parameter name {name!r}", name
        for value in values:
            yield f"the query parameter {name!r}", value
    if request.method == "POST":
        for name, values in request.POST.lists():
            yield f"the form field name {name!r}", name
            for value in values:
                yield f"the form field {name!r}", value


def _is_api(view_func: Callable) -> bool:
    """A DRF view, or a view that declares it answers bad input in its own wire format (``json_api``)."""
    view_class = getattr(view_func, "view_class", None)
    return isinstance(view_class, type) and (issubclass(view_class, APIView) or getattr(view_class, "json_api", False))


class ControlCharactersMiddleware:
    """A plain, friendly 400 for a request whose address, query or form holds a control character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if _is_api(view_func):
            return None
        for where, text in _strings(request):
            character = control_character(text)
            if character is not None:
                return HttpResponseBadRequest(
                    f"Sorry, we could not read this request: {where} contains a control character ({character}).\n"
                    "Please go back and try again without it.\n",
                    content_type="text/plain; charset=utf-8",
                )
        return None

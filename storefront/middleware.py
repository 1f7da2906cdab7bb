"""The shop's own error pages in the local demo too, where debug is on."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views import defaults

API_PREFIX = "/api/"


class FriendlyErrorPagesMiddleware:
    """With debug on, Django answers a bad URL with its yellow page listing every URL pattern, and
    an error with the traceback, in the page. A stakeholder clicking around the demo should get the
    shop's 404 and 500 instead; the traceback still goes to the console (Django logs it).

    Outermost, so it sees the response every other layer produced. The API keeps its JSON, and
    with debug off Django renders these templates itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not settings.DEBUG or request.path.startswith(API_PREFIX):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if response.status_code == 404:
            return defaults.page_not_found(request, exception=None)
        if response.status_code == 500:
            return defaults.server_error(request)
        return response

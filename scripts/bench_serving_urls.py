"""The shop's URLs plus a bare Django JSON view, for ``scripts/bench_serving.py`` only.

The bare view goes through the same middleware, gunicorn workers and settings as the shop's pages,
so it is the floor they are measured against.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), path("", include("config.urls"))]

"""The "Shop as…" switcher: pick a persona, become its demo shopper, carry on where you were."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from personas import selectors, services
from personas.models import Persona

# Pages that belong to one shopper: after a switch they would 404, so land on the list instead.
_PRIVATE_PAGES = {"storefront:order": "storefront:orders"}


def _back(request: HttpRequest) -> HttpResponseRedirect:
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(reverse("storefront:home"))
    try:
        view_name = resolve(next_url.split("?", 1)[0]).view_name
    except Resolver404:
        return HttpResponseRedirect(reverse("storefront:home"))
    if view_name in _PRIVATE_PAGES:
        return HttpResponseRedirect(reverse(_PRIVATE_PAGES[view_name]))
    return HttpResponseRedirect(next_url)


@require_GET
def persona_list(request: HttpRequest) -> HttpResponse:
    personas = list(selectors.persona_list())
    shoppers = selectors.persona_demo_shoppers(personas=personas)
    return render(
        request,
        "personas/list.html",
        {
            "personas": [(p, shoppers.get(p.pk)) for p in personas],
            "next": request.GET.get("next", ""),
        },
    )


@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    try:
        persona = selectors.persona_get(slug=request.POST.get("persona", ""))
    except Persona.DoesNotExist as exc:
        raise Http404("No such persona.") from exc
    try:
        user = services.persona_shopper_login(request=request, persona=persona)
    except ValidationError as exc:
        # Staff and other non-demo accounts can never be entered this way.
        raise Http404(exc.messages[0]) from exc
    messages.success(request, f"You're now shopping as {user.get_full_name() or user.get_username()} ({persona.name}).")
    return _back(request)


@require_POST
def browse_anonymously(request: HttpRequest) -> HttpResponse:
    services.persona_shopper_logout(request=request)
    messages.info(request, "You're browsing anonymously.")
    return _back(request)

"""``{% persona_options %}``: the "Shop as…" menu's list of personas, rendered once per change.

Every page's header carries the menu: sixteen forms, each with a CSRF token, the page's path and,
for the shopper's own persona, ``aria-current``. Rendering it cost a fifth of a cached home page.
The markup is rendered once per change to personas, shoppers or categories with stand-ins for
those three, and each page fills in its own.
"""

from __future__ import annotations

from django import template
from django.middleware.csrf import get_token
from django.template.context import Context
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from personas.selectors import persona_menu, persona_menu_versions
from shop.page_parts import page_part

register = template.Library()

OPTIONS_TEMPLATE = "personas/options.html"
# Never a real token or path, and unchanged by escaping.
_CSRF_STAND_IN = "csrfstandincsrfstandincsrfstandinxyz"
_NEXT_STAND_IN = "nextpathstandinnextpathstandinxyz"


@register.simple_tag(takes_context=True)
def persona_options(context: Context) -> SafeString:
    request = context["request"]
    personas = persona_menu()

    def build() -> str:
        options = context.template.engine.get_template(OPTIONS_TEMPLATE)
        stand_ins = {
            "persona_menu": personas,
            "switch_url": reverse("personas:switch"),
            "next_path": _NEXT_STAND_IN,
            "csrf_token": _CSRF_STAND_IN,
        }
        return str(options.render(Context(stand_ins, autoescape=context.autoescape)))

    html = page_part("persona-options-html", persona_menu_versions(), build)
    html = html.replace(_CSRF_STAND_IN, get_token(request)).replace(_NEXT_STAND_IN, escape(request.get_full_path()))
    current = context.get("current_shopper")
    slug = next((p.slug for p in personas if current and p.pk == current.persona_id), None)
    if slug is not None:
        marker = f'data-persona="{escape(slug)}"'
        html = html.replace(marker, f'{marker} aria-current="true"', 1)
    # Safe: rendered escaped, the token is URL-safe and the path is escaped here.
    return mark_safe(html)  # noqa: S308

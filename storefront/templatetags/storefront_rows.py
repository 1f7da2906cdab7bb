"""``{% recommendation_row row %}``: a row's markup, rendered once per cached row.

A row served from the rows cache (``RecommendationRow.cache_key``) has the same products and reasons
as every other copy of it; only its recommendation id, which each page view gets anew so
impressions and clicks stay its own, differs. The markup is rendered once with a stand-in for the
id and cached; each view fills in its own.
"""

from __future__ import annotations

from dataclasses import replace

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from recommendations.selectors import RecommendationRow
from shop.page_parts import page_part

register = template.Library()

ROW_TEMPLATE = "includes/recommendation_row.html"
# Never a real id (those are hex) and the same escaped or URL-encoded.
_ID_STAND_IN = "rowidstandinrowidstandinrowidxyz"


@register.simple_tag(takes_context=True)
def recommendation_row(context: Context, row: RecommendationRow) -> SafeString:
    """The row without per-view parts (no add-to-cart forms): what the home and product pages show."""
    row_template = context.template.engine.get_template(ROW_TEMPLATE)
    if not row.cache_key:
        return row_template.render(context.new({"row": row}))
    html = page_part(
        "row-html",
        (row.cache_key,),
        lambda: str(row_template.render(context.new({"row": replace(row, recommendation_id=_ID_STAND_IN)}))),
    )
    # Safe: the cached markup was escaped when rendered, and an id is hex.
    return mark_safe(html.replace(_ID_STAND_IN, row.recommendation_id))  # noqa: S308

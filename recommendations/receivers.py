"""The interaction log hears of the shop through its signals (``shop.signals``).

Views, cart changes and purchases become interactions with the shop's ids and attribution token
unchanged; an anonymous browser's history follows the shopper who logs in from it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from recommendations.models import EventType, Filter, Recommender
from recommendations.selectors.rows import SERVING_CONFIG
from recommendations.services import interaction_record, interactions_attach_visitor
from shop.models import Order, Product
from shop.page_parts import version_bump
from shop.signals import basket_changed, order_placed, product_viewed
from shop.visitor import VISITOR_SESSION_KEY


@receiver(product_viewed, dispatch_uid="recommendations.record_view")
def record_view(
    sender: type,
    *,
    product: Product,
    user: AbstractBaseUser | None,
    visitor_id: str,
    recommendation_id: str,
    **kwargs: object,
) -> None:
    interaction_record(
        product_id=product.pk,
        event_type=EventType.VIEW,
        user=user,
        visitor_id=visitor_id,
        recommendation_id=recommendation_id,
    )


@receiver(basket_changed, dispatch_uid="recommendations.record_cart_change")
def record_cart_change(
    sender: type,
    *,
    product: Product,
    quantity_delta: int,
    user: AbstractBaseUser | None,
    visitor_id: str,
    recommendation_id: str,
    **kwargs: object,
) -> None:
    # One event per change whatever its size: the models weigh events, not quantities.
    if not quantity_delta:
        return
    interaction_record(
        product_id=product.pk,
        event_type=EventType.ADD_TO_CART if quantity_delta > 0 else EventType.REMOVE_FROM_CART,
        user=user,
        visitor_id=visitor_id,
        recommendation_id=recommendation_id,
    )


@receiver(order_placed, dispatch_uid="recommendations.record_purchases")
def record_purchases(
    sender: type,
    *,
    order: Order,
    user: AbstractBaseUser | None,
    visitor_id: str,
    recommendation_ids: dict[int, str],
    **kwargs: object,
) -> None:
    """One Purchase per line, in the order the lines were written; runs inside the order's transaction."""
    for product_id in order.lines.order_by("id").values_list("product_id", flat=True):
        interaction_record(
            product_id=product_id,
            event_type=EventType.PURCHASE,
            user=user,
            visitor_id=visitor_id,
            recommendation_id=recommendation_ids.get(product_id, ""),
        )


@receiver(user_logged_in, dispatch_uid="recommendations.attach_visitor_history")
def attach_visitor_history(sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: object) -> None:
    if request is None or not hasattr(request, "session"):
        return
    visitor_id = request.session.get(VISITOR_SESSION_KEY)
    if visitor_id:
        interactions_attach_visitor(visitor_id=visitor_id, user=user)


@receiver([post_save, post_delete], sender=Filter, dispatch_uid="recommendations.page-parts-filter")
@receiver([post_save, post_delete], sender=Recommender, dispatch_uid="recommendations.page-parts-recommender")
def _serving_config_changed(**kwargs: object) -> None:
    # Rows cached for anonymous visitors were built with the old filter or recommender.
    version_bump(SERVING_CONFIG)

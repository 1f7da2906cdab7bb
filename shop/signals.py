"""What the shop announces, so apps above it can act on it without the shop knowing who listens.

As in django-oscar's analytics app: the interaction log is written by a receiver, not by the shop.
Every signal is sent with ``send``, not ``send_robust``: a receiver's error reaches the shop's
caller instead of being lost.

Arguments common to all three:

- ``user``: the shopper, or ``None`` for an anonymous browser;
- ``visitor_id``: the browser's id (``shop.visitor``), also sent for a logged-in shopper;
- ``recommendation_id``: the opaque token of the recommendation row that led to the product ("" when
  none), passed on as it came.
"""

from __future__ import annotations

from django.dispatch import Signal

# sender=Product; product, user, visitor_id, recommendation_id.
product_viewed = Signal()

# sender=Cart; product, quantity_delta (how many were added: negative when some were taken out),
# user, visitor_id, recommendation_id (the one the cart keeps for the product, else the one given).
basket_changed = Signal()

# sender=Order; order, user, visitor_id, recommendation_ids ({product id: token} for every line).
# Sent inside the order's transaction, after the lines are written and the stock decremented: a
# receiver's writes commit with the order, and a receiver that raises cancels it.
order_placed = Signal()

"""An anonymous browser's history follows the shopper who logs in from it."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from recommendations.services import interactions_attach_visitor
from shop.visitor import VISITOR_SESSION_KEY


@receiver(user_logged_in, dispatch_uid="recommendations.attach_visitor_history")
def attach_visitor_history(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    visitor_id = request.session.get(VISITOR_SESSION_KEY)
    if visitor_id:
        interactions_attach_visitor(visitor_id=visitor_id, user=user)

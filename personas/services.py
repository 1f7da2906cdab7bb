"""Writes of the personas app: entering and leaving a demo shopper's shoes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from personas.models import Persona
from personas.selectors import persona_demo_shopper


def persona_shopper_login(*, request: HttpRequest, persona: Persona) -> AbstractBaseUser:
    """Log the browser in as the persona's demo shopper (the same one every time).

    Anonymous history on this browser follows the shopper (``recommendations.receivers``).
    """
    user = persona_demo_shopper(persona=persona)
    if user is None:
        raise ValidationError(f"{persona.name} has no demo shopper to shop as.", code="no_demo_shopper")
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return user


def persona_shopper_logout(*, request: HttpRequest) -> None:
    """Back to an anonymous browser: a fresh session, so a fresh visitor id and an empty cart.

    A browser that is anonymous already keeps its session: the header offers it "Browse
    anonymously" too, and choosing it must not cost the visitor their cart and history.
    """
    if request.user.is_authenticated:
        logout(request)

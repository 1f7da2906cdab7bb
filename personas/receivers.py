"""The personas' check of every personal model that trains (see ``personas.checks``), and the
writes that make the header's cached persona menu and shopper stale."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from personas.checks import METRIC, persona_check_as_metric, persona_check_compute
from personas.models import Persona, PersonaCategory, ShopperProfile
from personas.selectors import PERSONAS
from recommendations.artifacts import LoadedModel
from recommendations.models import ModelVersion
from recommendations.services import model_version_metric_set
from recommendations.signals import model_version_trained
from shop.page_parts import version_bump


@receiver(model_version_trained, dispatch_uid="personas.persona_check")
def persona_check_on_training(sender, version: ModelVersion, loaded: LoadedModel, **kwargs) -> None:
    if not loaded.spec.personal:
        return
    checks = persona_check_compute(loaded=loaded)
    model_version_metric_set(version=version, name=METRIC, value=persona_check_as_metric(checks))


@receiver([post_save, post_delete], sender=Persona, dispatch_uid="personas.menu-persona")
@receiver([post_save, post_delete], sender=PersonaCategory, dispatch_uid="personas.menu-persona-category")
@receiver([post_save, post_delete], sender=ShopperProfile, dispatch_uid="personas.menu-shopper")
@receiver([post_save, post_delete], sender=get_user_model(), dispatch_uid="personas.menu-user")
def _personas_changed(sender, update_fields=None, **kwargs) -> None:
    # Every login saves last_login: the menu and the names it shows do not change then.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    version_bump(PERSONAS)

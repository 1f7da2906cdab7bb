"""The personas' check of every personal model that trains (see ``personas.checks``)."""

from __future__ import annotations

from django.dispatch import receiver

from personas.checks import METRIC, persona_check_as_metric, persona_check_compute
from recommendations.artifacts import LoadedModel
from recommendations.models import ModelVersion
from recommendations.services import model_version_metric_set
from recommendations.signals import model_version_trained


@receiver(model_version_trained, dispatch_uid="personas.persona_check")
def persona_check_on_training(sender, version: ModelVersion, loaded: LoadedModel, **kwargs) -> None:
    if not loaded.spec.personal:
        return
    checks = persona_check_compute(loaded=loaded)
    model_version_metric_set(version=version, name=METRIC, value=persona_check_as_metric(checks))

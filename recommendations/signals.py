"""Signals recommendations sends (its receivers of other apps' signals are in ``receivers``)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent for each version that trained successfully, before it may go live, with ``version``
# (the ModelVersion) and ``loaded`` (its LoadedModel): apps above recommendations add their own
# checks of a model to the version (the personas' taste check does).
model_version_trained = Signal()

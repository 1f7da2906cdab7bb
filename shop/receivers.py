"""Writes that make the cached page parts stale (``shop.page_parts``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shop.models import Category, Product
from shop.page_parts import CATALOGUE, version_bump


@receiver([post_save, post_delete], sender=Product, dispatch_uid="page-parts-product-changed")
@receiver([post_save, post_delete], sender=Category, dispatch_uid="page-parts-category-changed")
def _catalogue_changed(**kwargs: object) -> None:
    version_bump(CATALOGUE)

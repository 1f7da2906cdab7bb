"""Django's model backend, the signed-in shopper of each page read by ``rows.row_by``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from shop.rows import row_by


class ModelBackend(DjangoModelBackend):
    """Logs in, checks passwords and permissions as Django's ``ModelBackend`` does; only loading
    the session's user, which every page does, is cheaper."""

    def get_user(self, user_id: object) -> AbstractBaseUser | None:
        model = get_user_model()
        try:
            user = row_by(model, pk=model._meta.pk.to_python(user_id))
        except ValidationError:
            return None
        return user if user is not None and self.user_can_authenticate(user) else None

"""Writes of the Personalize-compatible API: access keys and what PutEvents, PutItems and PutUsers store."""

from __future__ import annotations

import base64
import hashlib
import secrets
import string
from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from datasets.services.records import users_ensure
from personalize.models import AccessKey

# AWS's ids are 20 upper-case letters and digits starting with a kind prefix ("AKIA" for long-term keys).
_ID_ALPHABET = string.ascii_uppercase + "234567"
# Touching last_used_at on every request would write a row per call: once a minute says enough.
LAST_USED_RESOLUTION_SECONDS = 60


@dataclass(frozen=True)
class IssuedKey:
    access_key: AccessKey
    secret: str  # shown once: only its encrypted form is stored


def _fernet() -> Fernet:
    # A key of its own, derived from SECRET_KEY: rotating SECRET_KEY makes the stored secrets unreadable,
    # so every access key would have to be issued again (the admin says so).
    digest = hashlib.sha256(b"personalize.AccessKey:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def access_key_secret(access_key: AccessKey) -> str | None:
    """The key's secret, or None when SECRET_KEY changed since it was issued."""
    try:
        return _fernet().decrypt(access_key.secret_encrypted.encode()).decode()
    except InvalidToken:
        return None


def access_key_create(*, name: str) -> IssuedKey:
    secret = secrets.token_urlsafe(30)[:40]
    encrypted = _fernet().encrypt(secret.encode()).decode()
    for _ in range(5):
        key_id = "AKIA" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(16))
        try:
            with transaction.atomic():
                key = AccessKey.objects.create(name=name, access_key_id=key_id, secret_encrypted=encrypted)
        except IntegrityError:  # 32**16 ids: a collision is all but impossible, and then a retry
            continue
        return IssuedKey(key, secret)
    raise RuntimeError("could not draw an unused access key id")


def access_key_revoke(*, access_key: AccessKey) -> None:
    access_key.is_active = False
    access_key.revoked_at = timezone.now()
    access_key.save(update_fields=["is_active", "revoked_at"])


def access_key_touch(*, access_key: AccessKey, now: datetime | None = None) -> None:
    now = now or timezone.now()
    last = access_key.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        AccessKey.objects.filter(pk=access_key.pk).update(last_used_at=now)
        access_key.last_used_at = now


def shopper_ensure(*, user_id: str) -> AbstractBaseUser:
    """The shopper a Personalize userId names (its username), created on first sight as Personalize
    accepts any userId: an account nobody can log in to until staff set a password, with a shopper
    profile, as the users dataset creates one."""
    try:
        with transaction.atomic():
            ids, _created = users_ensure([user_id])
    except IntegrityError:  # another request created it meanwhile
        ids, _created = users_ensure([user_id])
    return get_user_model().objects.get(pk=ids[user_id])

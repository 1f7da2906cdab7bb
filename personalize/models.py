from __future__ import annotations

from django.db import models


class AccessKey(models.Model):
    """An AWS-style key pair a boto3 client signs its requests with.

    SigV4 is an HMAC, so the server needs the secret itself, not a hash of it: it is stored
    encrypted with a key derived from SECRET_KEY (personalize.services), and shown once when issued.
    """

    name = models.CharField(max_length=100, help_text="Who or what uses this key.")
    access_key_id = models.CharField(max_length=20, unique=True, editable=False)
    secret_encrypted = models.TextField(editable=False)
    is_active = models.BooleanField(default=True, help_text="Off: requests signed with this key are refused.")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.access_key_id})"

"""API keys for /api/: issued here (the key shown once), revoked here; the library's own model is not used."""

from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from recommendations.models import ApiKey

# djangorestframework-api-key registers its concrete APIKey, which nothing here reads: one list of keys, not two.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


@admin.register(ApiKey)
class ApiKeyAdmin(APIKeyModelAdmin):
    list_display = [*APIKeyModelAdmin.list_display, "last_used_at"]
    list_filter = ["revoked", "created"]

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from personalize.models import AccessKey
from personalize.services import access_key_create, access_key_revoke


class AccessKeyForm(forms.ModelForm):
    class Meta:
        model = AccessKey
        fields = ["name"]


@admin.register(AccessKey)
class AccessKeyAdmin(admin.ModelAdmin):
    """Issue keys for boto3 clients of /personalize/; the secret is shown once, on issue."""

    list_display = ["name", "access_key_id", "is_active", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "access_key_id"]
    readonly_fields = ["access_key_id", "is_active", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AccessKeyForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: AccessKey | None = None) -> list[str]:
        return ["name"] if obj is None else ["name", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: AccessKey | None = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: AccessKey, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = access_key_create(name=obj.name)
        obj.pk = issued.access_key.pk
        obj.access_key_id = issued.access_key.access_key_id
        obj.secret_encrypted = issued.access_key.secret_encrypted
        obj.created_at = issued.access_key.created_at
        self.message_user(
            request,
            f"AWS_ACCESS_KEY_ID={issued.access_key.access_key_id} AWS_SECRET_ACCESS_KEY={issued.secret} "
            "- copy the secret now: it is not shown again. (Changing SECRET_KEY makes every issued key unusable.)",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected keys (requests signed with them are refused)")
    def revoke(self, request: HttpRequest, queryset: QuerySet[AccessKey]) -> None:
        keys = list(queryset.filter(is_active=True))
        for key in keys:
            access_key_revoke(access_key=key)
        self.message_user(request, f"Revoked {len(keys)} key(s).", messages.SUCCESS)

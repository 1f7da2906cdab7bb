"""Staff edit each dataset's schema (Personalize's Avro JSON); one Personalize would refuse is
refused with the field it is about."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join

from recommendations.models import DatasetSchema
from recommendations.schemas import DATASETS, DEFAULT_SCHEMAS, SchemaError, schema_parse


class IndentedJSONField(forms.JSONField):
    """JSON shown one field per line: a schema on one line of a textarea cannot be edited."""

    def prepare_value(self, value: object) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class DatasetSchemaForm(forms.ModelForm):
    class Meta:
        model = DatasetSchema
        fields = ["dataset", "schema"]
        field_classes = {"schema": IndentedJSONField}
        widgets = {
            "schema": forms.Textarea(
                attrs={"rows": 24, "cols": 100, "spellcheck": "false", "style": "font-family: monospace"}
            )
        }


@admin.register(DatasetSchema)
class DatasetSchemaAdmin(admin.ModelAdmin):
    """A dataset without a schema here uses the default, which describes the shop's own columns;
    the add form starts from that default."""

    form = DatasetSchemaForm
    list_display = ["dataset", "field_names", "updated_at"]
    readonly_fields = ["fields_table", "updated_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        dataset = request.GET.get("dataset", "items")
        dataset = dataset if dataset in DATASETS else "items"
        return {**initial, "dataset": dataset, "schema": DEFAULT_SCHEMAS[dataset]}

    @admin.display(description="fields")
    def field_names(self, obj: DatasetSchema) -> str:
        try:
            return ", ".join(schema_parse(obj.dataset, obj.schema).names)
        except SchemaError as exc:
            return f"invalid: {exc}"

    @admin.display(description="as read")
    def fields_table(self, obj: DatasetSchema) -> str:
        if obj.pk is None:
            return "—"
        try:
            parsed = schema_parse(obj.dataset, obj.schema)
        except SchemaError as exc:
            return f"invalid: {exc}"
        rows = (
            (
                f.name,
                f.type + (" or null" if f.nullable else ""),
                "categorical" if f.categorical else ("textual" if f.textual else ""),
                f.property_name,
            )
            for f in parsed.fields
        )
        return format_html_join("\n", "<div><code>{}</code> {} {} (properties: <code>{}</code>)</div>", rows)

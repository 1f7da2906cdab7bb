"""PutItems / PutUsers request shapes, as Personalize's (camelCase, ``properties`` a JSON string)."""

from __future__ import annotations

from rest_framework import serializers

from recommendations.serializers import NO_CONTROL_CHARACTERS, BoundedListField, ItemIdField, StringField

MAX_RECORDS = 10
PROPERTIES_HELP = (
    'A JSON string holding an object of the schema\'s fields in camelCase, e.g. "{\\"category\\": \\"books\\", '
    '\\"colors\\": \\"red|blue\\"}"; a null value empties the field, a field not named is left as it is.'
)


class ItemIdText(ItemIdField):
    """An itemId checked as the API's others (digits), kept as the string PutItems names it by."""

    def to_internal_value(self, data) -> str:
        return str(super().to_internal_value(data))


class PutItemSerializer(serializers.Serializer):
    itemId = ItemIdText(help_text="The product id (digits); a new one creates the product.")
    properties = StringField(required=False, allow_blank=True, help_text=PROPERTIES_HELP)


class PutUserSerializer(serializers.Serializer):
    userId = StringField(
        validators=[NO_CONTROL_CHARACTERS],
        min_length=1,
        max_length=150,
        help_text="The shopper's username; a new one creates the shopper.",
    )
    properties = StringField(required=False, allow_blank=True, help_text=PROPERTIES_HELP)


def _records(child: serializers.Serializer, name: str) -> BoundedListField:
    return BoundedListField(
        child=child,
        min_length=1,
        max_length=MAX_RECORDS,
        error_messages={key: f"{name} takes 1 to {MAX_RECORDS} records" for key in ("min_length", "max_length")},
    )


class PutItemsSerializer(serializers.Serializer):
    items = _records(PutItemSerializer(), "items")


class PutUsersSerializer(serializers.Serializer):
    users = _records(PutUserSerializer(), "users")


class PutResponseSerializer(serializers.Serializer):
    stored = serializers.IntegerField(min_value=1, max_value=MAX_RECORDS, help_text="records written")

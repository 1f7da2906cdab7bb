"""The request bodies of personalize-runtime and personalize-events, checked as their service models
(botocore/data/personalize-*/service-2.json) declare them, plus this shop's own limits."""

from __future__ import annotations

import json
import re

from rest_framework import serializers

from recommendations.models import EventType
from recommendations.serializers import (
    MAX_EVENTS,
    MAX_RESULTS,
    NO_CONTROL_CHARACTERS,
    BoundedListField,
    ItemIdField,
    StringField,
    UnixTimeField,
)

ARN_PATTERN = re.compile(r"^arn:[a-z\d-]+:personalize:[^:]*:[^:]*:(?P<kind>[a-z-]+)/(?P<name>.+)$")
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z\d_]+$")
PROMOTION_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9\-_]*$")
MAX_PUT = 10  # PutItems / PutUsers: ItemList and UserList take 1 to 10
# The log's visitor_id column; Personalize takes 256, a uuid (what clients send) is 36.
MAX_SESSION_ID = 64
# Personalize's event types are the client's own words; the log knows these four, however spelt.
_EVENT_TYPES = {re.sub(r"[^a-z]", "", value.lower()): value for value in EventType.values}


def _string(*, max_length: int = 256, min_length: int | None = 1, **kwargs) -> StringField:
    return StringField(max_length=max_length, min_length=min_length, validators=[NO_CONTROL_CHARACTERS], **kwargs)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: DRF's IntegerField would take "5", 5.0 and true as 5 and 1."""

    def to_internal_value(self, data) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise serializers.ValidationError(f"a JSON integer is expected, not {data!r}")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    def to_internal_value(self, data) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise serializers.ValidationError(f"a JSON number is expected, not {data!r}")
        return super().to_internal_value(data)


class ArnField(StringField):
    """``arn:aws:personalize:<region>:<account>:<kind>/<name>``: the name, checked against ``kinds``."""

    def __init__(self, *, kinds: tuple[str, ...], **kwargs) -> None:
        self.kinds = kinds
        super().__init__(max_length=256, validators=[NO_CONTROL_CHARACTERS], **kwargs)

    def to_internal_value(self, data) -> tuple[str, str]:
        value = super().to_internal_value(data)
        match = ARN_PATTERN.match(value)
        if match is None:
            raise serializers.ValidationError(
                f"{value!r} is no ARN of the form arn:aws:personalize:<region>:<account>:{self.kinds[0]}/<name>"
            )
        if match["kind"] not in self.kinds:
            raise serializers.ValidationError(f"{value!r} names a {match['kind']}, not a {' or '.join(self.kinds)}")
        return match["kind"], match["name"]


class StringMapField(serializers.DictField):
    """A JSON object of strings (Context, FilterValues), with the service model's key pattern and sizes."""

    def __init__(self, *, max_entries: int, key_length: int, value_length: int, **kwargs) -> None:
        self.max_entries, self.key_length = max_entries, key_length
        super().__init__(child=_string(max_length=value_length, min_length=None, allow_blank=True), **kwargs)

    def to_internal_value(self, data) -> dict[str, str]:
        if isinstance(data, dict) and len(data) > self.max_entries:
            raise serializers.ValidationError(f"takes at most {self.max_entries} entries, not {len(data)}")
        values = super().to_internal_value(data)
        bad = [key for key in values if len(key) > self.key_length or not ATTRIBUTE_NAME.match(key)]
        if bad:
            raise serializers.ValidationError(
                f"keys are letters, digits and _ (up to {self.key_length}), not {', '.join(map(repr, bad))}"
            )
        return values


def _filter_values(**kwargs) -> StringMapField:
    return StringMapField(max_entries=25, key_length=50, value_length=1000, required=False, **kwargs)


class MetadataColumnsField(serializers.DictField):
    """{"ITEMS": ["NAME", ...]}: which of each item's fields to return with it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(child=BoundedListField(child=_string(max_length=150), max_length=99), **kwargs)

    def to_internal_value(self, data) -> list[str]:
        values = super().to_internal_value(data)
        if set(values) - {"ITEMS"}:
            raise serializers.ValidationError("only the ITEMS dataset's columns can be returned")
        return values.get("ITEMS", [])


class PromotionSerializer(serializers.Serializer):
    name = _string(max_length=63)
    percentPromotedItems = StrictIntegerField(min_value=1, max_value=100)
    filterArn = ArnField(kinds=("filter",))
    filterValues = _filter_values()

    def validate_name(self, value: str) -> str:
        if not PROMOTION_NAME.match(value):
            raise serializers.ValidationError("starts with a letter or digit, then letters, digits, - and _")
        return value


class _RuntimeRequest(serializers.Serializer):
    userId = _string(required=False)
    context = StringMapField(max_entries=150, key_length=150, value_length=1000, required=False)
    filterArn = ArnField(kinds=("filter",), required=False)
    filterValues = _filter_values()
    metadataColumns = MetadataColumnsField(required=False)

    def validate(self, attrs: dict) -> dict:
        if "filterValues" in attrs and "filterArn" not in attrs:
            raise serializers.ValidationError({"filterValues": "filterValues needs a filterArn"})
        return attrs


class GetRecommendationsSerializer(_RuntimeRequest):
    recommenderArn = ArnField(kinds=("recommender",), required=False)
    campaignArn = ArnField(kinds=("campaign",), required=False)
    itemId = ItemIdField(required=False)
    numResults = StrictIntegerField(required=False, min_value=0, max_value=MAX_RESULTS, default=25)
    promotions = BoundedListField(child=PromotionSerializer(), required=False, max_length=1)

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if ("recommenderArn" in attrs) == ("campaignArn" in attrs):
            raise serializers.ValidationError("send either recommenderArn or campaignArn")
        return attrs


class GetPersonalizedRankingSerializer(_RuntimeRequest):
    campaignArn = ArnField(kinds=("campaign", "recommender"))
    inputList = BoundedListField(child=ItemIdField(), min_length=1, max_length=MAX_RESULTS, unique=True)
    userId = _string()


class EventTypeField(StringField):
    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        known = _EVENT_TYPES.get(re.sub(r"[^a-z]", "", value.lower()))
        if known is None:
            raise serializers.ValidationError(
                f"eventType {value!r} is none of the shop's event types: {', '.join(EventType.values)}"
            )
        return known


class JsonObjectString(StringField):
    """``properties``: a string holding a JSON object, as Personalize takes item, user and event metadata."""

    def to_internal_value(self, data) -> dict:
        value = super().to_internal_value(data)
        try:
            parsed = json.loads(value)
        except ValueError as exc:
            raise serializers.ValidationError(f"properties is no JSON: {exc}") from None
        if not isinstance(parsed, dict):
            raise serializers.ValidationError("properties must be a JSON object in a string")
        return parsed


class EventSerializer(serializers.Serializer):
    eventType = EventTypeField(max_length=256)
    sentAt = UnixTimeField()
    itemId = ItemIdField(help_text="the shop records events of products only")
    eventId = _string(required=False)
    eventValue = StrictFloatField(required=False)
    properties = JsonObjectString(max_length=1024, required=False)
    recommendationId = _string(max_length=40, required=False)
    impression = BoundedListField(child=ItemIdField(), required=False, min_length=1, max_length=25)
    metricAttribution = serializers.DictField(required=False)


class PutEventsSerializer(serializers.Serializer):
    trackingId = _string()
    sessionId = _string(max_length=MAX_SESSION_ID)
    userId = _string(required=False, max_length=150)  # a username's length
    eventList = BoundedListField(child=EventSerializer(), min_length=1, max_length=MAX_EVENTS)


class ItemSerializer(serializers.Serializer):
    itemId = ItemIdField()
    properties = JsonObjectString(max_length=32000, required=False)


class UserSerializer(serializers.Serializer):
    userId = _string(max_length=150)
    properties = JsonObjectString(max_length=24000, required=False)


class PutItemsSerializer(serializers.Serializer):
    datasetArn = ArnField(kinds=("dataset",))
    items = BoundedListField(child=ItemSerializer(), min_length=1, max_length=MAX_PUT)


class PutUsersSerializer(serializers.Serializer):
    datasetArn = ArnField(kinds=("dataset",))
    users = BoundedListField(child=UserSerializer(), min_length=1, max_length=MAX_PUT)

"""Request and response shapes of the API, modelled on Amazon Personalize's wire format (camelCase)."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from recommendations import selectors
from recommendations.defaults import DEFAULT_RECOMMENDERS, MOST_VIEWED
from recommendations.models import EventType, Recommender, RunStatus
from recommendations.recipes import recipe_get
from shop.models import Category, Product
from shop.text import ProhibitControlCharactersValidator

MAX_RESULTS = 500
MAX_EVENTS = 10
ITEM_ID_PATTERN = r"^[0-9]{1,18}$"
MAX_CLOCK_SKEW = timedelta(minutes=5)
# Before the shop's data could exist: 0, -1 or year 1 is a client's bug, not a time.
EARLIEST_SENT_AT = datetime(2000, 1, 1, tzinfo=UTC)
# Ids, slugs and lists of slugs: no control character, not even a tab or a newline.
NO_CONTROL_CHARACTERS = ProhibitControlCharactersValidator()
_JSON_TYPES = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


def _json_type(data: object) -> str:
    return "null" if data is None else _JSON_TYPES.get(type(data), type(data).__name__)


class StringField(serializers.CharField):
    """A JSON string, as the schema says: DRF's CharField would take 42 or 4.2 and store "42" or "4.2"."""

    def to_internal_value(self, data) -> str:
        if not isinstance(data, str):
            raise serializers.ValidationError(f"a JSON string is expected, not {_json_type(data)}")
        return super().to_internal_value(data)


def _text(**kwargs) -> StringField:
    return StringField(validators=[NO_CONTROL_CHARACTERS], **kwargs)


@extend_schema_field({"type": "string", "pattern": ITEM_ID_PATTERN, "example": "42"})
class ItemIdField(StringField):
    """Personalize's item ids are strings; ours are product ids."""

    def to_internal_value(self, data) -> int:
        value = super().to_internal_value(data)
        # ASCII digits only (str.isdigit accepts "²"), and small enough for a database key.
        if not re.fullmatch(ITEM_ID_PATTERN, value):
            raise serializers.ValidationError(f"itemId must be a product id (up to 18 digits), not {value!r}")
        return int(value)


class BoundedListField(serializers.ListField):
    """A list refused for its length before any item is validated (a 2.5 MB body holds 500,000
    item ids), and with ``unique=True`` refused when an item repeats."""

    def __init__(self, *, unique: bool = False, **kwargs) -> None:
        self.unique = unique
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> list:
        if self.max_length is not None and isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        values = super().to_internal_value(data)
        if self.unique:
            repeated = [value for value, count in Counter(values).items() if count > 1]
            if repeated:
                raise serializers.ValidationError(
                    f"{self.field_name} names each item once; repeated: {', '.join(map(str, repeated))}"
                )
        return values


class _BoundedListFieldSchema(OpenApiSerializerFieldExtension):
    """uniqueItems, which drf-spectacular cannot read off a field."""

    target_class = BoundedListField

    def map_serializer_field(self, auto_schema, direction) -> dict:
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        return {**schema, "uniqueItems": True} if self.target.unique else schema


class UserIdField(StringField):
    """Personalize's userId is the shopper's username here; it must exist."""

    def __init__(self, **kwargs) -> None:
        super().__init__(min_length=1, max_length=150, validators=[NO_CONTROL_CHARACTERS], **kwargs)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)  # the string, with its length checked
        if selectors.user_deleted(user_id=value):
            # Checked first: an account made since under the same name is not learned from either.
            raise serializers.ValidationError(selectors.DELETED_USER_MESSAGE.format(user_id=value))
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise serializers.ValidationError(f"unknown userId {value!r}")
        return user

    def to_representation(self, value) -> str:
        return str(value)  # a user's str() is its username


@extend_schema_field({"type": "number", "minimum": EARLIEST_SENT_AT.timestamp()})
class UnixTimeField(serializers.Field):
    """A JSON number of Unix seconds, from 2000-01-01 to the allowed clock skew past now."""

    def to_internal_value(self, data) -> datetime:
        # bool is an int to Python, so `true` would be 1970-01-01T00:00:01; "1.7e9" is no number.
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise serializers.ValidationError(
                f"{self.field_name} must be a JSON number of Unix seconds, not {_json_type(data)}"
            )
        if isinstance(data, float) and not math.isfinite(data):  # 1e400 parses as inf; ints are exact
            raise serializers.ValidationError(f"{self.field_name} {data} is not a finite number")
        if data < EARLIEST_SENT_AT.timestamp():
            raise serializers.ValidationError(f"{self.field_name} {data} is before {EARLIEST_SENT_AT:%Y-%m-%d}")
        # A clock far ahead would make one event the newest of all and skew every time window.
        if data > (timezone.now() + MAX_CLOCK_SKEW).timestamp():
            raise serializers.ValidationError(f"{self.field_name} {data} is in the future")
        return datetime.fromtimestamp(data, tz=UTC)

    def to_representation(self, value: datetime) -> float:
        return value.timestamp()


class EventSerializer(serializers.Serializer):
    eventType = serializers.ChoiceField(choices=EventType.values)
    itemId = ItemIdField()
    sentAt = UnixTimeField(
        required=False,
        help_text=f"Unix seconds, a JSON number (not a string or boolean), from {EARLIEST_SENT_AT:%Y-%m-%d} to "
        f"{MAX_CLOCK_SKEW.total_seconds() / 60:.0f} minutes past now (clock skew); default: now",
    )
    recommendationId = _text(required=False, allow_blank=True, max_length=64)


class PutEventsSerializer(serializers.Serializer):
    sessionId = _text(min_length=1, max_length=64)
    userId = UserIdField(required=False)
    eventList = BoundedListField(
        child=EventSerializer(),
        min_length=1,
        max_length=MAX_EVENTS,
        error_messages={key: f"eventList takes 1 to {MAX_EVENTS} events" for key in ("min_length", "max_length")},
    )

    def validate_eventList(self, events: list[dict]) -> list[dict]:
        wanted = {event["itemId"] for event in events}
        known = set(Product.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        missing = sorted(wanted - known)
        if missing:
            raise serializers.ValidationError(f"unknown itemId(s): {', '.join(map(str, missing))}")
        return events


class _ShopperSerializer(serializers.Serializer):
    userId = UserIdField(required=False)
    sessionId = _text(required=False, min_length=1, max_length=64)


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _categories(value: str) -> list[str]:
    """The slugs of a category filter, every one a category: a typo must not filter silently to nothing."""
    slugs = _csv(value)
    known = set(Category.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise serializers.ValidationError(f"unknown category slug(s): {', '.join(map(repr, unknown))}")
    return slugs


def _recommender(value: str) -> Recommender:
    recommender = Recommender.objects.filter(slug=value).first()
    if recommender is None:
        slugs = ", ".join(Recommender.objects.values_list("slug", flat=True))
        raise serializers.ValidationError(f"unknown recommender {value!r}; one of: {slugs}")
    return recommender


# No sign and no exponent: a price filter is at least 0, up to 8 digits before the point and 2 after.
PRICE_PATTERN = r"^([0-9]{1,8}(\.[0-9]{0,2})?|\.[0-9]{1,2})$"


@extend_schema_field({"type": "string", "format": "decimal", "pattern": PRICE_PATTERN, "example": "19.99"})
class PriceField(serializers.DecimalField):
    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=10, decimal_places=2, min_value=0, **kwargs)

    def to_internal_value(self, data):
        # Decimal reads "1e2" and "+5" too; the schema promises plain digits, so the API keeps to them.
        if isinstance(data, str) and not re.fullmatch(PRICE_PATTERN, data.strip()):
            raise serializers.ValidationError(f"{self.field_name} must be a price such as 19.99, not {data!r}")
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "example": MOST_VIEWED})
class RecommenderField(serializers.SlugField):
    """A recommender's slug; which exist is the database's business, so the schema gives an example, no enum."""


def _filter_values(value: str) -> dict[str, str]:
    """filterValues: a JSON object of strings, as Personalize takes it ({"STYLES": "\\"boot\\""})."""
    try:
        values = json.loads(value)
    except ValueError as exc:
        raise serializers.ValidationError(f"not JSON: {exc}") from None
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise serializers.ValidationError('a JSON object of strings is expected, e.g. {"STYLES": "\\"boot\\""}')
    return values


class _FilterFields(serializers.Serializer):
    filter = _text(required=False, max_length=200, help_text="a Filter's name (Personalize's filterArn)")
    filterArn = _text(required=False, max_length=300, help_text="an ARN whose last path segment is a Filter's name")
    filterValues = _text(
        required=False,
        max_length=5000,
        help_text='the filter\'s parameters as a JSON object of strings: {"STYLES": ...}',
    )

    def validate_filterValues(self, value: str) -> dict[str, str]:
        return _filter_values(value)

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if attrs.get("filter") and attrs.get("filterArn"):
            raise serializers.ValidationError({"filterArn": "send filter or filterArn, not both"})
        return attrs


class RecommendationsQuerySerializer(_FilterFields, _ShopperSerializer):
    recommender = RecommenderField(
        help_text="a recommender's slug: " + ", ".join(r["slug"] for r in DEFAULT_RECOMMENDERS) + " or one staff added"
    )
    itemId = ItemIdField(required=False)
    numResults = serializers.IntegerField(required=False, min_value=1, max_value=MAX_RESULTS, default=25)
    category = _text(required=False, help_text="INCLUDE: comma-separated category slugs")
    excludeCategory = _text(required=False, help_text="EXCLUDE: comma-separated slugs")
    minPrice = PriceField(required=False)
    maxPrice = PriceField(required=False)
    promotionName = _text(required=False, max_length=100, help_text="names the promotion on its items")
    promotionPercent = serializers.IntegerField(
        required=False, min_value=1, max_value=100, help_text="share of numResults for promoted items"
    )
    promotionFilter = _text(required=False, max_length=300, help_text="the Filter (name or ARN) promoted items match")
    promotionFilterValues = _text(required=False, max_length=5000, help_text="the promotion filter's parameters")

    def validate_promotionFilterValues(self, value: str) -> dict[str, str]:
        return _filter_values(value)

    explorationWeight = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="personal recommenders: 0 mixes in no new items, 1 up to half the row (default: the recommender's, "
        "0.3)",
    )
    explorationItemAgeCutOff = serializers.FloatField(
        required=False,
        min_value=1,
        max_value=3650,
        help_text="personal recommenders: only items created within this many days are explored (default 30)",
    )

    def validate_recommender(self, value: str) -> Recommender:
        return _recommender(value)

    def validate_itemId(self, value: int) -> int:
        # Whatever the recommender: an item that does not exist is a mistake, not an empty answer.
        if not Product.objects.filter(pk=value).exists():
            raise serializers.ValidationError(f"unknown itemId: {value}")
        return value

    def validate_category(self, value: str) -> list[str]:
        return _categories(value)

    def validate_excludeCategory(self, value: str) -> list[str]:
        return _categories(value)

    def validate(self, attrs: dict) -> dict:
        low, high = attrs.get("minPrice"), attrs.get("maxPrice")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"minPrice": "minPrice is above maxPrice"})
        promotion = [key for key in ("promotionName", "promotionPercent", "promotionFilter") if key in attrs]
        if promotion and len(promotion) < 3:
            missing = [key for key in ("promotionName", "promotionPercent", "promotionFilter") if key not in attrs]
            raise serializers.ValidationError(
                {missing[0]: "a promotion needs promotionName, promotionPercent and promotionFilter"}
            )
        return super().validate(attrs)


class RankingSerializer(_FilterFields, _ShopperSerializer):
    recommender = serializers.SlugField(required=False, default="recommended-for-you")
    inputList = BoundedListField(child=ItemIdField(), min_length=1, max_length=MAX_RESULTS, unique=True)

    def validate_recommender(self, value: str) -> str:
        recommender = _recommender(value)
        if not recipe_get(recommender.recipe).ranks:
            raise serializers.ValidationError(f"{value} does not rank items for a shopper; use a personal recommender")
        return recommender.slug


class ItemSerializer(serializers.Serializer):
    itemId = ItemIdField()
    score = serializers.FloatField(help_text="higher first; in a ranking, items the model cannot score come last")
    becauseItemId = ItemIdField(
        required=False, help_text="the shopper's own item that contributed most to this one (personal recipes)"
    )
    reason = serializers.CharField(
        required=False,
        help_text='why this item, in words (trending: "Trending: views up 240% in the last day"; "Promoted")',
    )
    promotionName = serializers.CharField(required=False, help_text="the promotion that placed this item")


class RecommendationsResponseSerializer(serializers.Serializer):
    recommendationId = serializers.CharField(help_text="send it back as an event's recommendationId")
    recommender = serializers.SlugField()
    versionId = serializers.IntegerField(allow_null=True, help_text="null: no trained model answered")
    fallback = serializers.CharField(
        allow_null=True,
        help_text="set when the answer did not come from the recommender asked: 'most-viewed' (no model or no "
        "history) or 'input order' (a ranking without a model)",
    )
    itemList = ItemSerializer(many=True)


class PutEventsResponseSerializer(serializers.Serializer):
    recorded = serializers.IntegerField(min_value=1, max_value=MAX_EVENTS)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="what was refused and why")


class ValidationErrorSerializer(serializers.Serializer):
    """DRF's 400 body: its shape is declared by _ValidationErrorSchema below."""


class _ValidationErrorSchema(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction) -> dict:
        return {
            "type": "object",
            "description": "Each refused field under its name with its messages; a list field's refused items under "
            "their positions; a problem of no one field (malformed JSON, a missing userId and sessionId) as detail.",
            "properties": {"detail": {"type": "string"}},
            "additionalProperties": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]},
            "minProperties": 1,
        }


MAX_DELETED_USERS = 1000


class DeleteUsersSerializer(serializers.Serializer):
    userIds = BoundedListField(
        child=_text(min_length=1, max_length=150),
        min_length=1,
        max_length=MAX_DELETED_USERS,
        unique=True,
        help_text="the shoppers to delete (their usernames); every one must exist",
    )

    def validate_userIds(self, value: list[str]) -> list[str]:
        # All or none: a typo among the ids deletes nobody, so the client can correct and resend.
        known = set(get_user_model().objects.filter(username__in=value).values_list("username", flat=True))
        problems = {}
        for position, user_id in enumerate(value):
            if user_id in known:
                continue
            deleted = selectors.user_deleted(user_id=user_id)
            problems[str(position)] = [
                f"userId {user_id!r} was already deleted" if deleted else f"unknown userId {user_id!r}"
            ]
        if problems:
            raise serializers.ValidationError(problems)
        return value


class DataDeletionJobSerializer(serializers.Serializer):
    jobId = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=RunStatus.choices, help_text="queued or running until a worker is done")
    requested = serializers.IntegerField(source="n_requested")
    deleted = serializers.ListField(child=serializers.CharField(), help_text="the userIds deleted so far")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="rows removed per kind (interactions, impressions, orders_detached, …)",
    )
    createdAt = serializers.DateTimeField(source="created_at")
    finishedAt = serializers.DateTimeField(source="finished_at", allow_null=True)

"""personalize-runtime and personalize-events on their own HTTP paths, for boto3 clients unchanged.

Each view checks the request's SigV4 signature against the access keys issued in the admin,
validates the body as the service model declares it, and answers from the same selectors and
services as the shop's own API (/api/). Every refusal is Personalize's error shape.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers

import datasets.services as datasets
from personalize import errors, services, sigv4
from personalize import serializers as wire
from personalize.errors import InvalidInput, PersonalizeError, ResourceNotFound
from personalize.models import AccessKey
from recommendations import selectors
from recommendations import services as recommendation_services
from recommendations.models import Filter, Recommender
from recommendations.recipes import recipe_get
from recommendations.throttling import EventsThrottle
from shop.models import Product


@method_decorator(csrf_exempt, name="dispatch")
class PersonalizeView(View):
    """One operation: POST only, signed, a JSON object as body."""

    serializer_class: type[serializers.Serializer]
    throttled = False
    # Control characters in what arrives are refused by the serializers, in Personalize's error shape
    # (config.middleware leaves such views alone).
    json_api = True

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.RECOMMENDATIONS_API_ENABLED:
            return errors.error_response(
                "ResourceNotFoundException", "the recommendations API is switched off (RECOMMENDATIONS_API_ENABLED)"
            )
        if request.method != "POST":
            return errors.error_response("UnknownOperationException", f"{request.method} is no operation here; POST")
        try:
            body = request.body
        except RequestDataTooBig:
            return errors.error_response(
                "InvalidInputException",
                f"the request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes",
                status=413,
            )
        try:
            self.access_key = self._authenticate(request, body)
            self.throttle_ident = f"access-key-{self.access_key.pk}"
            if self.throttled:
                throttle = EventsThrottle()
                if not throttle.allow_request(request, self):
                    wait = throttle.wait()
                    raise PersonalizeError(
                        "ThrottlingException",
                        "Rate exceeded" + (f": retry in {wait:.0f} s" if wait is not None else ""),
                    )
            data = self._validated(body)
            return self.operation(data)
        except PersonalizeError as exc:
            return errors.error_response(exc.code, exc.message)

    def _authenticate(self, request: HttpRequest, body: bytes) -> AccessKey:
        found: dict[str, AccessKey] = {}

        def secret_of(access_key_id: str) -> str | None:
            key = AccessKey.objects.filter(access_key_id=access_key_id, is_active=True).first()
            if key is None:
                return None
            found["key"] = key
            return services.access_key_secret(key)

        try:
            sigv4.request_verify(
                method=request.method,
                path=request.path,
                query_string=request.META.get("QUERY_STRING", ""),
                header=request.headers.get,
                body=body,
                secret_of=secret_of,
                now=datetime.now(UTC),
            )
        except sigv4.SignatureError as exc:
            raise PersonalizeError(exc.code, str(exc)) from None
        services.access_key_touch(access_key=found["key"])
        return found["key"]

    def _validated(self, body: bytes) -> dict:
        try:
            data = json.loads(body or b"{}")
        except ValueError as exc:  # UnicodeDecodeError is a ValueError too
            raise InvalidInput(f"the body is no JSON: {exc}") from None
        except RecursionError:  # [[[[...]]]] a hundred thousand deep fits in a body
            raise InvalidInput("the body is no JSON this service reads: nested too deeply") from None
        if not isinstance(data, dict):
            raise InvalidInput("the body must be a JSON object")
        serializer = self.serializer_class(data=data)
        if not serializer.is_valid():
            raise InvalidInput(errors.validation_message(serializer.errors))
        return serializer.validated_data

    def operation(self, data: dict) -> HttpResponse:
        raise NotImplementedError


def _recommender(name: str) -> Recommender:
    recommender = Recommender.objects.filter(slug=name).first()
    if recommender is None:
        raise ResourceNotFound(f"no recommender or campaign named {name!r}")
    return recommender


def _filter_name(arn: tuple[str, str] | None) -> str | None:
    if arn is None:
        return None
    name = arn[1]
    if not Filter.objects.filter(name=name).exists():
        raise ResourceNotFound(f"no filter named {name!r}")
    return name


def _shopper(user_id: str | None) -> tuple[AbstractBaseUser | None, str]:
    """(user, visitor id) for a read: a userId the shop has never seen is a shopper with no history,
    as Personalize treats one (popular items), under a visitor id no event has; reads create nothing."""
    if user_id is None:
        return None, ""
    user = get_user_model().objects.filter(username=user_id).first()
    if user is not None:
        return user, ""
    return None, f"unseen-{uuid.uuid4().hex}"


# ITEMS columns metadataColumns may ask for: the catalogue's own fields, as strings like Personalize's.
_ITEM_COLUMNS = {
    "NAME": lambda p: p.name,
    "DESCRIPTION": lambda p: p.description,
    "STYLE": lambda p: p.style,
    "PRICE": lambda p: str(p.price),
    "CATEGORY": lambda p: p.category.slug,
    "DEPARTMENT": lambda p: p.category.department,
    "CREATION_TIMESTAMP": lambda p: str(int(p.created_at.timestamp())),
}


def _metadata(product_ids: list[int], columns: list[str]) -> dict[int, dict[str, str]]:
    unknown = [c for c in columns if c.upper() not in _ITEM_COLUMNS]
    if unknown:
        raise InvalidInput(
            f"metadataColumns: unknown ITEMS column(s) {', '.join(unknown)}; "
            f"the columns are: {', '.join(_ITEM_COLUMNS)}"
        )
    products = Product.objects.select_related("category").in_bulk(product_ids)
    return {
        pid: {column: _ITEM_COLUMNS[column.upper()](product) for column in columns} for pid, product in products.items()
    }


def _items(
    result: selectors.Recommendation, *, user: AbstractBaseUser | None, visitor_id: str, columns: list[str] | None
) -> list[dict]:
    reasons = selectors.recommendation_reasons(result, user=user, visitor_id=visitor_id)
    metadata = _metadata(result.product_ids, columns) if columns else {}
    items = []
    for i, (pid, score) in enumerate(zip(result.product_ids, result.scores, strict=True)):
        item: dict = {"itemId": str(pid), "score": round(float(score), 6)}
        if i < len(result.promotion_names) and result.promotion_names[i]:
            item["promotionName"] = result.promotion_names[i]
        if i < len(reasons) and reasons[i]:
            item["reason"] = [reasons[i]]  # Personalize's reason is a list of strings
        if columns:
            item["metadata"] = metadata.get(pid, {})
        items.append(item)
    return items


class GetRecommendationsView(PersonalizeView):
    serializer_class = wire.GetRecommendationsSerializer

    def operation(self, data: dict) -> HttpResponse:
        arn = data.get("recommenderArn") or data["campaignArn"]
        recommender = _recommender(arn[1])
        item_filter = _filter_name(data.get("filterArn"))
        if "itemId" in data and not Product.objects.filter(pk=data["itemId"]).exists():
            raise InvalidInput(f"unknown itemId {data['itemId']}")
        promotion = None
        if data.get("promotions"):
            promoted = data["promotions"][0]
            promotion = selectors.Promotion(
                name=promoted["name"],
                percent=promoted["percentPromotedItems"],
                item_filter=_filter_name(promoted["filterArn"]),
                filter_values=promoted.get("filterValues"),
            )
        user, visitor_id = _shopper(data.get("userId"))
        if data.get("userId") is None and data.get("itemId") is None and recipe_get(recommender.recipe).personal:
            raise InvalidInput(f"{arn[0]} {recommender.slug} recommends for a user: send a userId")
        try:
            result, _fallback = selectors.recommendations_get(
                recommender=recommender,
                user=user,
                visitor_id=visitor_id,
                product_id=data.get("itemId"),
                num_results=data["numResults"],
                item_filter=item_filter,
                filter_values=data.get("filterValues"),
                promotion=promotion,
            )
        except selectors.RecommendationRequestError as exc:
            raise InvalidInput(str(exc)) from None
        items = _items(result, user=user, visitor_id=visitor_id, columns=data.get("metadataColumns"))
        return JsonResponse({"itemList": items, "recommendationId": result.recommendation_id})


class GetPersonalizedRankingView(PersonalizeView):
    serializer_class = wire.GetPersonalizedRankingSerializer

    def operation(self, data: dict) -> HttpResponse:
        kind, name = data["campaignArn"]
        recommender = _recommender(name)
        if not recipe_get(recommender.recipe).ranks:
            raise InvalidInput(f"{kind} {name} does not rank items for a user; name a personal recommender")
        item_filter = _filter_name(data.get("filterArn"))
        user, visitor_id = _shopper(data["userId"])
        try:
            result = selectors.ranked_items(
                recommender=recommender.slug,
                user=user,
                visitor_id=visitor_id,
                product_ids=data["inputList"],
                item_filter=item_filter,
                filter_values=data.get("filterValues"),
            )
        except selectors.FilterRequestError as exc:
            raise InvalidInput(str(exc)) from None
        items = _items(result, user=user, visitor_id=visitor_id, columns=data.get("metadataColumns"))
        return JsonResponse({"personalizedRanking": items, "recommendationId": result.recommendation_id})


def _no_content() -> HttpResponse:
    # The events operations have no output shape: Personalize answers 200 with an empty body.
    return HttpResponse(status=200, content_type="application/json")


def _known_products(ids: set[int], field: str) -> None:
    missing = sorted(ids - set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True)))
    if missing:
        raise InvalidInput(f"{field}: unknown itemId(s) {', '.join(map(str, missing))}; nothing was recorded")


class PutEventsView(PersonalizeView):
    serializer_class = wire.PutEventsSerializer
    throttled = True

    def operation(self, data: dict) -> HttpResponse:
        events = data["eventList"]
        _known_products({event["itemId"] for event in events}, "eventList")
        with transaction.atomic():
            # A userId never seen is a new shopper, as Personalize records any userId's events; a
            # deleted one is refused (its tombstone), never recreated.
            if "userId" in data and selectors.user_deleted(user_id=data["userId"]):
                raise InvalidInput(selectors.DELETED_USER_MESSAGE.format(user_id=data["userId"]))
            user = services.shopper_ensure(user_id=data["userId"]) if "userId" in data else None
            recommendation_services.interactions_put(
                session_id=data["sessionId"],
                user=user,
                events=[
                    {
                        "itemId": event["itemId"],
                        "eventType": event["eventType"],
                        "sentAt": event["sentAt"],
                        "recommendationId": event.get("recommendationId", ""),
                        "eventValue": event.get("eventValue"),
                    }
                    for event in events
                ],
            )
        return _no_content()


def _dataset(arn: tuple[str, str], kind: str) -> None:
    # arn:...:dataset/<dataset group>/ITEMS: the shop has one dataset group, so only the type counts.
    if arn[1].rsplit("/", 1)[-1].upper() != kind:
        raise ResourceNotFound(f"datasetArn names no {kind} dataset: it must end in /{kind}")


def _items_put(items: list[dict]) -> None:
    """PutItems through the items dataset's upsert (its schema types the properties), all or none."""
    _put(datasets.items_put, items=[_as_record(item) for item in items])


def _users_put(users: list[dict]) -> None:
    """PutUsers through the users dataset's upsert, creating the shoppers the shop has never seen."""
    _put(datasets.users_put, users=[_as_record(user) for user in users])


def _as_record(record: dict) -> dict:
    # The wire serializer parsed ``properties``; the dataset services read Personalize's string.
    return {**record, "properties": json.dumps(record.get("properties") or {})}


def _put(put, **records: list[dict]) -> None:
    try:
        put(**records)
    except datasets.PutRefused as exc:
        (kind,) = records
        problems = "; ".join(
            f"{kind}[{position}].{field}: {message}"
            for position, fields in sorted(exc.errors.items())
            for field, message in fields.items()
        )
        raise InvalidInput(f"{problems}; nothing was stored") from None


class PutItemsView(PersonalizeView):
    serializer_class = wire.PutItemsSerializer

    def operation(self, data: dict) -> HttpResponse:
        _dataset(data["datasetArn"], "ITEMS")
        _items_put(data["items"])
        return _no_content()


class PutUsersView(PersonalizeView):
    serializer_class = wire.PutUsersSerializer

    def operation(self, data: dict) -> HttpResponse:
        _dataset(data["datasetArn"], "USERS")
        _users_put(data["users"])
        return _no_content()

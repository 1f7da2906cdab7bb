"""The HTTP API for other apps: events in, recommendations and rankings out (Personalize's shapes)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from recommendations import selectors, services
from recommendations.models import DataDeletionJob
from recommendations.serializers import (
    DataDeletionJobSerializer,
    DeleteUsersSerializer,
    ErrorSerializer,
    PutEventsResponseSerializer,
    PutEventsSerializer,
    RankingSerializer,
    RecommendationsQuerySerializer,
    RecommendationsResponseSerializer,
    ValidationErrorSerializer,
)

# What every operation may answer besides its success, for the schema (each says when).
_REFUSED = {
    403: OpenApiResponse(
        ErrorSerializer,
        description="No or a wrong `Authorization: Api-Key <key>` header, or no RECOMMENDATIONS_API_KEY set in "
        "production.",
    ),
}
_BODY_REFUSED = {
    413: OpenApiResponse(
        ErrorSerializer, description="The body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default)."
    ),
    415: OpenApiResponse(ErrorSerializer, description="The body is not `application/json`."),
}


class HasApiKey(BasePermission):
    """With RECOMMENDATIONS_API_KEY set, every call needs ``Authorization: Api-Key <key>``.

    Without a key the API is open only in debug (the local demo); in production it stays shut
    rather than let anyone write events for any shopper.
    """

    message = "missing or wrong API key: send the header 'Authorization: Api-Key <key>'"

    def has_permission(self, request: Request, view) -> bool:
        key = settings.RECOMMENDATIONS_API_KEY
        if not key:
            if settings.DEBUG:
                return True
            self.message = "the API is off until RECOMMENDATIONS_API_KEY is set"
            return False
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        return scheme == "Api-Key" and hmac.compare_digest(given.encode(), key.encode())


def _because(result: selectors.Recommendation, position: int) -> dict:
    """The shopper's own item that contributed most to this one, when the model can say."""
    if position < len(result.because) and result.because[position] is not None:
        return {"becauseItemId": str(result.because[position])}
    return {}


def _reason(reasons: list[str], position: int) -> dict:
    """The item's reason as its card in the storefront gives it ("Because you viewed X"), if any."""
    if position < len(reasons) and reasons[position]:
        return {"reason": reasons[position]}
    return {}


def _promotion(result: selectors.Recommendation, position: int) -> dict:
    if position < len(result.promotion_names) and result.promotion_names[position]:
        return {"promotionName": result.promotion_names[position]}
    return {}


def _filter_of(q: dict) -> str | None:
    return q.get("filter") or q.get("filterArn") or None


def _exploration(query: dict) -> dict[str, float]:
    """The request's own explorationWeight / explorationItemAgeCutOff, over the recommender's."""
    names = {"explorationWeight": "exploration_weight", "explorationItemAgeCutOff": "exploration_item_age_cutoff_days"}
    return {option: query[name] for name, option in names.items() if name in query}


def _response(
    result: selectors.Recommendation, fallback: str | None = None, *, user=None, visitor_id: str = ""
) -> dict:
    reasons = selectors.recommendation_reasons(result, user=user, visitor_id=visitor_id)
    return {
        "recommendationId": result.recommendation_id,
        "recommender": result.recommender,
        "versionId": result.version_id,
        "fallback": fallback,
        "itemList": [
            {
                "itemId": str(pid),
                "score": round(score, 6),
                **_because(result, i),
                **_reason(reasons, i),
                **_promotion(result, i),
            }
            for i, (pid, score) in enumerate(zip(result.product_ids, result.scores, strict=True))
        ],
    }


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "the request body is too large"
    default_code = "request_too_large"


class _RequestErrors:
    """Django's own refusals of a request (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, more fields than
    DATA_UPLOAD_MAX_NUMBER_FIELDS) as the API's JSON errors, not Django's HTML 400 page."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            exc = RequestTooLarge(f"the request body is larger than the API accepts ({limit:,} bytes)")
        elif isinstance(exc, TooManyFieldsSent):
            exc = ParseError(f"the request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} parameters")
        return super().handle_exception(exc)


class ApiView(_RequestErrors, APIView):
    """The API's views: the key, JSON bodies only, Django's refusals as JSON."""

    permission_classes = [HasApiKey]
    authentication_classes: list = []  # the API key is the credential; no session or CSRF
    # Personalize's wire format is JSON; a form could not even say that sentAt is a number.
    parser_classes = [JSONParser]


class EventsView(ApiView):
    """Record a batch of 1 to 10 events, all or none: a refused event records none of the batch."""

    @extend_schema(
        request=PutEventsSerializer,
        responses={
            201: PutEventsResponseSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description="Malformed JSON or a refused field: not 1 to 10 events, an unknown eventType, userId or "
                "itemId, an itemId that is not digits, a sentAt that is no JSON number or before 2000-01-01 or in "
                "the future, an id that is no JSON string or holds a control character. Nothing of the batch is "
                "recorded.",
            ),
            **_REFUSED,
            **_BODY_REFUSED,
        },
        summary="PutEvents: record 1-10 events",
        examples=[
            OpenApiExample(
                "A view",
                value={"sessionId": "s1", "eventList": [{"eventType": "View", "itemId": "1", "sentAt": 1.7e9}]},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = PutEventsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        recorded = services.interactions_put(
            session_id=data["sessionId"], user=data.get("userId"), events=data["eventList"]
        )
        return Response({"recorded": recorded}, status=status.HTTP_201_CREATED)


class RecommendationsView(ApiView):
    """Recommendations from one recommender, filtered by category and price; out-of-stock items never."""

    @extend_schema(
        parameters=[RecommendationsQuerySerializer],
        responses={
            200: RecommendationsResponseSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description="A refused parameter: an unknown recommender, userId, itemId or category slug, numResults "
                "outside 1-500, explorationWeight outside 0-1 or explorationItemAgeCutOff outside 1-3650, "
                "a price that is not plain digits or minPrice above maxPrice, a control character; a "
                "related-items recommender without "
                "itemId or a personal one without userId or sessionId; more than 1,000 query parameters; an unknown "
                "filter or promotionFilter, an expression that does not parse (at N: expected ...), filterValues "
                "that are no JSON object of strings or lack a parameter an INCLUDE needs, CurrentItem on a "
                "recommender that is not related-items, promotionPercent outside 1-100.",
            ),
            **_REFUSED,
        },
        summary="GetRecommendations",
    )
    def get(self, request: Request) -> Response:
        query = RecommendationsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        simple = {
            "categories": q.get("category"),
            "exclude_categories": q.get("excludeCategory"),
            "min_price": q.get("minPrice"),
            "max_price": q.get("maxPrice"),
        }
        promotion = None
        if "promotionPercent" in q:
            promotion = selectors.Promotion(
                name=q["promotionName"],
                percent=q["promotionPercent"],
                item_filter=q["promotionFilter"],
                filter_values=q.get("promotionFilterValues"),
            )
        item_filter, exclude = _filter_of(q), set()
        if item_filter is None and promotion is None:
            # The parameters alone: a filter, whose mask is computed once for every such request.
            item_filter = selectors.request_parameters_filter(**simple)
        else:
            # Beside a stored filter or a promotion (whose slots they limit too): products left out.
            exclude = selectors.products_excluded_by(**simple)
        try:
            result, fallback = selectors.recommendations_get(
                recommender=q["recommender"],
                user=q.get("userId"),
                visitor_id=q.get("sessionId", ""),
                product_id=q.get("itemId"),
                num_results=q["numResults"],
                exclude_product_ids=exclude,
                item_filter=item_filter,
                filter_values=q.get("filterValues"),
                promotion=promotion,
                exploration=_exploration(q),
            )
        except selectors.RecommendationRequestError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(_response(result, fallback, user=q.get("userId"), visitor_id=q.get("sessionId", "")))


class RankingView(ApiView):
    """The given items reordered for a shopper; those the model cannot score come last."""

    @extend_schema(
        request=RankingSerializer,
        responses={
            200: RecommendationsResponseSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description="Malformed JSON or a refused field: an inputList of 0 or over 500 items, an item that is "
                "not a JSON string of digits or repeats, an unknown userId or recommender, a recommender that does "
                "not rank; neither userId nor sessionId; an unknown filter or bad filterValues.",
            ),
            **_REFUSED,
            **_BODY_REFUSED,
        },
        summary="GetPersonalizedRanking",
        examples=[
            OpenApiExample("Three items", value={"sessionId": "s1", "inputList": ["1", "2", "3"]}, request_only=True)
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = RankingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("userId") is None and not data.get("sessionId"):
            return Response({"detail": "send a userId or a sessionId"}, status=status.HTTP_400_BAD_REQUEST)
        try:
            result = selectors.ranked_items(
                recommender=data["recommender"],
                user=data.get("userId"),
                visitor_id=data.get("sessionId", ""),
                product_ids=data["inputList"],
                item_filter=_filter_of(data),
                filter_values=data.get("filterValues"),
            )
        except selectors.FilterRequestError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(_response(result, None if result.version_id else "input order"))


class DeleteUsersView(ApiView):
    """Delete shoppers: their events, impressions and account go in a logged job; they are never
    recommended to or learned from again (events naming them later are refused)."""

    @extend_schema(
        request=DeleteUsersSerializer,
        responses={
            202: OpenApiResponse(
                DataDeletionJobSerializer,
                description="The deletion job, logged; done when `status` is succeeded (at once without a worker).",
            ),
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description="Malformed JSON or a refused field: userIds empty, over 1,000 or repeating one, an id "
                "that is no JSON string, holds a control character, is unknown or already deleted, or a staff "
                "account. Nobody is deleted.",
            ),
            **_REFUSED,
            **_BODY_REFUSED,
        },
        summary="Delete users and their data",
        examples=[OpenApiExample("Two shoppers", value={"userIds": ["ann", "bob"]}, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        serializer = DeleteUsersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            job = services.data_deletion_start(
                user_ids=serializer.validated_data["userIds"], requested_by=_requester(request)
            )
        except services.DeletionRefused as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        job = DataDeletionJob.objects.get(pk=job.pk)  # done by now when the task ran in this process
        return Response(DataDeletionJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


def _requester(request: Request) -> str:
    """Who asked, for the deletion log: the API key's holder, with the client's address."""
    return f"API ({request.META.get('REMOTE_ADDR') or 'unknown address'})"


class SchemaView(_RequestErrors, SpectacularAPIView):
    """The OpenAPI schema, behind the same key as the API it describes."""

    permission_classes = [HasApiKey]
    authentication_classes: list = []
    # The key is checked by HasApiKey, not by an authentication class drf-spectacular could read.
    custom_settings = {
        "APPEND_COMPONENTS": {
            "securitySchemes": {
                "ApiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Api-Key <key>`, the key being RECOMMENDATIONS_API_KEY (open without one in debug)",
                }
            }
        },
        "SECURITY": [{"ApiKey": []}],
    }

    @extend_schema(
        responses={
            **{
                (200, media_type): OpenApiResponse(OpenApiTypes.OBJECT, description="This schema (YAML by default).")
                for media_type in (
                    "application/vnd.oai.openapi",
                    "application/yaml",
                    "application/vnd.oai.openapi+json",
                    "application/json",
                )
            },
            # Errors are JSON whatever format was asked for (finalize_response).
            (400, "application/json"): OpenApiResponse(
                ValidationErrorSerializer, description="More than 1,000 query parameters."
            ),
            (403, "application/json"): _REFUSED[403],
            (404, "application/json"): OpenApiResponse(
                ErrorSerializer, description="`format` names no format the schema is served in."
            ),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        # DRF takes an empty ?format= for none; the schema offers json or yaml, so it is refused like ?format=xml.
        if request.query_params.get("format") == "":
            raise NotFound("format names no format the schema is served in: json or yaml")
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Response, *args, **kwargs) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False):
            # An error is no schema: JSON like the rest of the API, not the YAML the schema defaults to.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response

"""The HTTP API for other apps: events in, recommendations and rankings out (Personalize's shapes)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from recommendations import selectors, services
from recommendations.serializers import (
    PutEventsSerializer,
    RankingSerializer,
    RecommendationsQuerySerializer,
    RecommendationsResponseSerializer,
)


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


def _response(result: selectors.Recommendation, fallback: str | None = None) -> dict:
    return {
        "recommendationId": result.recommendation_id,
        "recommender": result.recommender,
        "versionId": result.version_id,
        "fallback": fallback,
        "itemList": [
            {"itemId": str(pid), "score": round(score, 6), **_because(result, i)}
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
    permission_classes = [HasApiKey]
    authentication_classes: list = []  # the API key is the credential; no session or CSRF
    # Personalize's wire format is JSON; a form could not even say that sentAt is a number.
    parser_classes = [JSONParser]


class EventsView(ApiView):
    @extend_schema(request=PutEventsSerializer, responses={201: dict}, summary="PutEvents: record 1-10 events")
    def post(self, request: Request) -> Response:
        serializer = PutEventsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        recorded = services.interactions_put(
            session_id=data["sessionId"], user=data.get("userId"), events=data["eventList"]
        )
        return Response({"recorded": recorded}, status=status.HTTP_201_CREATED)


class RecommendationsView(ApiView):
    @extend_schema(
        parameters=[RecommendationsQuerySerializer],
        responses=RecommendationsResponseSerializer,
        summary="GetRecommendations",
    )
    def get(self, request: Request) -> Response:
        query = RecommendationsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        exclude = selectors.products_excluded_by(
            categories=q.get("category"),
            exclude_categories=q.get("excludeCategory"),
            min_price=q.get("minPrice"),
            max_price=q.get("maxPrice"),
        )
        try:
            result, fallback = selectors.recommendations_get(
                recommender=q["recommender"],
                user=q.get("userId"),
                visitor_id=q.get("sessionId", ""),
                product_id=q.get("itemId"),
                num_results=q["numResults"],
                exclude_product_ids=exclude,
            )
        except selectors.RecommendationRequestError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(_response(result, fallback))


class RankingView(ApiView):
    @extend_schema(
        request=RankingSerializer, responses=RecommendationsResponseSerializer, summary="GetPersonalizedRanking"
    )
    def post(self, request: Request) -> Response:
        serializer = RankingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("userId") is None and not data.get("sessionId"):
            return Response({"detail": "send a userId or a sessionId"}, status=status.HTTP_400_BAD_REQUEST)
        result = selectors.ranked_items(
            recommender=data["recommender"],
            user=data.get("userId"),
            visitor_id=data.get("sessionId", ""),
            product_ids=data["inputList"],
        )
        return Response(_response(result, None if result.version_id else "input order"))


class SchemaView(_RequestErrors, SpectacularAPIView):
    """The OpenAPI schema, behind the same key as the API it describes."""

    permission_classes = [HasApiKey]
    authentication_classes: list = []

    def finalize_response(self, request: Request, response: Response, *args, **kwargs) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False):
            # An error is no schema: JSON like the rest of the API, not the YAML the schema defaults to.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response

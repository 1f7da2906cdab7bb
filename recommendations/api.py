"""The HTTP API for other apps: events in, recommendations and rankings out (Personalize's shapes)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException, NotFound, ParseError, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from recommendations import selectors, services
from recommendations.models import ApiKey, DataDeletionJob
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
from recommendations.throttling import EventsThrottle

# What every operation may answer besides its success, for the schema (each says when).
_REFUSED = {
    403: OpenApiResponse(
        ErrorSerializer,
        description="No staff session and no or a wrong `Authorization: Api-Key <key>` header (a key issued in the "
        "admin, revoked or expired keys refused, or RECOMMENDATIONS_API_KEY), or in production no key at all yet.",
    ),
}
_BODY_REFUSED = {
    413: OpenApiResponse(
        ErrorSerializer, description="The body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default)."
    ),
    415: OpenApiResponse(ErrorSerializer, description="The body is not `application/json`."),
}


class HasApiKey(BasePermission):
    """An API key issued in the admin (``Authorization: Api-Key <key>``), the bootstrap key
    RECOMMENDATIONS_API_KEY, or a staff session.

    With no key of either kind the API is open only in debug (the local demo); in production it
    stays shut rather than let anyone write events for any shopper.
    """

    message = (
        "missing or wrong API key: send the header 'Authorization: Api-Key <key>' with a key issued in the admin "
        "(or RECOMMENDATIONS_API_KEY), or log in as staff"
    )

    def has_permission(self, request: Request, view) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_active and user.is_staff:
            view.throttle_ident = f"staff-{user.pk}"
            return True
        bootstrap = settings.RECOMMENDATIONS_API_KEY
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme == "Api-Key" and given:
            if bootstrap and hmac.compare_digest(given.encode(), bootstrap.encode()):
                view.throttle_ident = "bootstrap-key"
                return True
            api_key = _issued_key(given)
            if api_key is not None:
                view.throttle_ident = f"api-key-{api_key.prefix}"
                services.api_key_touch(api_key=api_key)
                return True
        if bootstrap or ApiKey.objects.get_usable_keys().exists():
            return False
        if settings.DEBUG:
            return True
        self.message = "the API is off until an API key is issued in the admin or RECOMMENDATIONS_API_KEY is set"
        return False


def _issued_key(given: str) -> ApiKey | None:
    try:
        api_key = ApiKey.objects.get_from_key(given)
    except ApiKey.DoesNotExist:
        return None
    return None if api_key.has_expired else api_key


class ApiAccess:
    """RECOMMENDATIONS_API_ENABLED off: every API URL is a 404, while the storefront keeps working.
    A refused caller hears HasApiKey's reason, not DRF's "credentials were not provided" (which
    it says whenever the session, the one authentication class, found nobody)."""

    def initial(self, request: Request, *args, **kwargs) -> None:
        if not settings.RECOMMENDATIONS_API_ENABLED:
            raise NotFound("the API is switched off (RECOMMENDATIONS_API_ENABLED)")
        super().initial(request, *args, **kwargs)

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> None:
        raise PermissionDenied(message, code)


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


def _reads_profile(item_filter, filter_values) -> bool:
    """The filter reads the shopper's profile (IF CurrentUser), which no history fingerprint covers."""
    if item_filter is None:
        return False
    resolved = selectors.item_filter_resolve(item_filter, filter_values)
    return resolved is not None and resolved.parsed.uses_current_user


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


class StrictJSONParser(JSONParser):
    """DRF's JSON parser, with a body nested too deeply for Python's json (``[[[...]]]`` a hundred
    thousand deep fits in 2.5 MB) refused as malformed rather than a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None


class ApiView(ApiAccess, _RequestErrors, APIView):
    """The API's views: a key or a staff session, JSON bodies only, Django's refusals as JSON."""

    permission_classes = [HasApiKey]
    # The API key is checked by HasApiKey; a staff session (with its CSRF check) is the other way in.
    authentication_classes = [SessionAuthentication]
    # Personalize's wire format is JSON; a form could not even say that sentAt is a number.
    parser_classes = [StrictJSONParser]


class EventsView(ApiView):
    """Record a batch of 1 to 10 events, all or none: a refused event records none of the batch."""

    throttle_classes = [EventsThrottle]

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
            429: OpenApiResponse(
                ErrorSerializer,
                description="More events calls than RECOMMENDATIONS_EVENTS_THROTTLE_RATE allows this key (100/s by "
                "default); the detail says when to retry. Nothing of the batch is recorded.",
            ),
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
        params = dict(request.query_params.lists())
        state = None
        if "promotionPercent" not in params:
            state = selectors.response_shopper_state(
                username=request.query_params.get("userId"), visitor_id=request.query_params.get("sessionId", "")
            )
        if state is not None:
            # Answered before under the same history, catalogue, configuration and models: the same
            # answer (validated then; anything that could make it invalid since is in the key).
            body = selectors.response_cached("recommendations", params=params, state=state)
            if body is not None:
                return Response(body)
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
        body = _response(result, fallback, user=q.get("userId"), visitor_id=q.get("sessionId", ""))
        if state is not None and not _reads_profile(item_filter, q.get("filterValues")):
            selectors.response_cache("recommendations", params=params, state=state, body=body)
        return Response(body)


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


class _JsonErrors:
    """An error is no schema and no page: JSON like the rest of the API, not the YAML the schema
    defaults to or the Swagger template."""

    def finalize_response(self, request: Request, response: Response, *args, **kwargs) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


class SchemaView(_JsonErrors, ApiAccess, _RequestErrors, SpectacularAPIView):
    """The OpenAPI schema, behind the same key as the API it describes."""

    permission_classes = [HasApiKey]
    authentication_classes = [SessionAuthentication]
    # The key is checked by HasApiKey, not by an authentication class drf-spectacular could read.
    custom_settings = {
        "APPEND_COMPONENTS": {
            "securitySchemes": {
                "ApiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Api-Key <key>`: a key issued in the admin or RECOMMENDATIONS_API_KEY (the API is "
                    "open in debug while there is neither)",
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


class DocsView(_JsonErrors, ApiAccess, SpectacularSwaggerView):
    """Swagger UI over the schema, from drf-spectacular-sidecar's static files (no CDN: works offline).
    Behind the API's own access: a staff session reads it in the browser (the page fetches the
    schema with the same cookie); in the open debug demo anyone can."""

    permission_classes = [HasApiKey]
    authentication_classes = [SessionAuthentication]

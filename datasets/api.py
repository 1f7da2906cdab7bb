"""PutItems and PutUsers over HTTP, in the API's style (the key, JSON only, all or none)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from datasets import services
from datasets.serializers import PutItemsSerializer, PutResponseSerializer, PutUsersSerializer
from recommendations.api import ApiView
from recommendations.serializers import ErrorSerializer, ValidationErrorSerializer

_REFUSED = {
    403: OpenApiResponse(
        ErrorSerializer,
        description="No or a wrong `Authorization: Api-Key <key>` header, or no RECOMMENDATIONS_API_KEY set in "
        "production.",
    ),
    413: OpenApiResponse(
        ErrorSerializer, description="The body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default)."
    ),
    415: OpenApiResponse(ErrorSerializer, description="The body is not `application/json`."),
}


def _refused(name: str, exc: services.PutRefused) -> Response:
    """DRF's shape for a list's refused items: {"items": {"0": {"properties": ["..."]}}}."""
    errors = {str(at): {field: [message] for field, message in fields.items()} for at, fields in exc.errors.items()}
    return Response({name: errors}, status=status.HTTP_400_BAD_REQUEST)


class ItemsView(ApiView):
    """Upsert 1 to 10 items, all or none (Personalize's PutItems)."""

    @extend_schema(
        request=PutItemsSerializer,
        responses={
            201: PutResponseSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description="Malformed JSON or a refused record: not 1 to 10 items, an itemId that is not digits, "
                "properties that are no JSON string of an object, a property the items schema does not have, a "
                "value of the wrong type (a number for a string field, 'cheap' for PRICE), a control character. "
                "Nothing of the batch is stored.",
            ),
            **_REFUSED,
        },
        summary="PutItems: upsert 1-10 items",
        examples=[
            OpenApiExample(
                "An item",
                value={"items": [{"itemId": "42", "properties": '{"name": "Wool hat", "category": "clothing"}'}]},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = PutItemsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            stored = services.items_put(items=serializer.validated_data["items"])
        except services.PutRefused as exc:
            return _refused("items", exc)
        return Response({"stored": stored}, status=status.HTTP_201_CREATED)


class UsersView(ApiView):
    """Upsert 1 to 10 shoppers, all or none (Personalize's PutUsers); an unknown userId is created."""

    @extend_schema(
        request=PutUsersSerializer,
        responses={
            201: PutResponseSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description="Malformed JSON or a refused record: not 1 to 10 users, a blank userId or one over 150 "
                "characters, properties that are no JSON string of an object, a property the users schema does not "
                "have, a value of the wrong type or outside its range (AGE 0-150, GENDER F or M), an unknown "
                "persona, a control character. Nothing of the batch is stored.",
            ),
            **_REFUSED,
        },
        summary="PutUsers: upsert 1-10 users",
        examples=[
            OpenApiExample(
                "A user", value={"users": [{"userId": "ann", "properties": '{"age": 31}'}]}, request_only=True
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = PutUsersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            stored = services.users_put(users=serializer.validated_data["users"])
        except services.PutRefused as exc:
            return _refused("users", exc)
        return Response({"stored": stored}, status=status.HTTP_201_CREATED)

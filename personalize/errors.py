"""Personalize's error shape: JSON ``{"message": ...}`` with the error's name in ``x-amzn-ErrorType``,
which is where botocore's rest-json parser reads ClientError's code from."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import JsonResponse

# The statuses of the service models' exceptions (botocore/data/personalize-*/service-2.json), and
# of the errors AWS's front door answers for any service (signature, throttling).
STATUS = {
    "InvalidInputException": 400,
    "ResourceNotFoundException": 404,
    "ResourceInUseException": 409,
    "MissingAuthenticationTokenException": 403,
    "IncompleteSignatureException": 403,
    "InvalidSignatureException": 403,
    "UnrecognizedClientException": 403,
    "ThrottlingException": 429,
    "UnknownOperationException": 404,
}


class PersonalizeError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidInput(PersonalizeError):
    def __init__(self, message: str) -> None:
        super().__init__("InvalidInputException", message)


class ResourceNotFound(PersonalizeError):
    def __init__(self, message: str) -> None:
        super().__init__("ResourceNotFoundException", message)


def error_response(code: str, message: str, *, status: int | None = None) -> JsonResponse:
    response = JsonResponse({"message": message}, status=status or STATUS.get(code, 400))
    response["x-amzn-ErrorType"] = code
    return response


def validation_message(errors: object, prefix: str = "") -> str:
    """DRF's nested errors as one line, each under its field's path: "eventList.0.itemId: unknown itemId 7"."""
    parts: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                walk(value, path if key == "non_field_errors" else f"{path}.{key}" if path else str(key))
        elif isinstance(node, list) and node and all(isinstance(item, str) for item in node):
            parts.append(f"{path}: {'; '.join(node)}" if path else "; ".join(node))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if value:
                    walk(value, f"{path}.{i}" if path else str(i))
        else:
            parts.append(f"{path}: {node}" if path else str(node))

    walk(errors, prefix)
    return "; ".join(parts) or "invalid input"

"""Batch recommendations: Personalize's batch input lines, each answered as one request would be.

A line is ``{"userId": …}`` (recommendations for a shopper), ``{"itemId": …}`` (related items),
or ``{"userId": …, "itemList": […]}`` (a personalized ranking), each with optional
``filterValues``. The answer is Personalize's output line: ``{"input": …, "output":
{"recommendedItems": […], "scores": […]}, "error": null}``, or ``"output": null`` and the error.
A chunk's shoppers are scored together by ``user_recommendations_batch`` (one batched fold-in),
not one request per line; the answers equal the single requests'.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from recommendations.models import Filter, Recommender
from recommendations.recipes import recipe_get
from recommendations.selectors.filters import FilterRequestError
from recommendations.selectors.personal import ranked_items, user_recommendations_batch
from recommendations.selectors.ranking import Recommendation
from recommendations.selectors.serving import RecommendationRequestError, recommendations_get
from shop.models import Product
from shop.text import control_character

FIELDS = ("userId", "itemId", "itemList", "filterValues")
# The API's own limits, so a line is refused for what a request would be refused for.
MAX_USER_ID_LENGTH = 150
MAX_ITEM_LIST = 500
ITEM_ID = re.compile(r"[0-9]{1,18}")


@dataclass
class BatchLine:
    """One input line: what it asks (once it parsed) or why it cannot be answered."""

    number: int  # 1-based, in the whole file
    input: Any  # the parsed object, or the line's text when it is no JSON
    error: str | None = None
    user_id: str | None = None
    item_id: int | None = None
    item_list: list[int] | None = None
    filter_values: dict[str, str] | None = None
    output: dict[str, list] | None = field(default=None)

    def fail(self, message: str) -> None:
        self.error = f"line {self.number}: {message}"

    def answer(self) -> dict[str, Any]:
        return {"input": self.input, "output": None if self.error else self.output, "error": self.error}


def batch_line_parse(number: int, raw: bytes) -> BatchLine:
    """A line's request, or the first thing wrong with it (malformed JSON, a wrong type, a bad id)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = BatchLine(number, raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        line.fail(f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return line
    text = text.rstrip("\r\n")  # echoed as it was, less its line ending
    if not text.strip():
        line = BatchLine(number, text)
        line.fail('empty line: expected a JSON object such as {"userId": "…"}')
        return line
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = BatchLine(number, text)
        line.fail(f"malformed JSON: {exc}")
        return line
    line = BatchLine(number, data)
    if not isinstance(data, dict):
        line.fail(f'expected a JSON object such as {{"userId": "…"}}, not {_json_type(data)}')
        return line
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        line.fail(f"unknown field {unknown[0]!r}: a line has {', '.join(FIELDS)}")
        return line
    problem = _fields_check(line, data)
    if problem:
        line.fail(problem)
    return line


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _fields_check(line: BatchLine, data: dict) -> str | None:
    if "userId" in data:
        user_id = data["userId"]
        if not isinstance(user_id, str):
            return f"userId must be a string, not {_json_type(user_id)}"
        if (
            not user_id.strip()
            or len(user_id) > MAX_USER_ID_LENGTH
            or control_character(user_id, allow_whitespace=False)
        ):
            return f"userId must be 1 to {MAX_USER_ID_LENGTH} characters without control characters"
        line.user_id = user_id
    if "itemId" in data:
        item_id = data["itemId"]
        if not isinstance(item_id, str):
            return f"itemId must be a string of digits, not {_json_type(item_id)}"
        if not ITEM_ID.fullmatch(item_id):
            return f"itemId must be a string of up to 18 digits, not {item_id!r}"
        line.item_id = int(item_id)
    if "itemList" in data:
        items = data["itemList"]
        if not isinstance(items, list):
            return f"itemList must be an array of item ids, not {_json_type(items)}"
        if not 1 <= len(items) <= MAX_ITEM_LIST:
            return f"itemList takes 1 to {MAX_ITEM_LIST} items, not {len(items)}"
        for position, item in enumerate(items):
            if not isinstance(item, str) or not ITEM_ID.fullmatch(item):
                return f"itemList[{position}] must be a string of up to 18 digits, not {json.dumps(item)}"
        if len(set(items)) < len(items):
            repeated = next(item for k, item in enumerate(items) if item in items[:k])
            return f"itemList holds {repeated!r} more than once"
        line.item_list = [int(item) for item in items]
        if line.item_id is not None:
            return "send itemId or itemList, not both"
    if "filterValues" in data:
        values = data["filterValues"]
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            return 'filterValues must be a JSON object of strings, e.g. {"STYLES": "\\"boot\\""}'
        line.filter_values = values
    if line.user_id is None and line.item_id is None:
        return 'a line needs a userId or an itemId, e.g. {"userId": "…"}'
    if line.item_list is not None and line.user_id is None:
        return "itemList needs the userId to rank it for"
    return None


def _kind_check(line: BatchLine, recommender: Recommender) -> None:
    """Refuse a line the recommender cannot answer: what a request of that shape would be refused for."""
    spec = recipe_get(recommender.recipe)
    if spec.related:
        if line.item_id is None:
            line.fail(f"{recommender.slug} recommends items related to an item: send itemId")
        elif line.item_list is not None:
            line.fail(f"{recommender.slug} does not rank items: itemList needs a personal recommender")
    elif line.item_id is not None:
        line.fail(
            f"{recommender.slug} recommends for a shopper: send userId (itemId is for related-items recommenders)"
        )
    elif line.item_list is not None and not spec.ranks:
        line.fail(f"{recommender.slug} does not rank items for a shopper; use a personal recommender")


def _items(result: Recommendation) -> dict[str, list]:
    return {
        "recommendedItems": [str(pid) for pid in result.product_ids],
        "scores": [round(float(score), 6) for score in result.scores],
    }


def _values_key(values: Mapping[str, str] | None) -> str:
    return json.dumps(values or {}, sort_keys=True)


def batch_lines_answer(
    *,
    recommender: Recommender,
    lines: Sequence[bytes],
    first_line: int = 1,
    num_results: int = 25,
    item_filter: Filter | None = None,
    now: float | None = None,
) -> list[dict[str, Any]]:
    """Personalize's output line for each input line, in order; a bad line gets its error, never an exception.

    The shoppers asking a personal recommender are scored in one ``user_recommendations_batch``
    per distinct ``filterValues``; one with nothing to score (no history) gets what one request
    would, the most-viewed fallback. Related items and rankings are one call per line.
    """
    parsed = [batch_line_parse(first_line + k, raw) for k, raw in enumerate(lines)]
    for line in parsed:
        if line.error is None:
            _kind_check(line, recommender)
    valid = [line for line in parsed if line.error is None]
    names = {line.user_id for line in valid if line.user_id is not None}
    users = get_user_model().objects.filter(username__in=names).in_bulk(field_name="username") if names else {}
    asked = {line.item_id for line in valid if line.item_id is not None}
    products = set(Product.objects.filter(pk__in=asked).values_list("pk", flat=True)) if asked else set()
    for line in valid:
        if line.user_id is not None and line.user_id not in users:
            line.fail(f"unknown userId {line.user_id!r}")
        elif line.item_id is not None and line.item_id not in products:
            line.fail(f"unknown itemId {line.item_id}")
    valid = [line for line in valid if line.error is None]

    spec = recipe_get(recommender.recipe)
    batched: dict[str, list[BatchLine]] = defaultdict(list)
    for line in valid:
        user = users.get(line.user_id) if line.user_id is not None else None
        if spec.personal and line.item_list is None:
            batched[_values_key(line.filter_values)].append(line)
            continue
        try:
            if line.item_list is not None:
                result = ranked_items(
                    recommender=recommender.slug,
                    user=user,
                    product_ids=line.item_list,
                    item_filter=item_filter,
                    filter_values=line.filter_values,
                    now=now,
                )
            else:
                result, _ = recommendations_get(
                    recommender=recommender,
                    user=user,
                    product_id=line.item_id,
                    num_results=num_results,
                    item_filter=item_filter,
                    filter_values=line.filter_values,
                )
        except (RecommendationRequestError, FilterRequestError) as exc:
            line.fail(str(exc))
            continue
        line.output = _items(result)

    for group in batched.values():
        values = group[0].filter_values
        try:
            results = user_recommendations_batch(
                recommender=recommender.slug,
                users=[users[line.user_id].pk for line in group],
                num_results=num_results,
                item_filter=item_filter,
                filter_values=values,
                now=now,
            )
        except (RecommendationRequestError, FilterRequestError) as exc:
            for line in group:
                line.fail(str(exc))
            continue
        fallbacks: dict[int, Recommendation] = {}
        for line in group:
            user = users[line.user_id]
            result = results[user.pk]
            if not result:
                # Nothing the model could score: the single request's answer, most viewed, saying so.
                if user.pk not in fallbacks:
                    try:
                        fallbacks[user.pk] = recommendations_get(
                            recommender=recommender,
                            user=user,
                            num_results=num_results,
                            item_filter=item_filter,
                            filter_values=values,
                        )[0]
                    except (RecommendationRequestError, FilterRequestError) as exc:
                        line.fail(str(exc))
                        continue
                result = fallbacks[user.pk]
            line.output = _items(result)
    return [line.answer() for line in parsed]

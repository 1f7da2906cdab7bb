"""Amazon Personalize's filter expressions: tokens, syntax tree and parser.

    filter     := expression ("|" expression)*
    expression := (INCLUDE | EXCLUDE) ItemID WHERE or [IF user_condition]
    or         := and (OR and)*          -- AND binds tighter than OR, as in SQL
    and        := primary (AND primary)*
    primary    := "(" or ")" | condition
    condition  := (Items | Interactions) "." FIELD ([NOT] IN values | comparison operand)

Personalize documents no parentheses; they are accepted here (a superset) because a mix of AND and
OR is otherwise unreadable. Keywords and dataset names are case-insensitive; fields are upper-cased.
Every error says where (1-based character position) and what was expected there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["categorical", "numeric"]
COMPARISONS = ("=", "<", "<=", ">", ">=")
# Personalize's own limit on an expression's length.
MAX_EXPRESSION_LENGTH = 2500


class FilterError(ValueError):
    """An expression (or the values for its parameters) that cannot filter, with where and why."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.position = position
        self.reason = message
        super().__init__(f"at {position}: {message}" if position is not None else message)


@dataclass(frozen=True)
class Schema:
    """The item fields an expression may name, with their kind, and the other names they answer to."""

    fields: tuple[tuple[str, Kind], ...]
    aliases: tuple[tuple[str, str], ...] = ()
    # CurrentUser fields; empty: any name (the users' schema is not known to the engine).
    user_fields: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        fields: Mapping[str, Kind],
        aliases: Mapping[str, str] | None = None,
        user_fields: Iterable[str] = (),
    ) -> Schema:
        return cls(
            tuple(sorted((name.upper(), kind) for name, kind in fields.items())),
            tuple(sorted((alias.upper(), name.upper()) for alias, name in (aliases or {}).items())),
            tuple(sorted({name.upper() for name in user_fields})),
        )

    def resolve(self, name: str) -> tuple[str, Kind] | None:
        """(canonical field name, kind), None for a field the items do not have."""
        key = name.upper()
        key = dict(self.aliases).get(key, key)
        kind = dict(self.fields).get(key)
        return None if kind is None else (key, kind)

    @property
    def names(self) -> list[str]:
        return sorted({name for name, _ in self.fields} | {alias for alias, _ in self.aliases})


# --- syntax tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str  # without the $
    position: int


@dataclass(frozen=True)
class CurrentItemField:
    field: str
    kind: Kind
    position: int


Value = str | float | Param | CurrentItemField


@dataclass(frozen=True)
class Condition:
    dataset: Literal["Items", "Interactions", "CurrentUser"]
    field: str  # canonical, upper case
    kind: Kind
    operator: str  # "IN", "NOT IN" or one of COMPARISONS
    values: tuple[Value, ...]
    position: int

    @property
    def params(self) -> tuple[Param, ...]:
        return tuple(v for v in self.values if isinstance(v, Param))


@dataclass(frozen=True)
class BoolOp:
    operator: Literal["AND", "OR"]
    parts: tuple[Node, ...]


Node = Condition | BoolOp


@dataclass(frozen=True)
class Expression:
    action: Literal["INCLUDE", "EXCLUDE"]
    dataset: Literal["Items", "Interactions"]
    where: Node
    condition_if: Condition | None
    position: int

    def conditions(self) -> list[Condition]:
        found: list[Condition] = []
        stack: list[Node] = [self.where]
        while stack:
            node = stack.pop()
            if isinstance(node, Condition):
                found.append(node)
            else:
                stack.extend(reversed(node.parts))
        found.sort(key=lambda c: c.position)
        return found + ([self.condition_if] if self.condition_if is not None else [])


@dataclass(frozen=True)
class ParsedFilter:
    text: str
    expressions: tuple[Expression, ...]
    params: tuple[str, ...] = field(default=())

    @property
    def uses_current_item(self) -> bool:
        return any(isinstance(v, CurrentItemField) for e in self.expressions for c in e.conditions() for v in c.values)

    @property
    def uses_current_user(self) -> bool:
        return any(e.condition_if is not None for e in self.expressions)

    @property
    def uses_interactions(self) -> bool:
        return any(e.dataset == "Interactions" for e in self.expressions)

    @property
    def reads_only_catalogue(self) -> bool:
        """No interactions, current item or shopper: the same answer for every request with the
        same values, so it can be computed once and shared."""
        return not (self.uses_interactions or self.uses_current_item or self.uses_current_user)


# --- tokens ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # WORD, STRING, NUMBER, PARAM, OP, PUNCT, END
    text: str
    value: str | float
    position: int  # 1-based

    def shown(self) -> str:
        return "end of expression" if self.kind == "END" else f'"{self.text}"'


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<unterminated>"(?:[^"\\]|\\.)*)
  | (?P<number>-?\d+(?:\.\d+)?(?![A-Za-z_]))
  | (?P<param>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>[=<>!]+)
  | (?P<punct>[().,|])
    """,
    re.VERBOSE,
)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            raise FilterError(f'unexpected character "{text[at]}"', at + 1)
        kind, raw = match.lastgroup, match.group()
        position = at + 1
        at = match.end()
        if kind == "space":
            continue
        if kind == "unterminated":
            raise FilterError("a quoted value is not closed", position)
        if kind == "string":
            tokens.append(Token("STRING", raw, re.sub(r"\\(.)", r"\1", raw[1:-1]), position))
        elif kind == "number":
            tokens.append(Token("NUMBER", raw, float(raw), position))
        elif kind == "param":
            tokens.append(Token("PARAM", raw, raw[1:], position))
        else:
            tokens.append(Token({"word": "WORD", "op": "OP", "punct": "PUNCT"}[kind], raw, raw, position))
    tokens.append(Token("END", "", "", len(text) + 1))
    return tokens


# --- parser ------------------------------------------------------------------------------------

_DATASETS = {"items": "Items", "interactions": "Interactions"}


class _Parser:
    def __init__(self, text: str, schema: Schema | None) -> None:
        self.tokens = tokenize(text)
        self.at = 0
        self.schema = schema

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def fail(self, expected: str, token: Token | None = None) -> FilterError:
        token = token or self.token
        return FilterError(f"expected {expected}, got {token.shown()}", token.position)

    def is_word(self, *words: str) -> bool:
        return self.token.kind == "WORD" and self.token.text.upper() in words

    def expect_word(self, *words: str, expected: str | None = None) -> Token:
        if not self.is_word(*words):
            raise self.fail(expected or " or ".join(words))
        return self.advance()

    def is_punct(self, text: str) -> bool:
        return self.token.kind == "PUNCT" and self.token.text == text

    def expect_punct(self, text: str, expected: str | None = None) -> Token:
        if not self.is_punct(text):
            raise self.fail(expected or f'"{text}"')
        return self.advance()

    def parse(self) -> tuple[Expression, ...]:
        expressions = [self.expression()]
        while self.is_punct("|"):
            self.advance()
            expressions.append(self.expression())
        if self.token.kind != "END":
            expected = '"|" or end of expression'
            if expressions[-1].condition_if is None:
                expected = 'AND, OR, IF, "|" or end of expression'
            elif self.is_word("IF"):
                raise FilterError("an expression takes one IF, at its end", self.token.position)
            raise self.fail(expected)
        return tuple(expressions)

    def expression(self) -> Expression:
        start = self.expect_word("INCLUDE", "EXCLUDE")
        self.expect_word("ITEMID", expected="ItemID")
        self.expect_word("WHERE")
        self.dataset: str | None = None
        where = self.disjunction()
        condition_if = None
        if self.is_word("IF"):
            self.advance()
            condition_if = self.user_condition()
        assert self.dataset is not None
        return Expression(start.text.upper(), self.dataset, where, condition_if, start.position)  # type: ignore[arg-type]

    def disjunction(self) -> Node:
        parts = [self.conjunction()]
        while self.is_word("OR"):
            self.advance()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else BoolOp("OR", tuple(parts))

    def conjunction(self) -> Node:
        parts = [self.primary()]
        while self.is_word("AND"):
            self.advance()
            parts.append(self.primary())
        return parts[0] if len(parts) == 1 else BoolOp("AND", tuple(parts))

    def primary(self) -> Node:
        if self.is_punct("("):
            self.advance()
            node = self.disjunction()
            self.expect_punct(")", expected='AND, OR or ")"')
            return node
        return self.item_condition()

    def item_condition(self) -> Condition:
        start = self.token
        if not self.is_word("ITEMS", "INTERACTIONS"):
            if self.is_word("CURRENTUSER"):
                raise FilterError("CurrentUser is only allowed after IF, at the end of an expression", start.position)
            raise self.fail('Items.FIELD, Interactions.EVENT_TYPE or "("')
        dataset = _DATASETS[self.advance().text.lower()]
        if self.dataset is None:
            self.dataset = dataset
        elif dataset != self.dataset:
            raise FilterError(
                "Items and Interactions cannot be mixed in one expression; chain two expressions with |",
                start.position,
            )
        self.expect_punct(".", expected=f'"." after {dataset}')
        name = self.token
        if name.kind != "WORD":
            raise self.fail("a field name")
        self.advance()
        if dataset == "Interactions":
            if name.text.upper() != "EVENT_TYPE":
                raise FilterError(f"Interactions can only be filtered by EVENT_TYPE, not {name.text}", name.position)
            return self.membership("Interactions", "EVENT_TYPE", "categorical", start.position)
        field_name, kind = self.item_field(name)
        if kind == "numeric" and self.token.kind == "OP":
            return self.comparison("Items", field_name, kind, start.position)
        return self.membership("Items", field_name, kind, start.position)

    def item_field(self, name: Token) -> tuple[str, Kind]:
        if self.schema is None:
            return name.text.upper(), "categorical" if self.token.kind != "OP" else "numeric"
        resolved = self.schema.resolve(name.text)
        if resolved is None:
            raise FilterError(
                f"no item field {name.text}; the fields are {', '.join(self.schema.names)}", name.position
            )
        return resolved

    def membership(self, dataset: str, field_name: str, kind: Kind, position: int) -> Condition:
        if self.is_word("IN"):
            self.advance()
            operator = "IN"
        elif self.is_word("NOT"):
            self.advance()
            self.expect_word("IN", expected="IN after NOT")
            operator = "NOT IN"
        else:
            expected = "IN, NOT IN or a comparison (= < <= > >=)" if kind == "numeric" else "IN or NOT IN"
            raise self.fail(expected)
        if dataset == "Items" and self.is_word("CURRENTITEM"):
            # Personalize writes "IN CurrentItem.GENRE" without parentheses.
            return Condition(dataset, field_name, kind, operator, (self.current_item(kind),), position)  # type: ignore[arg-type]
        self.expect_punct("(", expected='"(" and a list of values')
        values = [self.value(dataset, kind)]
        while self.is_punct(","):
            self.advance()
            values.append(self.value(dataset, kind))
        self.expect_punct(")", expected='"," or ")"')
        return Condition(dataset, field_name, kind, operator, tuple(values), position)  # type: ignore[arg-type]

    def value(self, dataset: str, kind: Kind) -> Value:
        token = self.token
        if token.kind == "PARAM":
            self.advance()
            return Param(str(token.value), token.position)
        if dataset == "Items" and self.is_word("CURRENTITEM"):
            return self.current_item(kind)
        if kind == "numeric" and token.kind == "NUMBER":
            self.advance()
            return float(token.value)
        if kind == "categorical" and token.kind == "STRING":
            self.advance()
            return str(token.value)
        what = "a number" if kind == "numeric" else "a quoted value"
        raise self.fail(f"{what} or a $PARAMETER")

    def current_item(self, kind: Kind) -> CurrentItemField:
        start = self.advance()
        self.expect_punct(".", expected='"." after CurrentItem')
        name = self.token
        if name.kind != "WORD":
            raise self.fail("a field name")
        self.advance()
        field_name, field_kind = self.item_field(name)
        if field_kind != kind:
            raise FilterError(
                f"CurrentItem.{field_name} is {field_kind}, the field it is compared with is {kind}", name.position
            )
        return CurrentItemField(field_name, field_kind, start.position)

    def comparison(self, dataset: str, field_name: str, kind: Kind, position: int) -> Condition:
        operator = self.token
        if operator.text not in COMPARISONS:
            raise self.fail("IN, NOT IN or a comparison (= < <= > >=)")
        self.advance()
        token = self.token
        if token.kind == "NUMBER":
            self.advance()
            value: Value = float(token.value)
        elif token.kind == "PARAM":
            self.advance()
            value = Param(str(token.value), token.position)
        elif dataset == "Items" and self.is_word("CURRENTITEM"):
            value = self.current_item("numeric")
        else:
            raise self.fail("a number or a $PARAMETER" + (" or CurrentItem.FIELD" if dataset == "Items" else ""))
        return Condition(dataset, field_name, kind, operator.text, (value,), position)  # type: ignore[arg-type]

    def user_condition(self) -> Condition:
        start = self.expect_word("CURRENTUSER", expected="CurrentUser.FIELD after IF")
        self.expect_punct(".", expected='"." after CurrentUser')
        name = self.token
        if name.kind != "WORD":
            raise self.fail("a field name")
        self.advance()
        field_name = name.text.upper()
        known = self.schema.user_fields if self.schema is not None else ()
        if known and field_name not in known:
            raise FilterError(f"no user field {name.text}; the fields are {', '.join(known)}", name.position)
        if self.token.kind == "OP":
            operator = self.token
            if operator.text not in COMPARISONS:
                raise self.fail("IN, NOT IN or a comparison (= < <= > >=)")
            self.advance()
            token = self.token
            if token.kind == "PARAM":
                self.advance()
                value: Value = Param(str(token.value), token.position)
            elif token.kind == "NUMBER":
                self.advance()
                value = float(token.value)
            elif token.kind == "STRING" and operator.text == "=":
                self.advance()
                value = str(token.value)
            else:
                raise self.fail("a number, a quoted value (with =) or a $PARAMETER")
            kind: Kind = "categorical" if isinstance(value, str) else "numeric"
            if operator.text == "=" and isinstance(value, Param):
                kind = "categorical"  # "= $G" compares text, and numbers by their text
            return Condition("CurrentUser", field_name, kind, operator.text, (value,), start.position)
        condition = self.membership("CurrentUser", field_name, "categorical", start.position)
        return condition


def _params(expressions: tuple[Expression, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for expression in expressions:
        for condition in expression.conditions():
            for param in condition.params:
                seen.setdefault(param.name, None)
    return tuple(seen)


@functools.lru_cache(maxsize=512)
def parse(text: str, schema: Schema | None = None) -> ParsedFilter:
    """The syntax tree of ``text``; the same text and schema give the same (cached) tree.

    ``schema`` names the item fields (unknown ones are refused with the list); without one any
    field is accepted and typed by how it is used.
    """
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise FilterError(f"an expression is at most {MAX_EXPRESSION_LENGTH:,} characters, this is {len(text):,}")
    expressions = _Parser(text, schema).parse()
    return ParsedFilter(text, expressions, _params(expressions))

"""A shopper's events as serving reads them: one at a time (``HistoryEvent``) or many shoppers'
as flat arrays (``Histories``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from recommendations.models import EventType

# The newest events of a shopper that fold-in uses, like Personalize's latest-events window.
HISTORY_LIMIT = 500


class HistoryEvent(NamedTuple):
    """A tuple, not a dataclass: a batch reads hundreds of thousands."""

    product_id: int
    event_type: str
    timestamp: float
    in_session: bool = False  # recorded in the browser visit asking now


# Event types as small integers (their order in EventType), so a batch's events are arrays.
EVENT_TYPES: tuple[str, ...] = tuple(EventType.values)
EVENT_CODES: dict[str, int] = {name: code for code, name in enumerate(EVENT_TYPES)}


@dataclass(frozen=True)
class Histories:
    """Many shoppers' ``user_history`` as flat arrays: shopper k's events, newest first, are
    ``offsets[k]:offsets[k + 1]``. A batch reads and scores 100,000s of events without making
    an object per event; ``events(k)`` gives one shopper's list when something needs it."""

    offsets: np.ndarray  # int64, one more than the shoppers
    product_ids: np.ndarray  # int64
    codes: np.ndarray  # int8, into EVENT_TYPES
    timestamps: np.ndarray  # float64 epoch seconds, the floats ``datetime.timestamp()`` gives
    in_session: np.ndarray  # bool: recorded in the browser visit asking now

    def __len__(self) -> int:
        return int(self.offsets.size - 1)

    @cached_property
    def owners(self) -> np.ndarray:
        """Per event, its shopper's position."""
        return np.repeat(np.arange(len(self)), np.diff(self.offsets))

    def part(self, start: int, end: int) -> Histories:
        """Shoppers ``start:end`` (a chunk of a batch), sharing these arrays' memory."""
        first, last = int(self.offsets[start]), int(self.offsets[end])
        return Histories(
            self.offsets[start : end + 1] - first,
            self.product_ids[first:last],
            self.codes[first:last],
            self.timestamps[first:last],
            self.in_session[first:last],
        )

    def events(self, k: int) -> list[HistoryEvent]:
        start, end = int(self.offsets[k]), int(self.offsets[k + 1])
        fields = zip(
            self.product_ids[start:end].tolist(),
            [EVENT_TYPES[c] for c in self.codes[start:end].tolist()],
            self.timestamps[start:end].tolist(),
            self.in_session[start:end].tolist(),
            strict=True,
        )
        return list(map(HistoryEvent._make, fields))

    def interactions(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per event type, (shopper position, product id) of every shopper's events of that type,
        each shopper's together and newest first: what a filter of the shoppers' Interactions
        reads (``filter_masks``), without an object per event."""
        order = np.lexsort((self.owners, self.codes))  # stable: newest first within a shopper
        codes = self.codes[order]
        cuts = np.searchsorted(codes, np.arange(len(EVENT_TYPES) + 1))
        return {
            name: (
                self.owners[order[cuts[code] : cuts[code + 1]]],
                self.product_ids[order[cuts[code] : cuts[code + 1]]],
            )
            for code, name in enumerate(EVENT_TYPES)
            if cuts[code + 1] > cuts[code]
        }

    @classmethod
    def of(cls, histories: Sequence[list[HistoryEvent]]) -> Histories:
        """The arrays of lists of events (one request's history, or a caller's own lists)."""
        flat = [e for history in histories for e in history]
        return cls(
            np.concatenate([[0], np.cumsum([len(h) for h in histories], dtype=np.int64)]).astype(np.int64),
            np.fromiter((e.product_id for e in flat), dtype=np.int64, count=len(flat)),
            np.fromiter((EVENT_CODES.get(e.event_type, -1) for e in flat), dtype=np.int8, count=len(flat)),
            np.fromiter((e.timestamp for e in flat), dtype=np.float64, count=len(flat)),
            np.fromiter((e.in_session for e in flat), dtype=bool, count=len(flat)),
        )

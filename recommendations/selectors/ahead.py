"""Work on a batch's next chunk while the caller finishes this one, on a second thread."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from django.db import connection

T = TypeVar("T")
R = TypeVar("R")


def one_ahead(parts: Sequence[T], produce: Callable[[T], R]) -> Iterator[R]:
    """``produce(part)`` of each part, in order, the next one computed on a second thread while
    the caller consumes this one.

    What a batch overlaps: its database reads (done outside the GIL) and its large numpy
    operations (which release it), so a batch uses both cores of a two-core box. The thread reads
    on its own connection, closed when the batch ends. Inside a transaction everything stays on
    the caller's thread and connection, which alone sees what the transaction wrote.
    """
    if len(parts) < 2 or connection.in_atomic_block:
        for part in parts:
            yield produce(part)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-ahead") as worker:
        pending: deque[Future[R]] = deque([worker.submit(produce, parts[0])])
        try:
            for k in range(len(parts)):
                if k + 1 < len(parts):
                    pending.append(worker.submit(produce, parts[k + 1]))
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            worker.submit(_connection_close).result()


def _connection_close() -> None:
    connection.close()  # ``connection`` is per thread: looked up here, on the worker's own

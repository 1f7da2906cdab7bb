"""A batch's next chunk is produced on a second thread, except inside a transaction."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction

from recommendations.selectors.ahead import one_ahead


def _reading(part: int) -> tuple[int, str, int, object]:
    # What the part's thread sees of the database, and its own connection, to check it is closed after.
    return part * 10, threading.current_thread().name, get_user_model().objects.count(), connections["default"]


@pytest.mark.django_db(transaction=True)
def test_parts_come_in_order_the_next_read_on_its_own_thread_and_connection():
    get_user_model().objects.create_user(username="committed")
    answers = list(one_ahead([1, 2, 3, 4], _reading))
    assert [a[0] for a in answers] == [10, 20, 30, 40]
    assert {a[1] for a in answers} == {"batch-ahead_0"}
    assert all(a[2] == 1 for a in answers)
    worker = answers[0][3]
    assert worker is not connections["default"]  # the thread's own
    assert worker.connection is None  # closed on its thread when the batch ended


@pytest.mark.django_db
def test_inside_a_transaction_every_part_is_read_on_the_callers_connection():
    with transaction.atomic():
        get_user_model().objects.create_user(username="uncommitted")
        answers = list(one_ahead([1, 2, 3], _reading))
    assert {a[1] for a in answers} == {threading.current_thread().name}
    assert all(a[2] == 1 for a in answers)  # the transaction's own row, which another connection would miss


@pytest.mark.django_db(transaction=True)
def test_a_failing_part_stops_the_batch_with_its_error():
    def produce(part: int) -> int:
        if part == 2:
            raise ValueError("part 2 is broken")
        return part

    got = []
    with pytest.raises(ValueError, match="part 2 is broken"):
        for value in one_ahead([1, 2, 3], produce):
            got.append(value)
    assert got == [1]

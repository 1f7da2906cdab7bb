"""The background thread that runs tasks when there is no broker, and task_enqueue's choice of runner."""

from __future__ import annotations

import logging
import threading

import pytest
from django.db import connection, connections

from config.celery import app
from recommendations.services.queue import BackgroundTasks, background_tasks, task_enqueue

NOTES: list[tuple[str, str]] = []
GATE = threading.Event()
SEEN_CONNECTIONS: list = []


@app.task(name="tests.queue.note")
def note(label: str) -> None:
    NOTES.append((label, threading.current_thread().name))


@app.task(name="tests.queue.gate")
def gate() -> None:
    GATE.wait(timeout=30)  # bounded: a failing test must not hang the suite


@app.task(name="tests.queue.fail")
def fail() -> None:
    raise RuntimeError("this task always fails")


@app.task(name="tests.queue.use_database")
def use_database() -> None:
    connection.ensure_connection()
    SEEN_CONNECTIONS.append(connections["default"])


@pytest.fixture(autouse=True)
def _fresh():
    NOTES.clear()
    SEEN_CONNECTIONS.clear()
    GATE.clear()
    yield
    GATE.set()


@pytest.fixture
def tasks():
    tasks = BackgroundTasks()
    yield tasks
    GATE.set()
    assert tasks.wait(timeout=30)


def test_submit_returns_while_the_task_still_runs_and_wait_sees_it_end(tasks):
    future = tasks.submit("tests.queue.gate", ())
    assert not future.done()
    assert tasks.wait(timeout=0) is False
    GATE.set()
    assert tasks.wait(timeout=30) is True
    assert future.done()


def test_wait_with_nothing_submitted_returns_at_once():
    assert BackgroundTasks().wait(timeout=0) is True


def test_tasks_run_in_order_in_one_thread_that_is_not_the_callers(tasks):
    tasks.submit("tests.queue.gate", ())
    tasks.submit("tests.queue.note", ("first",))
    tasks.submit("tests.queue.note", ("second",))
    assert NOTES == []  # held behind the gate: nothing ran in the caller
    GATE.set()
    assert tasks.wait(timeout=30)
    assert [label for label, _ in NOTES] == ["first", "second"]
    threads = {thread for _, thread in NOTES}
    assert len(threads) == 1 and threads != {threading.current_thread().name}
    assert threads.pop().startswith("background-task")


def test_a_failing_task_is_logged_and_the_next_one_still_runs(tasks, caplog):
    with caplog.at_level(logging.ERROR, logger="recommendations.services.queue"):
        tasks.submit("tests.queue.fail", ())
        tasks.submit("tests.queue.note", ("after",))
        assert tasks.wait(timeout=30)
    assert [label for label, _ in NOTES] == ["after"]
    failure = next(r for r in caplog.records if r.name == "recommendations.services.queue")
    assert "tests.queue.fail" in failure.getMessage() and "always fails" in str(failure.exc_info[1])


@pytest.mark.django_db(transaction=True)
def test_the_thread_closes_the_database_connection_each_task_opened(tasks):
    tasks.submit("tests.queue.use_database", ())
    assert tasks.wait(timeout=30)
    [wrapper] = SEEN_CONNECTIONS
    assert wrapper is not connections["default"]  # the thread had a connection of its own
    assert wrapper.connection is None


@pytest.mark.django_db
def test_without_a_broker_a_queued_task_runs_in_the_background_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.RECOMMENDATIONS_TASKS_IN_THREAD = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        task_enqueue("tests.queue.note", "queued")
    assert len(callbacks) == 1  # sent on commit, not before: the thread must find the row it is given
    assert background_tasks.wait(timeout=30)
    [(label, thread)] = NOTES
    assert label == "queued" and thread != threading.current_thread().name


@pytest.mark.django_db
def test_the_test_settings_run_a_queued_task_in_the_caller(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task_enqueue("tests.queue.note", "eager")
    [(label, thread)] = NOTES
    assert label == "eager" and thread == threading.current_thread().name

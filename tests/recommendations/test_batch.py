"""Batch jobs in Personalize's JSON Lines format: one answer per line, in order, as single requests answer."""

from __future__ import annotations

import json
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from recommendations import selectors, services
from recommendations.defaults import ALSO_VIEWED, MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import BatchChunk, BatchJob, Filter, Interaction, Recommender, RunStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    """A small generated shop, trained; its shoppers with history, by username."""
    call_command("generate_data", products=300, users=240, interactions=12_000, seed=7, no_progress=True, verbosity=0)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error
    Filter.objects.create(name="batch-max-price", expression="INCLUDE ItemID WHERE Items.PRICE <= $MAX")
    users = get_user_model().objects.filter(interactions__isnull=False).distinct().order_by("pk")
    return list(users[:30])


def _job(lines: list[str | bytes], slug: str = RECOMMENDED_FOR_YOU, **options) -> BatchJob:
    body = b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    # The chunks are queued on commit; run them, and the join they queue, as a worker would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.batch_job_create(
            recommender=Recommender.objects.get(slug=slug), input_file=BytesIO(body), name="in.jsonl", **options
        )
    job.refresh_from_db()
    return job


def _output(job: BatchJob) -> list[dict]:
    with default_storage.open(job.output_file.name, "rb") as output:
        return [json.loads(line) for line in output.read().decode().splitlines()]


def assert_same_answers(got: list[dict], expected: list[dict]) -> None:
    """The same lines, errors and items in the same order; scores as equal as float32 allows
    (a batch solves its shoppers' fold-ins together, in stacks whose sizes round differently)."""
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert (a["input"], a["error"]) == (b["input"], b["error"])
        assert (a["output"] is None) == (b["output"] is None)
        if a["output"] is not None:
            assert a["output"]["recommendedItems"] == b["output"]["recommendedItems"], a["input"]
            assert a["output"]["scores"] == pytest.approx(b["output"]["scores"], rel=1e-5, abs=2e-6)


def _items(result) -> dict:
    return {"recommendedItems": [str(p) for p in result.product_ids], "scores": [round(s, 6) for s in result.scores]}


def test_every_line_is_answered_in_order_as_one_request_would_be_and_bad_lines_get_their_error(shop):
    a, b, c = shop[0], shop[1], shop[2]
    newcomer = UserFactory(username="no-history-yet")
    some = [
        str(p) for p in Interaction.objects.order_by("product_id").values_list("product_id", flat=True).distinct()[:6]
    ]
    lines = [
        json.dumps({"userId": a.username}),
        '{"userId": "nobody-by-that-name"}',
        '{"userId": ',
        '{"userId": 42}',
        json.dumps({"itemId": some[0]}),
        "",
        json.dumps({"userId": b.username, "itemList": some}),
        json.dumps({"userId": c.username, "filterValues": {"MAX": "40"}}),
        json.dumps({"userId": newcomer.username}),
        json.dumps({"userId": a.username, "colour": "red"}),
        "[1, 2]",
        json.dumps({"userId": b.username, "itemList": ["1", "x"]}),
        b'{"userId": "\xff"}',
        json.dumps({"userId": a.username}),
    ]
    job = _job(lines, num_results=10, item_filter=None)
    job.refresh_from_db()
    assert job.status == RunStatus.SUCCEEDED, job.error
    assert (job.lines_total, job.lines_done, job.chunks_done, job.chunks_total) == (14, 14, 1, 1)
    out = _output(job)
    assert len(out) == len(lines)
    now = job.as_of.timestamp()

    def personal(user, **kwargs):
        return _items(
            selectors.user_recommendations(
                recommender=RECOMMENDED_FOR_YOU, user=user, num_results=10, now=now, **kwargs
            )
        )

    assert_same_answers(out[:1], [{"input": {"userId": a.username}, "output": personal(a), "error": None}])
    assert len(out[0]["output"]["recommendedItems"]) == 10
    assert out[13] == out[0]  # a shopper asked for twice is answered twice, alike
    assert out[1] == {
        "input": {"userId": "nobody-by-that-name"},
        "output": None,
        "error": "line 2: unknown userId 'nobody-by-that-name'",
    }
    assert out[2]["input"] == '{"userId": ' and out[2]["error"].startswith("line 3: malformed JSON: ")
    assert out[3]["error"] == "line 4: userId must be a string, not a number"
    assert out[4]["error"].startswith(f"line 5: {RECOMMENDED_FOR_YOU} recommends for a shopper: send userId")
    assert out[5]["error"].startswith("line 6: empty line")
    ranked = selectors.ranked_items(
        recommender=RECOMMENDED_FOR_YOU, user=b, product_ids=[int(p) for p in some], now=now
    )
    assert_same_answers(out[6:7], [{"input": out[6]["input"], "output": _items(ranked), "error": None}])
    assert sorted(out[6]["output"]["recommendedItems"]) == sorted(some)
    # Without the job's filter, a line's filterValues have nothing to fill (as in Personalize).
    assert_same_answers(out[7:8], [{"input": out[7]["input"], "output": personal(c), "error": None}])
    # No history: the single request's answer, most viewed (less nothing: the newcomer bought nothing).
    fallback, used = selectors.recommendations_get(
        recommender=Recommender.objects.get(slug=RECOMMENDED_FOR_YOU), user=newcomer, num_results=10
    )
    assert used == MOST_VIEWED and out[8]["output"] == _items(fallback) and fallback.product_ids
    assert out[9]["error"] == "line 10: unknown field 'colour': a line has userId, itemId, itemList, filterValues"
    assert out[10]["error"] == 'line 11: expected a JSON object such as {"userId": "…"}, not an array'
    assert out[11]["error"] == 'line 12: itemList[1] must be a string of up to 18 digits, not "x"'
    assert out[12]["error"].startswith("line 13: not UTF-8 text")
    assert job.errors == sum(line["error"] is not None for line in out) == 9


def test_chunks_split_the_lines_and_join_in_input_order(shop):
    lines = [json.dumps({"userId": user.username}) for user in shop[:23]] + ['{"userId": "ghost"}']
    whole = _job(lines, num_results=5)
    split = _job(lines, num_results=5, chunk_size=5, as_of=whole.as_of)
    split.refresh_from_db()
    assert split.status == RunStatus.SUCCEEDED
    assert split.chunks_total == split.chunks_done == 5
    chunks = list(BatchChunk.objects.filter(job=split).order_by("index"))
    assert [(c.first_line, c.n_lines) for c in chunks] == [(1, 5), (6, 5), (11, 5), (16, 5), (21, 4)]
    assert [c.errors for c in chunks] == [0, 0, 0, 0, 1] and all(c.worker for c in chunks)
    assert_same_answers(_output(split), _output(whole))
    assert [line["input"]["userId"] for line in _output(split)] == [json.loads(line)["userId"] for line in lines]
    assert _output(split)[-1]["error"] == "line 24: unknown userId 'ghost'"
    # The parts were joined and removed: only the output file stays.
    assert not default_storage.exists(chunks[0].part_name)


def test_the_jobs_filter_takes_each_lines_filter_values(shop):
    a, b = shop[3], shop[4]
    lines = [
        json.dumps({"userId": a.username, "filterValues": {"MAX": "40"}}),
        json.dumps({"userId": b.username, "filterValues": {"MAX": "25"}}),
        json.dumps({"userId": a.username, "filterValues": {"MAX": "25"}}),
        json.dumps({"userId": b.username}),
    ]
    job = _job(lines, num_results=6, item_filter=Filter.objects.get(name="batch-max-price"))
    out = _output(job)
    for line, (user, top) in zip(out, [(a, "40"), (b, "25"), (a, "25")], strict=False):
        expected = selectors.user_recommendations(
            recommender=RECOMMENDED_FOR_YOU,
            user=user,
            num_results=6,
            now=job.as_of.timestamp(),
            item_filter="batch-max-price",
            filter_values={"MAX": top},
        )
        assert_same_answers([line], [{"input": line["input"], "output": _items(expected), "error": None}])
        assert expected.product_ids
    assert out[3]["output"] is None and "MAX" in out[3]["error"] and out[3]["error"].startswith("line 4: ")


def test_related_items_lines_and_their_errors(shop):
    product_ids = list(Interaction.objects.order_by("product_id").values_list("product_id", flat=True).distinct()[:3])
    lines = [json.dumps({"itemId": str(pid)}) for pid in product_ids]
    lines += ['{"itemId": "999999999"}', json.dumps({"userId": shop[0].username}), '{"itemId": 5}']
    job = _job(lines, slug=ALSO_VIEWED, num_results=8)
    out = _output(job)
    recommender = Recommender.objects.get(slug=ALSO_VIEWED)
    for pid, line in zip(product_ids, out, strict=False):
        expected, _ = selectors.recommendations_get(recommender=recommender, product_id=pid, num_results=8)
        assert line["output"] == _items(expected)
    assert any(line["output"]["recommendedItems"] for line in out[:3])
    assert out[3]["error"] == "line 4: unknown itemId 999999999"
    assert out[4]["error"] == f"line 5: {ALSO_VIEWED} recommends items related to an item: send itemId"
    assert out[5]["error"] == "line 6: itemId must be a string of digits, not a number"


def test_an_oversized_file_is_refused_before_anything_is_stored(shop, settings):
    settings.RECOMMENDATIONS_BATCH_MAX_LINES = 3
    lines = [json.dumps({"userId": user.username}) for user in shop[:4]]
    with pytest.raises(services.BatchInputRefused, match="more than 3 lines"):
        _job(lines)
    # The last line without its newline counts too.
    body = ("\n".join(lines)).encode()
    with pytest.raises(services.BatchInputRefused, match="more than 3 lines"):
        services.batch_job_create(
            recommender=Recommender.objects.get(slug=RECOMMENDED_FOR_YOU), input_file=BytesIO(body)
        )
    assert not BatchJob.objects.exists()
    assert _output(_job(lines[:3]))[2]["input"] == {"userId": shop[2].username}


def test_a_file_the_workers_cannot_read_fails_the_job_with_the_reason(shop, django_capture_on_commit_callbacks):
    body = BytesIO(json.dumps({"userId": shop[0].username}).encode() + b"\n")
    with django_capture_on_commit_callbacks() as callbacks:
        job = services.batch_job_create(recommender=Recommender.objects.get(slug=RECOMMENDED_FOR_YOU), input_file=body)
    default_storage.delete(job.input_file.name)
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == RunStatus.FAILED
    assert job.error.startswith(f"cannot read the input file {job.input_file.name}: ")
    assert "failed: cannot read the input file" in job.summary


# Committed for real: the command follows the job from the database while its tasks run on commit.
@pytest.mark.django_db(transaction=True)
def test_batch_recommend_command_writes_the_output_and_refuses_what_it_cannot_run(shop, tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"userId": user.username, "filterValues": {"MAX": "50"}}) for user in shop[:7]]
    source.write_text("\n".join([*lines, json.dumps({"userId": shop[0].username}), "{bad"]) + "\n")
    target = tmp_path / "out.jsonl"
    stdout = StringIO()
    call_command(
        "batch_recommend",
        recommender=RECOMMENDED_FOR_YOU,
        input=str(source),
        output=str(target),
        num_results=4,
        filter="batch-max-price",
        chunk_size=3,
        no_progress=True,
        stdout=stdout,
    )
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(out) == 9 and all(len(line["output"]["recommendedItems"]) == 4 for line in out[:7])
    assert "9 lines, 2 with an error" in stdout.getvalue() and f"written to {target}" in stdout.getvalue()
    # The stored filter's parameter missing from a line: that line says so, the job goes on.
    assert out[7]["output"] is None and out[7]["error"].startswith("line 8: ") and "MAX" in out[7]["error"]
    assert out[8]["error"].startswith("line 9: malformed JSON")

    with pytest.raises(CommandError, match="unknown recommender 'nope'"):
        call_command("batch_recommend", recommender="nope", input=str(source), output=str(target))
    with pytest.raises(CommandError, match="unknown filter 'nope'"):
        call_command(
            "batch_recommend", recommender=RECOMMENDED_FOR_YOU, input=str(source), output=str(target), filter="nope"
        )
    with pytest.raises(CommandError, match="cannot read"):
        call_command(
            "batch_recommend", recommender=RECOMMENDED_FOR_YOU, input=str(tmp_path / "missing"), output=str(target)
        )

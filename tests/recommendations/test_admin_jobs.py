"""The admin's batch jobs (upload, progress, download) and data deletion (an action on users, the log)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from recommendations import services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import BatchJob, DataDeletionJob, Interaction, Recommender, RunStatus
from tests.factories import UserFactory, taste_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    return [user for users in world["users"].values() for user in users]


def _upload(lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("shoppers.jsonl", ("\n".join(lines) + "\n").encode(), content_type="application/jsonl")


def test_staff_upload_a_batch_job_follow_its_progress_and_download_the_output(staff_client, trained):
    assert staff_client.get(reverse("admin:recommendations_batchjob_add")).status_code == 200
    lines = [json.dumps({"userId": user.username}) for user in trained[:5]] + ["not json"]
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(
            reverse("admin:recommendations_batchjob_add"),
            {"recommender": recommender.pk, "num_results": 4, "filter": "", "input_file": _upload(lines)},
        )
    assert response.status_code == 302
    job = BatchJob.objects.get()
    assert (job.status, job.lines_total, job.errors, job.created_by) == (RunStatus.SUCCEEDED, 6, 1, "staff")

    listing = staff_client.get(reverse("admin:recommendations_batchjob_changelist")).content.decode()
    assert '<progress value="100" max="100"' in listing and "1 of 1 chunks" in listing
    download = reverse("admin:recommendations_batchjob_download", args=[job.pk])
    assert download in listing
    detail = staff_client.get(reverse("admin:recommendations_batchjob_change", args=[job.pk])).content.decode()
    assert "Download output" in detail and "in-process@" in detail  # the chunk and the worker that scored it

    answer = staff_client.get(download)
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    out = [json.loads(line) for line in b"".join(answer.streaming_content).decode().splitlines()]
    assert [line["input"] for line in out[:5]] == [json.loads(line) for line in lines[:5]]
    assert all(len(line["output"]["recommendedItems"]) == 4 for line in out[:5])
    assert out[5]["error"].startswith("line 6: malformed JSON")


def test_an_oversized_upload_is_refused_on_the_form(staff_client, trained, settings):
    settings.RECOMMENDATIONS_BATCH_MAX_LINES = 2
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    lines = [json.dumps({"userId": user.username}) for user in trained[:3]]
    response = staff_client.post(
        reverse("admin:recommendations_batchjob_add"),
        {"recommender": recommender.pk, "num_results": 4, "filter": "", "input_file": _upload(lines)},
    )
    assert response.status_code == 200
    assert "more than 2 lines" in response.content.decode() and not BatchJob.objects.exists()
    # A job without output yet has nothing to download.
    assert staff_client.get(reverse("admin:recommendations_batchjob_download", args=[99])).status_code == 404


def test_staff_delete_shoppers_from_the_user_list_and_the_log_says_who_whom_and_what(staff_client, trained):
    leaving = trained[0]
    n_events = Interaction.objects.filter(user=leaving).count()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "delete_shopper_data", "_selected_action": [leaving.pk]},
            follow=True,
        )
    assert response.status_code == 200
    job = DataDeletionJob.objects.get()
    assert "Data deletion #" in response.content.decode()
    assert (job.status, job.requested_by, job.deleted) == (RunStatus.SUCCEEDED, "staff", [leaving.username])
    assert job.counts["interactions"] == n_events > 0
    assert not get_user_model().objects.filter(pk=leaving.pk).exists()
    log = staff_client.get(reverse("admin:recommendations_datadeletionjob_changelist")).content.decode()
    assert leaving.username in log and f"{n_events} interactions" in log

    boss = UserFactory(username="boss", is_staff=True)
    refused = staff_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_shopper_data", "_selected_action": [boss.pk]},
        follow=True,
    )
    assert "Nobody was deleted" in refused.content.decode() and DataDeletionJob.objects.count() == 1

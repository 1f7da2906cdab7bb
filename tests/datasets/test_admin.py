"""Staff import from the admin (a job with its report) and download each dataset."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from datasets.models import ImportJob
from recommendations.models import DatasetSchema, Interaction
from tests.factories import InteractionFactory, ProductFactory

pytestmark = pytest.mark.django_db

T0 = 1_700_000_000


def test_an_upload_starts_a_job_that_runs_and_reports(staff_client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("events.csv", f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,4,{T0},view\n".encode())
    body = {"dataset": "interactions", "mode": "full", "file": upload}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:datasets_importjob_add"), body)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED and job.triggered_by == "admin: staff"
    assert Interaction.objects.filter(user__username="ann", product_id=4).exists()
    page = staff_client.get(reverse("admin:datasets_importjob_change", args=[job.pk]))
    assert (
        page.status_code == 200
        and b"100% (1 of 1 rows)" in page.content
        and b"<progress" in page.content
        and b"no row refused" in page.content
    )


def test_a_refused_file_shows_its_report_lines(staff_client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("e.csv", f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,4,{T0},click\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:datasets_importjob_add"), {"dataset": "interactions", "mode": "full", "file": upload}
        )
    job = ImportJob.objects.get()
    page = staff_client.get(reverse("admin:datasets_importjob_change", args=[job.pk])).content.decode()
    assert "line 2: EVENT_TYPE &#x27;click&#x27; is not one of" in page
    assert "nothing was imported" in page


def test_the_changelist_links_each_export_and_the_download_is_the_csv(staff_client):
    event = InteractionFactory(product=ProductFactory())
    changelist = staff_client.get(reverse("admin:datasets_importjob_changelist")).content.decode()
    url = reverse("admin:datasets_importjob_export", args=["interactions"])
    assert url in changelist
    response = staff_client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE"
    assert lines[1] == f"{event.user.username},{event.product_id},{int(event.timestamp.timestamp())},View,"


def test_the_schema_admin_starts_from_the_default_and_refuses_naming_the_field(staff_client):
    add = reverse("admin:recommendations_datasetschema_add")
    form = staff_client.get(add + "?dataset=users").content.decode()
    assert "DISCOUNT_ATTITUDE" in form
    bad = '{"type": "record", "name": "Users", "namespace": "com.amazonaws.personalize.schema", "fields": ['
    bad += '{"name": "USER_ID", "type": "string"}, {"name": "AGE", "type": "integer"}]}'
    response = staff_client.post(add, {"dataset": "users", "schema": bad})
    assert (
        response.status_code == 200 and "field AGE: type &#x27;integer&#x27; is not one of" in response.content.decode()
    )
    assert not DatasetSchema.objects.exists()

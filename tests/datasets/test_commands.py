"""import_dataset: a job run here with a progress bar, its report printed, a failure an error."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from datasets.models import ImportJob
from recommendations.models import Interaction

pytestmark = pytest.mark.django_db

T0 = 1_700_000_000


def test_import_dataset_imports_and_says_what_it_did(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,4,{T0},view\nbob,5,{T0},purchase\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dataset", "--dataset", "interactions", "--mode", "full", str(path), stdout=out, stderr=err)
    assert "2 of 2 rows imported" in out.getvalue() and "created 2 products, 2 shoppers" in out.getvalue()
    assert "writing" in err.getvalue()  # the progress bar
    assert Interaction.objects.count() == 2
    assert ImportJob.objects.get().source == str(path)


def test_a_refused_file_prints_its_report_and_fails(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,4,{T0},view\nbob,x,{T0},view\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 row refused"):
        call_command("import_dataset", "--dataset", "interactions", "--no-progress", str(path), stdout=out)
    assert "line 3: ITEM_ID 'x' is not a product id" in out.getvalue()
    assert Interaction.objects.count() == 0

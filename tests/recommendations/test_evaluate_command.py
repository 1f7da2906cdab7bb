import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from recommendations.engine.metrics import metric_names


def personalize_csv(path, n_users: int = 60) -> None:
    """Book readers and gadget buyers, lower-case header to check it is accepted."""
    rng = np.random.default_rng(0)
    lines = ["user_id,item_id,timestamp,event_type"]
    for user in range(n_users):
        base = 0 if user % 2 else 20
        for step, item in enumerate(rng.choice(20, size=10, replace=False) + base):
            lines.append(f"user-{user},sku-{item},{1700000000 + step * 60},View")
    path.write_text("\n".join(lines) + "\n")


def movielens_csv(path, n_users: int = 40) -> None:
    rng = np.random.default_rng(1)
    lines = ["userId,movieId,rating,timestamp"]
    for user in range(1, n_users + 1):
        for step, movie in enumerate(rng.choice(50, size=12, replace=False)):
            lines.append(f"{user},{movie * 10 + 1},{rng.integers(1, 6)}.0,{964980000 + step}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_json_for_personalize_file(tmp_path):
    path = tmp_path / "interactions.csv"
    personalize_csv(path)
    result = json.loads(run("--interactions", str(path), "--folds", "2", "--json"))
    assert set(result) == {"als", "sequential", "baseline"}
    for metrics in result.values():
        assert list(metrics) == metric_names(25)
        assert all(0.0 <= value <= 1.0 for value in metrics.values())
    ndcg = "normalized_discounted_cumulative_gain_at_10"
    assert result["als"][ndcg] > result["baseline"][ndcg]


def test_table_for_movielens_file(tmp_path):
    path = tmp_path / "ratings.csv"
    movielens_csv(path)
    output = run("--interactions", str(path), "--format", "movielens", "--folds", "3", "--seed", "7")
    assert "480 interactions, 40 users" in output
    for metric in metric_names(25):
        assert metric in output
    header = next(line for line in output.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "als", "sequential", "baseline"]
    assert "±" in output  # several folds: mean ± std


def test_malformed_file_is_a_command_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("USER_ID,ITEM_ID,TIMESTAMP\nu1,a,1\nu1,b,soon\n")
    with pytest.raises(CommandError, match="line 3: TIMESTAMP 'soon' is not an integer"):
        run("--interactions", str(path))


def test_missing_file_and_bad_folds(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("--interactions", str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="folds"):
        run("--interactions", str(tmp_path / "nope.csv"), "--folds", "0")


def test_a_directory_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        run("--interactions", str(tmp_path))

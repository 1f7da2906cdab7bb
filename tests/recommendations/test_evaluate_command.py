import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from recommendations.engine.metrics import metric_names, rank_metric_names, top_k_metric_names


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
    assert set(result) == {"als", "sequential", "baseline", "n_test_users"}
    assert 0 < result.pop("n_test_users") < 30  # about a tenth of 60 users (grouped by id) in each of 2 folds
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


def test_stratified_json_for_chosen_recipes(tmp_path):
    path = tmp_path / "interactions.csv"
    personalize_csv(path)
    result = json.loads(
        run("--interactions", str(path), "--protocol", "stratified", "--recipes", "als, ease", "--json")
    )
    assert list(result) == ["als", "ease", "baseline", "n_test_users"]
    assert result["n_test_users"] == 60  # every user has 10 items: all are tested
    for name in ("als", "ease", "baseline"):
        assert list(result[name]) == top_k_metric_names(10)
    ndcg = "normalized_discounted_cumulative_gain_at_10"
    assert result["ease"][ndcg] > result["baseline"][ndcg]


def test_leave_last_out_table_with_k(tmp_path):
    path = tmp_path / "ratings.csv"
    movielens_csv(path)
    output = run(
        "--interactions", str(path), "--format", "movielens", "--protocol", "leave-last-out", "--k", "5",
        "--recipes", "rp3beta",
    )  # fmt: skip
    assert "leave-last-out split; 40 test users" in output
    header = next(line for line in output.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "rp3beta", "baseline"]
    for metric in rank_metric_names(5):
        assert metric in output
    assert "fit seconds" in output
    assert "precision_at_5" not in output


def test_stratified_test_ratio_changes_the_split(tmp_path):
    path = tmp_path / "interactions.csv"
    personalize_csv(path)
    args = ("--interactions", str(path), "--protocol", "stratified", "--recipes", "als", "--json")
    quarter = json.loads(run(*args))
    half = json.loads(run(*args, "--test-ratio", "0.5"))
    # half of each user's items held out: more relevant items for the same 10 slots
    assert half["baseline"]["precision_at_10"] > quarter["baseline"]["precision_at_10"]
    with pytest.raises(CommandError, match="--test-ratio must be between 0 and 1"):
        run(*args, "--test-ratio", "1")


def test_unknown_and_non_personal_recipes_are_command_errors(tmp_path):
    path = tmp_path / "interactions.csv"
    personalize_csv(path)
    with pytest.raises(CommandError, match=r"unknown recipe 'nope'; one of: .*als.*sequential"):
        run("--interactions", str(path), "--recipes", "als,nope")
    with pytest.raises(CommandError, match=r"item-item does not rank items for a shopper.*personal recipes: als"):
        run("--interactions", str(path), "--recipes", "item-item")


def test_leave_last_out_has_one_fold(tmp_path):
    path = tmp_path / "interactions.csv"
    personalize_csv(path)
    with pytest.raises(CommandError, match="one fold"):
        run("--interactions", str(path), "--protocol", "leave-last-out", "--folds", "2")
    with pytest.raises(CommandError, match="--k must be at least 1"):
        run("--interactions", str(path), "--k", "0")


def test_tune_searches_on_the_training_part_then_evaluates(tmp_path, capsys):
    path = tmp_path / "interactions.csv"
    personalize_csv(path)
    args = ("--interactions", str(path), "--protocol", "stratified", "--recipes", "rp3beta", "--tune", "--trials", "2")
    output = run(*args)
    assert "rp3beta: tuned by normalized_discounted_cumulative_gain_at_10 on validation, defaults" in output
    assert "metric" in output and "baseline" in output
    result = json.loads(run(*args, "--json"))  # the tuning lines go to stderr: stdout stays one JSON object
    assert set(result) == {"rp3beta", "baseline", "n_test_users"}
    assert "rp3beta: tuned" in capsys.readouterr().err
    with pytest.raises(CommandError, match="--folds 1"):
        run(*args, "--folds", "2")

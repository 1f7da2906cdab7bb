import numpy as np
import pytest

from recommendations.engine.loading import InteractionsFileError, load_interactions


def write(tmp_path, text: str, name: str = "events.csv", newline: str = "\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode())
    return path


def test_personalize_any_case_and_order_with_optional_columns(tmp_path):
    path = write(
        tmp_path,
        "timestamp,Item_Id,user_id,EVENT_TYPE,event_value\n100,a,u1,View,1\n200,b,u1,Purchase,5.5\n150,a,u2,View,\n",
    )
    loaded = load_interactions(path)
    # EVENT_VALUE is optional per event: an empty cell is NaN, a word is an error
    np.testing.assert_array_equal(loaded.event_values, [1.0, 5.5, np.nan])
    with pytest.raises(InteractionsFileError, match="line 3: EVENT_VALUE 'lots' is not a number"):
        load_interactions(write(tmp_path, "USER_ID,ITEM_ID,TIMESTAMP,EVENT_VALUE\nu,a,1,2\nu,b,2,lots\n", "bad.csv"))
    data = loaded.interactions
    assert (data.n_users, data.n_items, len(data)) == (2, 2, 3)
    assert loaded.user_ids[data.user_idx].tolist() == ["u1", "u1", "u2"]
    assert loaded.item_ids[data.item_idx].tolist() == ["a", "b", "a"]
    assert data.timestamps.tolist() == [100, 200, 150]
    assert loaded.event_types.tolist() == ["View", "Purchase", "View"]

    weighted = load_interactions(path, event_weights={"Purchase": 5})
    assert weighted.interactions.weights.tolist() == [5.0]


def test_movielens_with_crlf(tmp_path):
    path = write(
        tmp_path,
        "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n7,31,4,851868750\n",
        newline="\r\n",
    )
    loaded = load_interactions(path, "movielens")
    data = loaded.interactions
    assert loaded.user_ids.tolist() == ["1", "7"]
    assert loaded.item_ids.tolist() == ["31", "1029"]
    np.testing.assert_array_equal(data.weights, [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(loaded.event_values, [2.5, 3.0, 4.0])


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("USER_ID,ITEM_ID\nu,a\n", "personalize", "line 1: missing column TIMESTAMP"),
        ("userId,movieId,timestamp\n1,2,3\n", "movielens", "line 1: missing column rating"),
        (
            "USER_ID,ITEM_ID,TIMESTAMP\n" + "u,a,1\n" * 15 + "u,b,12.5\n",
            "personalize",
            "line 17: TIMESTAMP '12.5' is not an integer",
        ),
        ("USER_ID,ITEM_ID,TIMESTAMP\nu,a,1\nu,b,yesterday\n", "personalize", "line 3: TIMESTAMP 'yesterday'"),
        ("USER_ID,ITEM_ID,TIMESTAMP\nu,a,1\nu,,2\n", "personalize", "line 3: missing ITEM_ID"),
        ("USER_ID,ITEM_ID,TIMESTAMP\nu,a,1\nu,b\n", "personalize", "line 3: missing TIMESTAMP"),
        ("USER_ID,ITEM_ID,TIMESTAMP\nu,a,1\nu,b,2,9\n", "personalize", "line 3: expected 3 fields, found 4"),
        ("USER_ID,ITEM_ID,TIMESTAMP\nu,a,1,9\n", "personalize", "line 2: expected 3 fields, found 4"),
        ("userId,movieId,rating,timestamp\n1,2,good,3\n", "movielens", "line 2: rating 'good' is not a number"),
        ("USER_ID,ITEM_ID,TIMESTAMP\n", "personalize", "no interactions"),
        ("", "personalize", "empty"),
    ],
)
def test_malformed_files_name_line_and_problem(tmp_path, text, fmt, message):
    with pytest.raises(InteractionsFileError, match=message):
        load_interactions(write(tmp_path, text), fmt)


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(InteractionsFileError, match="no such file"):
        load_interactions(tmp_path / "absent.csv")
    with pytest.raises(InteractionsFileError, match="unknown format"):
        load_interactions(write(tmp_path, "a\n1\n"), "parquet")


def test_event_weights_need_event_types(tmp_path):
    with pytest.raises(InteractionsFileError, match="EVENT_TYPE"):
        load_interactions(write(tmp_path, "USER_ID,ITEM_ID,TIMESTAMP\nu,a,1\n"), event_weights={"View": 1})

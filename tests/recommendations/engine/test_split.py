import numpy as np
import pytest

from recommendations.engine.split import (
    Interactions,
    drop_newest,
    fold_of,
    holdout_sizes,
    iter_folds,
    make_fold,
    user_folds,
)


@pytest.fixture
def data() -> Interactions:
    """40 users with 2..41 events each, timestamps shuffled so file order is not time order."""
    rng = np.random.default_rng(0)
    users, items, times = [], [], []
    for user in range(40):
        n = user + 2
        users += [user] * n
        items += list(rng.choice(60, size=n, replace=False))
        times += list(rng.permutation(n) * 100 + user)
    order = rng.permutation(len(users))
    arrays = [np.array(a)[order] for a in (users, items, times)]
    return Interactions.of(arrays[0], arrays[1], np.ones(len(users)), arrays[2], 41, 60)


def test_holdout_is_newest_tenth_at_least_one():
    assert holdout_sizes(np.array([0, 1, 2, 9, 10, 19, 20, 165])).tolist() == [0, 1, 1, 1, 1, 1, 2, 16]


def test_ten_folds_test_every_eligible_user_exactly_once(data):
    groups = user_folds(data, folds=10, seed=3)
    tested = np.concatenate(groups)
    # user 40 has no events: never tested
    assert sorted(tested.tolist()) == list(range(40))
    assert len(groups) == 10
    assert {len(g) for g in groups} == {4}


def test_single_fold_is_ten_percent_and_seeded(data):
    assert user_folds(data, 1, seed=1)[0].size == 4
    assert np.array_equal(user_folds(data, 1, seed=1)[0], user_folds(data, 1, seed=1)[0])
    assert not np.array_equal(user_folds(data, 1, seed=1)[0], user_folds(data, 1, seed=2)[0])


def test_no_test_user_future_leaks_into_training(data):
    for fold in iter_folds(data, folds=10, seed=5):
        for row, user in enumerate(fold.test_users):
            mine = data.user_idx == user
            times = np.sort(data.timestamps[mine])
            n_holdout = max(1, int(mine.sum() * 0.1))
            cutoff = times[-n_holdout]
            train_times = fold.train.timestamps[fold.train.user_idx == user]
            assert train_times.size == mine.sum() - n_holdout
            assert train_times.max() < cutoff
            # the input handed to the model is exactly the user's training part
            input_times = fold.test_input.timestamps[fold.test_input.user_idx == row]
            assert np.array_equal(np.sort(input_times), np.sort(train_times))
            newest_items = set(data.item_idx[mine & (data.timestamps >= cutoff)].tolist())
            assert set(fold.relevant[row].indices.tolist()) == newest_items
        # every event of the other users is kept
        others = ~np.isin(data.user_idx, fold.test_users)
        assert (~np.isin(fold.train.user_idx, fold.test_users)).sum() == others.sum()


def test_input_sequences_are_time_ordered(data):
    fold = next(iter_folds(data, 1, seed=0))
    for row, sequence in enumerate(fold.input_sequences()):
        mine = fold.test_input.user_idx == row
        order = np.argsort(fold.test_input.timestamps[mine], kind="stable")
        assert sequence.tolist() == fold.test_input.item_idx[mine][order].tolist()


def test_items_already_in_input_are_not_relevant():
    # user 0 sees item 1 twice: once in the input, once in the newest tenth
    data = Interactions.of([0, 0, 0, 1, 1], [1, 2, 1, 0, 2], None, [1, 2, 3, 1, 2], 2, 3)
    fold = make_fold(data, np.array([0]))
    assert fold.relevant.nnz == 0


def test_drop_newest_removes_each_users_holdout(data):
    kept = drop_newest(data)
    counts = np.bincount(data.user_idx, minlength=41)
    assert len(kept) == len(data) - holdout_sizes(counts).sum()


def test_folds_by_user_id_stay_put_when_users_are_added():
    rng = np.random.default_rng(3)
    users = np.repeat(np.arange(300), 4)
    data = Interactions.of(users, rng.integers(0, 50, users.size), None, np.arange(users.size), 300, 50)
    keys = [f"u{i}" for i in range(300)]
    before = user_folds(data, folds=3, user_keys=keys)
    # New users come first in the index, shifting every old user's index by five.
    grown = Interactions.of(
        np.concatenate([np.repeat(np.arange(5), 4), users + 5]),
        np.concatenate([rng.integers(0, 50, 20), data.item_idx]),
        None,
        np.arange(users.size + 20),
        305,
        50,
    )
    after = user_folds(grown, folds=3, user_keys=[f"new{i}" for i in range(5)] + keys)
    for old, new in zip(before, after, strict=True):
        assert set(old.tolist()) == {i - 5 for i in new.tolist() if i >= 5}
    sizes = [len(group) for group in before]
    assert all(15 <= size <= 45 for size in sizes), sizes  # about a tenth of 300 each
    assert not set(before[0].tolist()) & set(before[1].tolist())


def test_a_capped_fold_is_a_stable_sample_of_its_group():
    rng = np.random.default_rng(4)
    users = np.repeat(np.arange(2000), 3)
    data = Interactions.of(users, rng.integers(0, 50, users.size), None, np.arange(users.size), 2000, 50)
    keys = [f"u{i}" for i in range(2000)]
    full = user_folds(data, folds=2, user_keys=keys)
    capped = user_folds(data, folds=2, user_keys=keys, max_users=50)
    for group, sample in zip(full, capped, strict=True):
        assert sample.size == 50 and set(sample.tolist()) <= set(group.tolist())
    # With more shoppers, a sampled one stays sampled unless a newcomer hashes lower: most stay.
    grown = Interactions.of(
        np.concatenate([users, np.repeat(np.arange(2000, 2100), 3)]),
        rng.integers(0, 50, users.size + 300),
        None,
        np.arange(users.size + 300),
        2100,
        50,
    )
    again = user_folds(grown, folds=2, user_keys=keys + [f"n{i}" for i in range(100)], max_users=50)
    assert len(set(again[0].tolist()) & set(capped[0].tolist())) >= 40
    # Below the cap nothing changes; without keys the cap is a seeded sample.
    assert [g.tolist() for g in user_folds(data, folds=2, user_keys=keys, max_users=10_000)] == [
        g.tolist() for g in full
    ]
    assert user_folds(data, folds=1, max_users=30)[0].size == 30


def test_user_keys_must_name_every_user():
    data = Interactions.of([0, 0, 1, 1], [0, 1, 0, 1], None, None, 2, 2)
    with pytest.raises(ValueError, match="1 ids for 2 users"):
        user_folds(data, user_keys=["u1"])


def test_fold_of_holds_out_only_test_users_events():
    data = Interactions.of([0, 0, 1, 1], [0, 1, 0, 2], None, [1, 2, 1, 2], 2, 3)
    fold = fold_of(data, np.array([1]), np.array([False, False, False, True]))
    assert fold.relevant.toarray().tolist() == [[0, 0, 1]]
    assert len(fold.train) == 3 and fold.test_input.item_idx.tolist() == [0]
    with pytest.raises(ValueError, match="only test users"):
        fold_of(data, np.array([1]), np.array([True, False, False, False]))

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine.metrics import (
    average_precision_at_k,
    evaluate_rankings,
    evaluate_ranks,
    evaluate_top_k,
    hits_matrix,
    metric_names,
    ndcg_at_k,
    rank_metric_names,
    top_k_metric_names,
)


def relevant_matrix(sets: list[set[int]], n_items: int) -> sp.csr_matrix:
    rows = [r for r, items in enumerate(sets) for _ in items]
    cols = [i for items in sets for i in sorted(items)]
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), n_items))


def padded(lists: list[list[int]], k: int = 25) -> np.ndarray:
    return np.array([items + [-1] * (k - len(items)) for items in lists])


@pytest.fixture
def report() -> dict[str, float]:
    recommended = padded([[3, 1, 7, 4, 5], [0, 2], [6, 8]])
    # user 0: hits at ranks 2 and 3 out of 3 relevant; user 1: hit at rank 1; user 2: no hit
    relevant = relevant_matrix([{1, 7, 9}, {0}, {9}], n_items=20)
    return evaluate_rankings(recommended, relevant, n_items=20)


def test_names_match_personalize(report):
    assert list(report) == metric_names(25)
    assert {
        "coverage",
        "mean_reciprocal_rank_at_25",
        "normalized_discounted_cumulative_gain_at_5",
        "normalized_discounted_cumulative_gain_at_10",
        "normalized_discounted_cumulative_gain_at_25",
        "precision_at_5",
        "precision_at_10",
        "precision_at_25",
        "recall_at_10",
        "hit_rate_at_10",
    } == set(report)


def test_hand_computed_values(report):
    log2 = np.log2
    user0_dcg = 1 / log2(3) + 1 / log2(4)
    user0_ideal = 1 + 1 / log2(3) + 1 / log2(4)
    assert report["precision_at_5"] == pytest.approx((2 / 5 + 1 / 5 + 0) / 3)
    assert report["precision_at_10"] == pytest.approx((2 / 10 + 1 / 10) / 3)
    assert report["precision_at_25"] == pytest.approx((2 / 25 + 1 / 25) / 3)
    assert report["normalized_discounted_cumulative_gain_at_5"] == pytest.approx((user0_dcg / user0_ideal + 1) / 3)
    assert report["mean_reciprocal_rank_at_25"] == pytest.approx((1 / 2 + 1 + 0) / 3)
    assert report["recall_at_10"] == pytest.approx((2 / 3 + 1 + 0) / 3)
    assert report["hit_rate_at_10"] == pytest.approx(2 / 3)
    # recommended items 3,1,7,4,5,0,2,6,8 (padding excluded) out of 20
    assert report["coverage"] == pytest.approx(9 / 20)


def test_ideal_dcg_uses_min_of_k_and_relevant_count():
    hits = np.array([[True, True, False, False, False]])
    # 8 relevant items but only 5 slots: the ideal is 5 hits, so 2 hits at the top give 2 of 5 gains
    gains = 1 / np.log2(np.arange(2, 7))
    assert ndcg_at_k(hits, np.array([8]), 5)[0] == pytest.approx(gains[:2].sum() / gains.sum())
    assert ndcg_at_k(hits, np.array([2]), 5)[0] == pytest.approx(1.0)


def test_padding_never_counts_as_a_hit():
    # -1 in row 1 would map onto the last item of row 0 if padding were not masked
    recommended = np.array([[0, 1], [-1, -1]])
    relevant = relevant_matrix([{4}, {0}], n_items=5)
    assert not hits_matrix(recommended, relevant).any()


def test_short_lists_are_padded_to_k():
    report = evaluate_rankings(np.array([[2]]), relevant_matrix([{2}], 3), n_items=3)
    assert report["precision_at_25"] == pytest.approx(1 / 25)
    assert report["mean_reciprocal_rank_at_25"] == 1.0


def three_users() -> tuple[np.ndarray, sp.csr_matrix]:
    """User 0 gets hits at ranks 2 and 3 of 3 relevant; user 1 a hit at rank 1 of 1; user 2 none."""
    return padded([[3, 1, 7, 4, 5], [0, 2], [6, 8]], k=5), relevant_matrix([{1, 7, 9}, {0}, {9}], n_items=20)


def test_microsoft_recommenders_metrics_by_hand():
    recommended, relevant = three_users()
    report = evaluate_top_k(recommended, relevant, k=5)
    assert (
        list(report)
        == top_k_metric_names(5)
        == [
            "precision_at_5",
            "recall_at_5",
            "normalized_discounted_cumulative_gain_at_5",
            "mean_average_precision_at_5",
        ]
    )
    # precision: (2/5 + 1/5 + 0) / 3 users
    assert report["precision_at_5"] == pytest.approx(1 / 5)
    # recall: (2/3 + 1/1 + 0/1) / 3
    assert report["recall_at_5"] == pytest.approx(5 / 9)
    # nDCG user 0: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3 + 1/log2 4) = (0.6309 + 0.5) / 2.1309 = 0.5307;
    # user 1: 1; user 2: 0; mean 0.5102
    assert report["normalized_discounted_cumulative_gain_at_5"] == pytest.approx((1.1309 / 2.1309 + 1) / 3, abs=1e-4)
    # AP user 0: (1/2 at rank 2 + 2/3 at rank 3) / min(5, 3) = 7/18; user 1: (1/1) / 1; user 2: 0
    assert report["mean_average_precision_at_5"] == pytest.approx((7 / 18 + 1) / 3)


def test_average_precision_divides_by_min_of_k_and_relevant():
    recommended, relevant = three_users()
    hits = hits_matrix(recommended, relevant)
    # at k = 2 user 0 has one hit (rank 2, precision 1/2) and 3 relevant: 1/2 / min(2, 3) = 1/4, not 1/6
    assert average_precision_at_k(hits, np.array([3, 1, 1]), 2).tolist() == pytest.approx([1 / 4, 1.0, 0.0])


def test_leave_last_out_metrics_by_hand():
    # held-out item ranked 1st, 3rd, 12th, and not scored at all
    report = evaluate_ranks(np.array([1, 3, 12, np.inf]), k=10)
    assert list(report) == rank_metric_names(10)
    assert report["hit_rate_at_10"] == pytest.approx(2 / 4)
    # 1/log2(2) = 1, 1/log2(4) = 0.5, 12th is past 10: (1 + 0.5 + 0 + 0) / 4
    assert report["normalized_discounted_cumulative_gain_at_10"] == pytest.approx(0.375)
    # not cut at 10: the 12th still counts 1/12
    assert report["mean_reciprocal_rank"] == pytest.approx((1 + 1 / 3 + 1 / 12 + 0) / 4)


def test_one_name_one_formula_across_protocols():
    # one relevant item per user: the top-k report and the rank report must agree where names overlap
    recommended = padded([[4, 2, 9], [1, 0, 3], [5, 6, 7]], k=5)
    relevant = relevant_matrix([{2}, {8}, {5}], n_items=10)
    by_rank = evaluate_ranks(np.array([2, np.inf, 1]), k=5)
    name = "normalized_discounted_cumulative_gain_at_5"
    assert by_rank[name] == pytest.approx((1 / np.log2(3) + 0 + 1) / 3)
    assert evaluate_top_k(recommended, relevant, k=5)[name] == pytest.approx(by_rank[name])
    assert evaluate_rankings(recommended, relevant, n_items=10, k=5)[name] == pytest.approx(by_rank[name])

"""The words of a "Similar items" card's reason, from the parts the model says matched."""

from recommendations.selectors.similar import reason_text


def test_reason_names_each_matched_part_in_the_models_order():
    assert reason_text(("style", "price"), "Linen Shirt") == "Like Linen Shirt: same style, similar price"
    assert reason_text(("department", "words"), "Mug") == "Like Mug: same department, shared words"


def test_co_view_reason_names_the_shoppers_not_the_attributes():
    assert reason_text(("co-view",), "Linen Shirt") == "Viewed by shoppers who viewed Linen Shirt"


def test_a_pair_that_matched_on_nothing_nameable_still_names_its_product():
    assert reason_text((), "Mug") == "Like Mug"

import pytest

from recommendations.selectors import catalogue
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_the_table_holds_each_products_attributes():
    books = CategoryFactory(slug="books", department="")
    product = ProductFactory(category=books, style="travel", promoted=True, price="12.50", compare_at_price="20")
    table = catalogue.item_table()
    row = int(table.positions([product.pk])[0])
    assert table.column("CATEGORY_L1").text(row) == "books"
    assert table.column("STYLE").text(row) == "travel"
    assert table.column("PROMOTED").text(row) == "true"
    assert table.column("ON_SALE").text(row) == "true"
    assert table.column("PRICE")[row] == 12.5
    assert table.column("DEPARTMENT").text(row) == "books"
    assert product.name in table.texts[row]


def test_a_product_saved_in_this_process_is_in_the_next_table(django_assert_num_queries):
    ProductFactory()
    first = catalogue.item_table()
    with django_assert_num_queries(0):
        assert catalogue.item_table() is first
    new = ProductFactory()
    assert int(catalogue.item_table().positions([new.pk])[0]) >= 0


def test_a_change_made_elsewhere_is_seen_once_the_check_is_due(monkeypatch):
    product = ProductFactory(style="boot")
    catalogue.item_table()
    # As another process would: no signal reaches this one.
    type(product).objects.filter(pk=product.pk).update(
        style="sandals", updated_at=product.updated_at.replace(year=2030)
    )
    monkeypatch.setattr(catalogue, "CATALOGUE_CHECK_SECONDS", 0.0)
    table = catalogue.item_table()
    assert table.column("STYLE").text(int(table.positions([product.pk])[0])) == "sandals"


def test_a_table_cache_keeps_values_of_the_current_table_only_and_at_most_its_bound():
    built = []

    def build(value):
        built.append(value)
        return value

    cache, old, new = catalogue.TableCache(max_entries=2), object(), object()
    assert [cache.get(key, old, lambda key=key: build(key)) for key in "abc"] == ["a", "b", "c"]
    assert cache.get("c", old, lambda: build("c again")) == "c"  # kept
    assert cache.get("a", old, lambda: build("a again")) == "a again"  # the oldest went past the bound
    assert cache.get("c", new, lambda: build("c new")) == "c new"  # another table: nothing of the old is kept
    assert cache.get("a", new, lambda: build("a new")) == "a new"
    assert built == ["a", "b", "c", "a again", "c new", "a new"]

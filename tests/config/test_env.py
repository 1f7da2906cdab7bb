"""config.env.Env: django-environ with this project's rules for blank, malformed and literal values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env


@pytest.fixture
def env(monkeypatch):
    def make(**values: str) -> Env:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return Env()

    return make


def test_a_blank_variable_takes_the_default(env):
    e = env(SHOP_FLAG="", SHOP_COUNT="", SHOP_HOSTS="")
    assert e.bool("SHOP_FLAG", default=True) is True
    assert e.int("SHOP_COUNT", default=7) == 7
    assert e.list("SHOP_HOSTS", default=["a"]) == ["a"]


def test_a_missing_or_blank_required_variable_is_named(env):
    e = env(SHOP_BLANK="")
    for name in ("SHOP_BLANK", "SHOP_NEVER_SET"):
        with pytest.raises(ImproperlyConfigured, match=f"{name} must be set"):
            e.str(name)


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("Yes", True), ("on", True), ("0", False), ("OFF", False)])
def test_booleans(env, raw, value):
    assert env(SHOP_FLAG=raw).bool("SHOP_FLAG", default=not value) is value


def test_malformed_values_are_errors_that_name_the_variable(env):
    e = env(SHOP_FLAG="maybe", SHOP_COUNT="ten")
    with pytest.raises(ImproperlyConfigured, match="SHOP_FLAG must be true or false, not 'maybe'"):
        e.bool("SHOP_FLAG", default=False)
    with pytest.raises(ImproperlyConfigured, match="SHOP_COUNT must be an integer, not 'ten'"):
        e.int("SHOP_COUNT", default=1)


def test_values_are_literal_and_list_items_stripped(env):
    e = env(SHOP_SECRET="$ecret-that-is-no-variable", SHOP_HOSTS=" a.example, b.example ,,")
    assert e.str("SHOP_SECRET") == "$ecret-that-is-no-variable"
    assert e.list("SHOP_HOSTS") == ["a.example", "b.example"]

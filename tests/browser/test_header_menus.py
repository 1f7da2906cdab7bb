"""The header's menus in a real browser, on a laptop and a phone, with the real demo's 16 personas."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.factories import demo_catalogue_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# The texts of the elements that are not wholly on screen: outside the viewport, cut by a
# scrolling or clipping ancestor, or covered by something else at their centre.
NOT_FULLY_SHOWN = """els => els.filter(el => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return true;
  if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return true;
  for (let a = el.parentElement; a; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (style.overflowX === "visible" && style.overflowY === "visible") continue;
    const c = a.getBoundingClientRect();
    const cut = r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5;
    if (cut) return true;
  }
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !(hit && el.contains(hit));
}).map(el => el.textContent.trim().replace(/\\s+/g, " "))"""


def not_fully_shown(locator: Locator) -> list[str]:
    return locator.evaluate_all(NOT_FULLY_SHOWN)


@pytest.fixture
def catalogue() -> dict:
    return demo_catalogue_build()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_persona_menu_shows_every_persona_and_browse_anonymously_at_once(
    live_server, page: Page, catalogue: dict, viewport: dict
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("persona-menu-button").click()

    menu = page.get_by_test_id("persona-menu")
    personas = menu.locator(".persona-option")
    expect(personas).to_have_count(16)
    for persona in catalogue["personas"]:
        expect(menu.get_by_role("button", name=persona.name)).to_be_visible()
    browse = menu.get_by_role("button", name="Browse anonymously")
    expect(browse).to_be_visible()

    assert not_fully_shown(personas) == []
    assert not_fully_shown(browse) == []
    assert page.evaluate("window.scrollY") == 0  # nothing above needed scrolling into view


def test_the_persona_menu_fits_a_shoppers_phone_too(live_server, page: Page, catalogue: dict):
    """Shopping as a persona adds the shopper bar and the Orders link; the menu still fits."""
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("persona-menu-button").click()
    page.get_by_role("button", name=catalogue["personas"][2].name).click()
    expect(page.get_by_test_id("shopper-bar")).to_be_visible()

    page.get_by_test_id("persona-menu-button").click()

    menu = page.get_by_test_id("persona-menu")
    expect(menu.locator('.persona-option[aria-current="true"]')).to_have_count(1)
    assert not_fully_shown(menu.locator(".persona-option")) == []
    assert not_fully_shown(menu.get_by_role("button", name="Browse anonymously")) == []


def test_the_persona_menu_is_usable_from_the_keyboard(live_server, page: Page, catalogue: dict):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("persona-menu-button").focus()
    page.keyboard.press("Enter")
    for _ in range(16):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=catalogue["personas"][-1].name)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Browse anonymously")).to_be_focused()

    page.keyboard.press("Escape")
    expect(page.get_by_test_id("persona-menu")).to_be_hidden()
    expect(page.get_by_test_id("persona-menu-button")).to_be_focused()

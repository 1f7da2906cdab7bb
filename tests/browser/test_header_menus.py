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


def category_links_shown(page: Page) -> tuple[list[str], list[str]]:
    """The departments wholly on screen in the row, then those under "More" once it is open."""
    nav = page.get_by_role("navigation", name="Categories")
    row = nav.locator("[data-category-list] a").locator("visible=true")
    in_row = row.all_inner_texts()
    assert not_fully_shown(row) == []  # none cut mid-word
    more = page.get_by_test_id("category-more-button")
    if not more.is_visible():
        return in_row, []
    more.click()
    under_more = page.get_by_test_id("category-more-menu").locator("a").locator("visible=true")
    assert not_fully_shown(under_more) == []
    return in_row, under_more.all_inner_texts()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_department_is_in_the_row_or_under_more(live_server, page: Page, catalogue: dict, viewport: dict):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")

    in_row, under_more = category_links_shown(page)

    names = [c.name for c in catalogue["categories"]]
    assert in_row + under_more == names  # each once, in order
    assert under_more, "twenty departments do not fit in one row at this width"
    expect(page.get_by_test_id("category-more-button")).to_contain_text(f"{len(under_more)} more")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_department_being_browsed_stays_in_the_row(live_server, page: Page, catalogue: dict, viewport: dict):
    last = catalogue["categories"][-1]
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}{last.get_absolute_url()}")

    in_row, under_more = category_links_shown(page)

    assert last.name in in_row and last.name not in under_more
    assert sorted(in_row + under_more) == sorted(c.name for c in catalogue["categories"])


def test_more_opens_from_the_keyboard_and_leads_to_a_department(live_server, page: Page, catalogue: dict):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("category-more-button").focus()
    page.keyboard.press("Enter")
    first_hidden = page.get_by_test_id("category-more-menu").locator("a").locator("visible=true").first
    page.keyboard.press("Tab")
    expect(first_hidden).to_be_focused()
    name = first_hidden.inner_text()

    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(name)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_without_javascript_the_row_wraps_and_shows_every_department(
    live_server, browser, catalogue: dict, viewport: dict
):
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")

    row = page.get_by_role("navigation", name="Categories").locator("[data-category-list] a")
    expect(row).to_have_count(20)
    assert not_fully_shown(row) == []
    expect(page.get_by_test_id("category-more-button")).to_be_hidden()
    context.close()


def test_the_row_refits_when_the_window_narrows(live_server, page: Page, catalogue: dict):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    wide_row, _ = category_links_shown(page)
    page.keyboard.press("Escape")

    page.set_viewport_size(PHONE)

    # The row refits on its own: wait until it holds fewer departments, then check them all again.
    more = page.get_by_test_id("category-more-button")
    expect(more).not_to_contain_text(f"{20 - len(wide_row)} more")
    in_row, under_more = category_links_shown(page)
    assert len(in_row) < len(wide_row)
    assert in_row + under_more == [c.name for c in catalogue["categories"]]

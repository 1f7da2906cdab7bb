// Progressive enhancement only: every control works without this file.
(function () {
  "use strict";

  // <details> menus: close on Escape (focus back on the button) and on a click outside.
  function closeMenu(menu, refocus) {
    if (!menu.open) return;
    menu.open = false;
    if (refocus) menu.querySelector("summary").focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      closeMenu(menu, menu.contains(document.activeElement));
    });
  });

  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) closeMenu(menu, false);
    });
  });

  // Leaving the menu with Tab closes it, so it never hides the page behind it.
  document.addEventListener("focusin", function (event) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) closeMenu(menu, false);
    });
  });

  // Category strip: keep one row of the departments that fit and list the rest under "More".
  // Without this the row wraps instead, so no department is ever out of reach.
  function roomIn(list) {
    var style = getComputedStyle(list);
    return list.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  function fitCategories(nav) {
    var list = nav.querySelector("[data-category-list]");
    var more = nav.querySelector("[data-category-more]");
    var count = more.querySelector("[data-category-more-count]");
    var items = Array.prototype.slice.call(list.children);
    var extras = more.querySelectorAll("li");
    var gap = parseFloat(getComputedStyle(list).columnGap) || 0;
    nav.classList.add("category-nav--fitted");
    items.forEach(function (item) { item.hidden = false; });
    more.hidden = true;
    var widths = items.map(function (item) { return item.getBoundingClientRect().width; });
    var total = widths.reduce(function (sum, width) { return sum + width + gap; }, -gap);
    var keep = items.map(function () { return true; });
    if (total > roomIn(list) + 1) {
      // "More" takes its room from the row first (its widest label, so the final one fits too).
      count.textContent = items.length;
      more.hidden = false;
      var room = roomIn(list);
      // The department being browsed always stays in the row, where the shopper can see it.
      var current = -1;
      items.forEach(function (item, index) {
        if (item.querySelector("[aria-current]")) current = index;
      });
      var used = current >= 0 ? widths[current] : 0;
      var placed = current >= 0 ? 1 : 0;
      var full = false;
      keep = items.map(function (item, index) {
        if (index === current) return true;
        var need = widths[index] + (placed ? gap : 0);
        full = full || used + need > room + 0.5;
        if (full) return false;
        used += need;
        placed += 1;
        return true;
      });
    }
    var moved = 0;
    items.forEach(function (item, index) {
      item.hidden = !keep[index];
      extras[index].hidden = keep[index];
      if (!keep[index]) moved += 1;
    });
    count.textContent = moved;
    more.hidden = moved === 0;
    if (!moved) more.open = false;
  }

  document.querySelectorAll("[data-category-nav]").forEach(function (nav) {
    fitCategories(nav);
    if ("ResizeObserver" in window) {
      var width = nav.clientWidth;
      new ResizeObserver(function () {
        if (nav.clientWidth === width) return;
        width = nav.clientWidth;
        fitCategories(nav);
      }).observe(nav);
    } else {
      window.addEventListener("resize", function () { fitCategories(nav); });
    }
  });

  // A double click on "Place order" must not post twice.
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("button[type=submit]");
    if (!button) return;
    if (button.dataset.submitted) {
      event.preventDefault();
      return;
    }
    button.dataset.submitted = "1";
    button.setAttribute("aria-busy", "true");
  });

  // Restore buttons when the page comes back from the back/forward cache.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-submitted]").forEach(function (button) {
      delete button.dataset.submitted;
      button.removeAttribute("aria-busy");
    });
  });
})();

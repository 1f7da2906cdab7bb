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

// Small enhancements on top of pages that already work without JavaScript.
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  // Exit this page: replace the page (so Back does not return to it) and blank it at once.
  function exitPage() {
    var url = document.body.getAttribute("data-exit-url") || "https://www.bbc.co.uk/weather";
    document.title = "";
    document.body.hidden = true;
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-exit-this-page]");
    if (link) {
      event.preventDefault();
      exitPage();
    }
  });

  // Pressing Shift three times within two seconds also exits.
  var shiftPresses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      shiftPresses = [];
      return;
    }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (time) { return now - time < 2000; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) {
      shiftPresses = [];
      exitPage();
    }
  });

  // Stop a form being sent twice by a double tap; the server also refuses a resent form.
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-prevent-double-click]");
    if (!button) {
      return;
    }
    if (button.getAttribute("data-clicked") === "true") {
      event.preventDefault();
      return;
    }
    button.setAttribute("data-clicked", "true");
    window.setTimeout(function () { button.removeAttribute("data-clicked"); }, 3000);
  });

  function announce(text) {
    var live = document.getElementById("portal-live");
    if (!live) {
      return;
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  // Put focus where a keyboard or screen reader user expects it: on an error summary if
  // there is one, else on the main heading of what was just swapped in.
  function focusAfterChange(container) {
    var summary = container.querySelector("[data-error-summary]");
    var target = summary || container.querySelector("h1") || container;
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: false });
    announce(summary ? summary.textContent.trim().replace(/\s+/g, " ") : document.title);
  }

  // "Print this page" buttons exist only where printing can be started from script.
  function showPrintButtons(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    showPrintButtons(document);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    showPrintButtons(document);
    // A boosted page change swaps only the body: carry easy read (larger text) over to <html>.
    var main = document.getElementById("main-content");
    if (main) {
      root.classList.toggle("portal-easy-read-mode", main.hasAttribute("data-easy-read-mode"));
    }
  });

  // After a boosted page change (the body is swapped; the live region is preserved) or a
  // smaller swap, move focus to what changed and announce it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.isConnected) {
      return;
    }
    focusAfterChange(target === document.body ? document.getElementById("main-content") || target : target);
  });
})();

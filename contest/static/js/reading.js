/* The judge's reading view: A− / A+ change the text size, remembered in this browser.
   Progressive enhancement: without JavaScript the controls stay hidden and the text
   keeps its comfortable default size. */
(function () {
  "use strict";
  var KEY = "judge.readingSize";
  var MIN = 1, MAX = 7, DEFAULT = 3;
  // Relative sizes of the steps, as the status line announces them (step 3 = 100 %).
  var PERCENT = { 1: 84, 2: 92, 3: 100, 4: 111, 5: 124, 6: 142, 7: 164 };

  function stored() {
    try {
      var value = parseInt(window.localStorage.getItem(KEY), 10);
      return value >= MIN && value <= MAX ? value : DEFAULT;
    } catch (e) {
      return DEFAULT;
    }
  }

  function remember(size) {
    try { window.localStorage.setItem(KEY, String(size)); } catch (e) { /* private mode */ }
  }

  document.querySelectorAll("[data-reading]").forEach(function (root) {
    var tools = root.querySelector(".reading-tools");
    if (!tools) { return; }
    var smaller = tools.querySelector("[data-reading-step='-1']");
    var larger = tools.querySelector("[data-reading-step='1']");
    var status = tools.querySelector("[data-reading-status]");
    var label = status ? status.dataset.readingStatus : "";

    function apply(size, announce) {
      root.dataset.readingSize = String(size);
      // aria-disabled, not disabled: the focused button keeps the focus at a limit.
      smaller.setAttribute("aria-disabled", String(size <= MIN));
      larger.setAttribute("aria-disabled", String(size >= MAX));
      if (status && announce) { status.textContent = label + " " + PERCENT[size] + "%"; }
    }

    function step(delta) {
      var size = Math.min(MAX, Math.max(MIN, stored() + delta));
      remember(size);
      apply(size, true);
    }

    smaller.addEventListener("click", function () { step(-1); });
    larger.addEventListener("click", function () { step(1); });
    tools.hidden = false;
    apply(stored(), false);
  });
})();

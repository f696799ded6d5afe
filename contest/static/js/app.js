/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";
  // Countdown to a deadline: <span data-countdown="ISO" data-labels='{"d":..,"h":..,"m":..,"s":..}'>
  function pad(n) { return String(n).padStart(2, "0"); }
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var target = Date.parse(el.dataset.countdown);
    var labels = JSON.parse(el.dataset.labels || "{}");
    if (isNaN(target)) { return; }
    function tick() {
      var left = Math.max(0, Math.floor((target - Date.now()) / 1000));
      var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600);
      var m = Math.floor(left % 3600 / 60), s = left % 60;
      el.textContent = d + " " + (labels.d || "d") + " " + pad(h) + ":" + pad(m) + ":" + pad(s);
      if (left === 0) { clearInterval(timer); }
    }
    var timer = setInterval(tick, 1000);
    tick();
  });
  // <details data-open-wide>: folded on a phone, opened on a wide screen.
  if (window.matchMedia && window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (el) {
      el.open = true;
    });
  }
})();

/* Side-by-side evidence of a suspicious pair: a passage number jumps to the same
   passage in the other text, scrolls its start into view, gives it the
   keyboard focus and outlines both ends. Without JS the links are plain anchors. */
(function () {
  "use strict";
  var CURRENT = ["border", "border-2", "border-primary"];
  var current = [];

  function mark(elements) {
    current.forEach(function (el) { el.classList.remove.apply(el.classList, CURRENT); });
    current = elements.filter(Boolean);
    current.forEach(function (el) { el.classList.add.apply(el.classList, CURRENT); });
  }

  function show(id, from) {
    var target = document.getElementById(id);
    if (!target) { return false; }
    var origin = from ? from.nextElementSibling : null;
    target.scrollIntoView({ block: "start", behavior: "smooth" });
    target.focus({ preventScroll: true });
    mark([target, origin && origin.tagName === "MARK" ? origin : null]);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + id);
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-passage-link]");
    if (link && show(link.dataset.passageLink, link)) {
      event.preventDefault();
    }
  });

  if (window.location.hash.length > 1) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "MARK") { mark([target]); }
  }
})();

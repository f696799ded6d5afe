/* Unit list: a "select all" box ticks every submitted entry shown; works without it. */
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var form = box.form;
    var name = box.dataset.selectAll;
    function boxes() {
      return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
    }
    box.addEventListener("change", function () {
      boxes().forEach(function (item) { item.checked = box.checked; });
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== name) { return; }
      var all = boxes();
      var ticked = all.filter(function (item) { return item.checked; }).length;
      box.checked = all.length > 0 && ticked === all.length;
      box.indeterminate = ticked > 0 && ticked < all.length;
    });
  });
})();

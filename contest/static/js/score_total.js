/* Running total of a judge's score sheet (templates/judge/score.html), updated as the
   judge types. Without JavaScript the server shows the total of the saved sheet. A
   value counts once it is a number on the criterion's grid between 0 and its
   maximum ("7,5" with the Vietnamese decimal comma too), as the server checks it. */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  var output = document.getElementById("running-total");
  if (!form || !output) { return; }
  var inputs = form.querySelectorAll("input[data-points-scale]");
  var format = window.Intl ? new Intl.NumberFormat(
    document.documentElement.lang || "vi",
    { minimumFractionDigits: 2, maximumFractionDigits: 2 }
  ) : null;

  function valueOf(input) {
    var text = input.value.trim().replace(",", ".");
    if (!/^\d+(\.\d+)?$/.test(text)) { return 0; }
    var value = parseFloat(text);
    var max = parseFloat(input.getAttribute("data-max"));
    var step = parseFloat(input.getAttribute("data-step")) || 1;
    var units = value / step;
    if (value > max + 1e-9 || Math.abs(units - Math.round(units)) > 1e-6) { return 0; }
    return value;
  }

  function update() {
    var total = 0;
    inputs.forEach(function (input) {
      total += valueOf(input) * parseFloat(input.getAttribute("data-points-scale"));
    });
    output.textContent = format ? format.format(total) : total.toFixed(2);
  }

  form.addEventListener("input", update);
  update();  // after draft_store.js put back what was typed offline
})();

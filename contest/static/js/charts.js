// Draws the charts of a page with the vendored Chart.js. Each <canvas data-chart='…'>
// carries its own JSON: {type: "bar" | "hbar" | "line", title, labels, values}. The same
// numbers are in a table under each chart (for keyboard and screen-reader users), so a
// page without JavaScript loses nothing but the pictures.
(function () {
  "use strict";

  var COLOR = "#8a1c1c";
  var FILL = "rgba(138, 28, 28, 0.75)";

  function draw(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute("data-chart"));
    } catch (error) {
      return;
    }
    var horizontal = spec.type === "hbar";
    var box = canvas.parentElement;
    // A horizontal bar needs room for every label; other charts keep a fixed height.
    box.style.position = "relative";
    box.style.height = horizontal
      ? Math.max(160, spec.labels.length * 26 + 40) + "px"
      : "280px";
    new window.Chart(canvas, {
      type: spec.type === "line" ? "line" : "bar",
      data: {
        labels: spec.labels,
        datasets: [
          {
            label: spec.title,
            data: spec.values,
            backgroundColor: FILL,
            borderColor: COLOR,
            fill: false,
            tension: 0,
          },
        ],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0, autoSkip: !horizontal } },
        },
      },
    });
  }

  function start() {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

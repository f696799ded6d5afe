/* Live progress of background jobs: polls each [data-job-status-url] panel that is
   still active and reloads the page once the job has finished (to show its result).
   Without JS the panel reloads itself with a meta refresh instead. */
(function () {
  "use strict";
  var ACTIVE_DELAY = 2000, ERROR_DELAY = 10000;
  document.querySelectorAll("[data-job-status-url][data-job-active]").forEach(function (panel) {
    var bar = panel.querySelector("progress");
    var percent = panel.querySelector("[data-job-percent]");
    var message = panel.querySelector("[data-job-message]");
    var status = panel.querySelector("[data-job-status]");
    var error = panel.querySelector("[data-job-error]");
    function later(ms) { window.setTimeout(poll, ms); }
    function show(state) {
      bar.value = state.progress;
      bar.textContent = state.progress + "%";
      percent.textContent = state.progress;
      message.textContent = state.message || "";
      status.textContent = state.status_label;
      error.textContent = state.error || "";
    }
    function poll() {
      fetch(panel.dataset.jobStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { later(ERROR_DELAY); return; }
          show(state);
          if (state.finished) { window.location.reload(); } else { later(ACTIVE_DELAY); }
        })
        .catch(function () { later(ERROR_DELAY); });
    }
    later(ACTIVE_DELAY);
  });
})();

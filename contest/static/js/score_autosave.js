/* Autosave of a judge's score sheet (templates/judge/score.html).
   Every change is kept at once in this browser (localStorage) and sent to the server
   a few seconds later. When the session expired or the network dropped, the copy
   stays here, is put back into the form when the page is opened again, and is sent
   as soon as the browser is back online (the copy is kept by draft_store.js). The
   server refuses a save made on an older version of the sheet (another window):
   then nothing is overwritten. */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  var keyHolder = document.querySelector("[data-score-key]");
  var key = keyHolder ? keyHolder.getAttribute("data-score-key") : null;
  var drafts = window.DraftStore;
  if (keyHolder && !form && drafts) {
    // A submitted (locked) sheet: nothing of it needs keeping in the browser.
    drafts.forget(key);
    return;
  }
  if (!form || !window.fetch || !window.FormData) { return; }
  var store = drafts ? drafts.create(form, key) : null;
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null, busy = false, stopped = false;

  function keep() { if (store) { store.keep(); } }

  function forget() { if (store) { store.forget(); } }

  function restore() {
    var copy = store ? store.read() : null;
    if (!copy) { return false; }
    var changed = store.apply(copy);
    if (!changed) { forget(); }
    return changed;
  }

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    if (stopped) { return; }
    if (busy) { schedule(); return; }
    busy = true;
    var body = new FormData(form);
    body.delete("action");
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST", body: body, credentials: "same-origin", redirect: "error",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 409) {
        return response.json().then(function (data) {
          if (data.reason === "stale" || data.reason === "locked") {
            stopped = true;
            say(form.getAttribute("data-stale-label"));
            return;
          }
          throw new Error("refused");
        });
      }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json().then(function (data) {
        if (!data.saved) { throw new Error("not saved"); }
        version.value = data.version;
        forget();
        say(form.getAttribute("data-saved-label") + " " + data.saved_at);
      });
    }).catch(function () {
      say(form.getAttribute("data-offline-label"));
      schedule(15000);
    }).finally(function () { busy = false; });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay || 2000);
  }

  form.addEventListener("input", function () { keep(); schedule(); });
  form.addEventListener("change", function () { keep(); schedule(); });
  window.addEventListener("online", function () { if (!stopped) { save(); } });
  if (restore()) {
    var notice = document.getElementById("score-restored");
    if (notice) { notice.classList.remove("d-none"); }
    keep();
    schedule(500);
  }
})();

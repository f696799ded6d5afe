/* Autosave of the entry form: what the writer types is saved every few seconds.
   Files are not sent by autosave (they go with the Save buttons). */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null, dirty = false, busy = false;
  var SKIP = ["document", "photos", "save", "review", "add_author", "add_featured"];

  function payload() {
    var data = new FormData(form);
    SKIP.forEach(function (name) { data.delete(name); });
    return data;
  }

  function adopt(url) {
    // The first autosave of a new entry creates the draft: keep editing that draft.
    if (url && form.dataset.autosaveUrl !== url) {
      form.dataset.autosaveUrl = url;
      form.action = url;
      window.history.replaceState(null, "", url);
    }
  }

  function save() {
    if (busy) { schedule(); return; }
    busy = true;
    dirty = false;
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: payload(), credentials: "same-origin",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      if (!data.saved) { throw new Error("not saved"); }
      adopt(data.edit_url);
      status.textContent = form.dataset.savedLabel + " " + data.saved_at;
    }).catch(function () {
      dirty = true;
      status.textContent = form.dataset.offlineLabel;
      schedule(15000);
    }).finally(function () { busy = false; });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay || 2500);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    dirty = true;
    schedule();
  });
  window.addEventListener("online", function () { if (dirty) { save(); } });
})();

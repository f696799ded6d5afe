/* Autosave of the entry form: what the writer types is saved every few seconds.
   Files are not sent by autosave (they go with the Save buttons).
   Every change is also kept at once in this browser (draft_store.js, one copy per
   entry and per new-entry form) until the server confirms the save. When the
   session expired or the network dropped, that copy is the writer's text: opened
   again, the form offers it back ("restore") when the server copy is older or
   missing; it never overwrites the form silently. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var expiredNotice = document.getElementById("session-expired");
  var restoreNotice = document.getElementById("draft-restore");
  var timer = null, dirty = false, busy = false;
  var SKIP = ["document", "photos", "video", "save", "review", "add_author", "add_featured"];
  var drafts = window.DraftStore;
  var store = drafts && form.dataset.draftKey ? drafts.create(form, form.dataset.draftKey) : null;
  // When the server last saved this entry (ms since 1970); 0: no server copy yet.
  var serverSaved = Number(form.dataset.serverSaved || 0);

  function SessionEnded() { this.session = true; }

  function payload() {
    var data = new FormData(form);
    SKIP.forEach(function (name) { data.delete(name); });
    return data;
  }

  function say(text, expired) {
    status.textContent = text;
    if (expiredNotice) { expiredNotice.classList.toggle("d-none", !expired); }
  }

  function keep() { if (store) { store.keep({ base: serverSaved }); } }

  function adopt(url, entryId) {
    // The first autosave of a new entry creates the draft: keep editing that draft.
    if (url && form.dataset.autosaveUrl !== url) {
      form.dataset.autosaveUrl = url;
      form.action = url;
      window.history.replaceState(null, "", url);
    }
    if (store && entryId) { store.rename(form.dataset.draftPrefix + "entry:" + entryId); }
  }

  function answer(response) {
    // Refusals of an ended session: a redirect to the login page, 401/403, or the
    // CSRF error page (an HTML 400; form errors come back as JSON).
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      throw new SessionEnded();
    }
    var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
    if (!json) { throw response.status === 400 ? new SessionEnded() : new Error(String(response.status)); }
    return response.json();
  }

  function save() {
    if (busy) { schedule(); return; }
    busy = true;
    dirty = false;
    var sent = store ? JSON.stringify(store.fields()) : "";
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: payload(), credentials: "same-origin", redirect: "manual",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(answer).then(function (data) {
      if (!data.saved) { throw new Error("not saved"); }
      adopt(data.edit_url, data.entry_id);
      serverSaved = Date.now();
      // The server has it all: the copy here is no longer needed (unless more was
      // typed meanwhile, which the next save will send).
      if (store && JSON.stringify(store.fields()) === sent) { store.forget(); }
      say(form.dataset.savedLabel + " " + data.saved_at, false);
    }).catch(function (error) {
      dirty = true;
      if (error && error.session) {
        say(form.dataset.expiredLabel, true);
      } else {
        say(form.dataset.offlineLabel, false);
      }
      schedule(15000);
    }).finally(function () { busy = false; });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay || 2500);
  }

  function changed(event) {
    if (event.target.type === "file") { return; }
    dirty = true;
    keep();
    schedule();
  }

  function offerRestore() {
    // A pending copy typed here, newer than the server's (or with none there).
    var copy = store ? store.read() : null;
    if (!copy || !restoreNotice) { return; }
    if (!store.differs(copy)) { store.forget(); return; }
    var newer = !serverSaved || copy.savedAt > serverSaved || (copy.base || 0) >= serverSaved;
    if (!newer) { return; }
    var when = restoreNotice.querySelector("[data-draft-when]");
    if (when && copy.savedAt) { when.textContent = new Date(copy.savedAt).toLocaleString(document.documentElement.lang || undefined); }
    restoreNotice.classList.remove("d-none");
    document.getElementById("draft-restore-button").addEventListener("click", function () {
      store.apply(copy);
      restoreNotice.classList.add("d-none");
      say(restoreNotice.dataset.restoredLabel, false);
      dirty = true;
      keep();
      schedule(500);
    });
    document.getElementById("draft-discard-button").addEventListener("click", function () {
      if (window.confirm(restoreNotice.dataset.discardConfirm)) {
        store.forget();
        restoreNotice.classList.add("d-none");
      }
    });
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", function () { if (dirty) { save(); } });
  offerRestore();
})();

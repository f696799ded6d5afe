/* A copy of a form's typed fields in this browser (localStorage), shared by the
   entry form's autosave (autosave.js) and the judge's score form
   (score_autosave.js). While the server has not confirmed a save, the copy is
   "pending": it survives an expired session, a dropped network or a closed tab,
   and the page offers it back when it is opened again. Hidden fields (CSRF token,
   form key, sheet version), files and buttons are never kept. */
(function () {
  "use strict";
  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem("draft-store-probe");
  } catch (error) { storage = null; }
  var NOT_KEPT = ["hidden", "file", "submit", "button", "reset", "image"];

  function typedFields(form, skip) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || NOT_KEPT.indexOf(el.type) >= 0 || skip.indexOf(el.name) >= 0) { return; }
      if (el.type === "checkbox") {
        out[el.name] = el.checked ? "y" : "";
      } else if (el.type === "radio") {
        if (el.checked) { out[el.name] = el.value; }
      } else {
        out[el.name] = el.value;
      }
    });
    return out;
  }

  function setField(form, name, value) {
    // True when the form's field now shows ``value`` and did not before.
    var el = form.elements.namedItem(name);
    if (!el) { return false; }
    if (!el.tagName) {  // a RadioNodeList (radio group)
      if (el.value === value) { return false; }
      el.value = value;
      return true;
    }
    if (NOT_KEPT.indexOf(el.type) >= 0) { return false; }
    if (el.type === "checkbox") {
      if (el.checked === (value === "y")) { return false; }
      el.checked = value === "y";
      return true;
    }
    if (el.value === value) { return false; }
    el.value = value;
    return true;
  }

  /* The store of one form under one key. ``skip``: more field names not to keep. */
  function create(form, key, skip) {
    skip = skip || [];
    var store = {
      key: key,
      available: Boolean(storage && key),
      fields: function () { return typedFields(form, skip); },
      keep: function (extra) {
        if (!store.available) { return; }
        var copy = { fields: store.fields(), pending: true, savedAt: Date.now() };
        Object.keys(extra || {}).forEach(function (name) { copy[name] = extra[name]; });
        try {
          storage.setItem(store.key, JSON.stringify(copy));
        } catch (error) { /* storage full or disabled: the server copy still works */ }
      },
      read: function () {
        if (!store.available) { return null; }
        var copy = null;
        try { copy = JSON.parse(storage.getItem(store.key) || "null"); } catch (error) { copy = null; }
        return copy && copy.pending && copy.fields ? copy : null;
      },
      forget: function () { if (store.available) { storage.removeItem(store.key); } },
      differs: function (copy) {
        // Whether the copy holds something the form does not show.
        var now = store.fields();
        return Object.keys(copy.fields).some(function (name) {
          return name in now && now[name] !== copy.fields[name];
        });
      },
      apply: function (copy) {
        var changed = false;
        Object.keys(copy.fields).forEach(function (name) {
          changed = setField(form, name, copy.fields[name]) || changed;
        });
        return changed;
      },
      rename: function (newKey) {
        // The draft got a new name (a new entry was created by its first save).
        if (!newKey || newKey === store.key) { return; }
        var copy = store.read();
        store.forget();
        store.key = newKey;
        store.available = Boolean(storage);
        if (copy && store.available) {
          try { storage.setItem(newKey, JSON.stringify(copy)); } catch (error) { /* see keep */ }
        }
      }
    };
    return store;
  }

  function forget(key) {
    if (storage && key) { storage.removeItem(key); }
  }

  window.DraftStore = { create: create, forget: forget };
})();

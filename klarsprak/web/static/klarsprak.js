// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.dataset.enhanced = "1";  // lets tests know the handlers are in place

  // 1. Drafts: keep what the writer types in this tab until it is saved, so a reload never loses
  //    text. Drafts may hold personal data, so they live in sessionStorage (gone with the tab)
  //    and are removed at logout and on the login page (the session has ended). The key includes
  //    the version the form was opened at.
  var PREFIX = "klarsprak-utkast-";
  function clearDrafts(stores) {
    (Array.isArray(stores) ? stores : [window.sessionStorage, window.localStorage]).forEach(function (store) {
      if (!store) { return; }
      for (var i = store.length - 1; i >= 0; i--) {
        var name = store.key(i);
        if (name && name.indexOf(PREFIX) === 0) { store.removeItem(name); }
      }
    });
  }
  clearDrafts([window.localStorage]);  // older versions kept drafts there, beyond the session
  if (document.body.dataset.session === "none") { clearDrafts(); }
  var logout = document.querySelector("form[data-logout]");
  if (logout) { logout.addEventListener("submit", clearDrafts); }
  var editor = document.querySelector("textarea[data-autosave]");
  if (editor && window.sessionStorage) {
    var key = PREFIX + editor.dataset.autosave;
    var saved = sessionStorage.getItem(key);
    if (saved !== null && saved !== editor.value) {
      editor.value = saved;
      var note = document.getElementById("autosave-status");
      if (note) { note.textContent = "Vi har återställt text som du inte hann spara. Spara den när du är klar."; }
    }
    editor.addEventListener("input", function () { sessionStorage.setItem(key, editor.value); });
    editor.form.addEventListener("submit", function () { sessionStorage.removeItem(key); });
  }

  // 2. Reading view: select any passage with the mouse and comment on it. Offsets are counted in
  //    the text itself: each sentence carries its start offset in data-start.
  var panel = document.getElementById("markering");
  var reading = document.querySelector(".reading");
  if (!panel || !reading) { return; }
  function offsetOf(node, offset) {
    var element = node.nodeType === 3 ? node.parentElement : node;
    var sentence = element && element.closest("[data-start]");
    if (!sentence) { return null; }
    return Number(sentence.dataset.start) + (node.nodeType === 3 ? offset : 0);
  }
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !reading.contains(selection.anchorNode)) { return; }
    var a = offsetOf(selection.anchorNode, selection.anchorOffset);
    var b = offsetOf(selection.focusNode, selection.focusOffset);
    if (a === null || b === null || a === b) { return; }
    panel.querySelector("[name=start]").value = Math.min(a, b);
    panel.querySelector("[name=end]").value = Math.max(a, b);
    panel.querySelector("blockquote").textContent = selection.toString();
    panel.hidden = false;
  });
})();

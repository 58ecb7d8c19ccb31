// The writer's page, progressive enhancement only: after an action the page comes back at the
// place the writer acted (the address names that finding or row, which is focusable, so the
// browser itself moves the keyboard focus there: its message and "Ångra" come first inside it).
// A form refused on this page has no such address: this moves the focus to its error instead.
(function () {
  "use strict";
  function land() {
    var hash = window.location.hash.length > 1 ? decodeURIComponent(window.location.hash.slice(1)) : "";
    var target = hash && document.getElementById(hash);
    if (!target || !target.hasAttribute("tabindex")) { target = document.querySelector("[data-landing]"); }
    if (!target) { return; }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", land);
  } else {
    land();
  }
})();

// New text: a document over the size limit is refused here, before the upload, so the title and
// everything typed stay in the form (the server refuses it too, with the same words).
(function () {
  "use strict";
  var input = document.querySelector("input[type=file][data-max-bytes]");
  var note = document.getElementById("fil-storlek");
  if (!input || !note) { return; }
  function tooLarge() {
    var file = input.files && input.files[0];
    return file && file.size > Number(input.dataset.maxBytes);
  }
  input.addEventListener("change", function () {
    note.textContent = tooLarge() ? input.dataset.tooLarge : "";
  });
  input.form.addEventListener("submit", function (event) {
    if (tooLarge()) {
      event.preventDefault();
      note.textContent = input.dataset.tooLarge;
      input.focus();
    }
  });
})();

// Behaviour that used to live in inline scripts and on*= attributes: the Content-Security-Policy
// (webapp/security.py) allows only scripts from static/, so pages declare intent with data-* attributes.
(function () {
  "use strict";

  // A field marked wrong stops being red as soon as the user corrects it (the server checks again on submit).
  document.addEventListener("input", function (event) {
    var field = event.target.closest && event.target.closest(".has-error");
    if (field) field.classList.remove("has-error");
  });

  // <form data-confirm="Question?">: asks before submitting (replaces onsubmit="return confirm(...)").
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  // <input type="checkbox" data-select-all="input[name=selected]">: ticks or unticks every matching box.
  document.addEventListener("change", function (event) {
    var selector = event.target.getAttribute && event.target.getAttribute("data-select-all");
    if (!selector) return;
    document.querySelectorAll(selector).forEach(function (box) { box.checked = event.target.checked; });
  });

  // <form data-reset-after-save="selector">: after its own successful htmx request, clears the fields that
  // change from one entry to the next (the item search and choice stay) and the error messages.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var fields = form && form.getAttribute && form.getAttribute("data-reset-after-save");
    if (!fields || !event.detail.successful) return;
    form.querySelectorAll(fields).forEach(function (e) { e.value = ""; });
    form.querySelectorAll(".error").forEach(function (e) { e.remove(); });
  });
})();

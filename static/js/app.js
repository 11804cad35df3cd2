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

  // <button data-print>: prints the page (replaces onclick="window.print()").
  // <button data-hide-closest="tr">: hides the closest such ancestor (replaces hx-on:click="...hidden = true").
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print], [data-hide-closest]");
    if (!button) return;
    if (button.hasAttribute("data-print")) window.print();
    var selector = button.getAttribute("data-hide-closest");
    if (selector && button.closest(selector)) button.closest(selector).hidden = true;
  });

  // <span data-bar="42.5">: a progress bar's width in percent (a style= attribute is refused by the CSP;
  // setting element.style from a script is not). Runs on the page and on every fragment htmx swaps in.
  function drawBars(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("[data-bar]").forEach(function (bar) { bar.style.width = bar.getAttribute("data-bar") + "%"; });
  }
  document.addEventListener("DOMContentLoaded", function () { drawBars(document); });
  document.addEventListener("htmx:load", function (event) { drawBars(event.detail.elt.parentNode || event.detail.elt); });

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

// The item picker (templates/catalog/_macros.html): results are radio buttons under a search box.
// Down arrow from the box enters the list, arrows move, Enter or a click chooses; the list then folds to
// the chosen item until the box is used again. Without this file every item stays listed and clickable.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  const radios = (picker) => Array.from(picker.querySelectorAll(".item-results input[type=radio]"));
  const firstMatch = (picker) => radios(picker).find((r) => !r.closest(".pinned"));

  function choose(picker, radio, moveOn) {
    radio.checked = true;
    picker.classList.add("picked");
    if (!moveOn) return;
    const fields = Array.from(radio.form.elements).filter((e) => !picker.contains(e) && e.type !== "hidden");
    const next = fields.find((e) => radio.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
    (next || radio).focus();
  }

  document.addEventListener("keydown", (event) => {
    const picker = event.target.closest && event.target.closest(".item-picker");
    if (!picker) return;
    const inBox = event.target.classList.contains("item-search");
    const list = radios(picker);
    if (inBox && event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      picker.classList.remove("picked");
      const target = list.find((r) => r.checked) || firstMatch(picker) || list[0];
      target.checked = true;
      target.focus();
    } else if (event.key === "Enter") {
      const radio = inBox ? firstMatch(picker) : event.target;
      event.preventDefault(); // Enter chooses; it never submits the form from inside the picker
      if (radio && radio.type === "radio") choose(picker, radio, true);
    } else if (!inBox && event.key === "ArrowUp" && event.target === list[0]) {
      event.preventDefault();
      picker.querySelector(".item-search").focus();
    } else if (!inBox && event.key === "Escape") {
      picker.querySelector(".item-search").focus();
    } else if (!inBox && event.key.startsWith("Arrow")) {
      picker.classList.remove("picked");
    }
  });

  document.addEventListener("click", (event) => {
    const label = event.target.closest && event.target.closest(".item-result");
    if (!label || event.detail === 0) return; // arrow keys in a radio group also fire (synthetic) clicks
    const picker = label.closest(".item-picker");
    setTimeout(() => choose(picker, label.querySelector("input"), false));
  });

  document.addEventListener("focusin", (event) => {
    if (event.target.classList && event.target.classList.contains("item-search")) {
      event.target.closest(".item-picker").classList.remove("picked");
    }
  });
})();

// The dashboard's only script, and an optional one: every page works without it. Charts are
// SVG rendered on the server, so nothing here draws; it only saves a click or two.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Choosing a value in a filter marked data-autosubmit applies it at once.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // Open the event a link points at (#s12 on a document page scrolls to its sentence).
  if (location.hash) {
    const target = document.getElementById(location.hash.slice(1));
    if (target) target.classList.add("focused");
  }
});

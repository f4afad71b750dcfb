// Draw every chart on the page: each .chart names the <script type="application/json"> holding
// its Vega or Vega-Lite spec. The vendored vega-embed does the drawing; nothing is fetched.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-vega]")) {
    const spec = JSON.parse(document.getElementById(element.dataset.vega).textContent);
    vegaEmbed(element, spec, { actions: false, renderer: "svg" })
      .then((result) => {
        element.dataset.drawn = "true";
        window.shiftwatchViews = window.shiftwatchViews || {};
        window.shiftwatchViews[element.id] = result.view;
      })
      .catch((error) => {
        element.dataset.drawn = "error";
        element.textContent = "Chart could not be drawn: " + error;
      });
  }
  // Choosing a type in the dyad filters applies it at once.
  const typeFilter = document.getElementById("type-filter");
  if (typeFilter) typeFilter.addEventListener("change", () => typeFilter.form.submit());
  // Open the event a link points at (#s12 on a document page scrolls to its sentence).
  if (location.hash) {
    const target = document.getElementById(location.hash.slice(1));
    if (target) target.classList.add("focused");
  }
});

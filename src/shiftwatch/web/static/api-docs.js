// Start Swagger UI (served from the installed fastapi-offline package) on the API's OpenAPI
// document. Kept out of the page so the Content-Security-Policy needs no inline script.
"use strict";
(function () {
  const element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: element.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();

// Starts Swagger UI on /openapi.json. A file rather than an inline script, so that the page's
// Content-Security-Policy can refuse every inline script.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No badge from an outside validator: the page calls this origin only.
    validatorUrl: null
  });
});

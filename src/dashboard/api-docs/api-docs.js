// Swagger UI over this service's own OpenAPI document. A file, not an inline script: the CSP is script-src 'self'.
'use strict';
window.ui = SwaggerUIBundle({
  url: new URL('../v1/openapi.json', window.location.href).href,
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  // The default validator badge calls validator.swagger.io; the docs must work offline.
  validatorUrl: null,
  tryItOutEnabled: false,
  displayRequestDuration: true,
  docExpansion: 'list',
});

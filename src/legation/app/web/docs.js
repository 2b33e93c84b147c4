// Swagger UI for /openapi.json, served from the swagger-ui-bundle-v2 package (no CDN).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });

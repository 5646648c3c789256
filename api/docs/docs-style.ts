/**
 * Our few rules over Swagger UI's stylesheet (/docs/docs.css, loaded after it): its light
 * greens, blues, oranges and greys put white or coloured text below WCAG AA's 4.5:1, so the same
 * hues are darkened until they pass. Nothing else of its look is changed.
 */
export const docsCss = `
.swagger-ui .info .title small pre.version { background: #5b616b; }
.swagger-ui .info .title small.version-stamp { background: #3f6600; }
.swagger-ui .info .title small.version-stamp pre.version { background: #3f6600; }
.swagger-ui .info .url, .swagger-ui .info a, .swagger-ui .info a.link { color: #1d5fae; }
.swagger-ui .btn.authorize { border-color: #1a7a4c; color: #1a7a4c; }
.swagger-ui .btn.authorize svg { fill: #1a7a4c; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1a7a4c; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1d5fae; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #a85a00; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b3261e; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #595959; }
.swagger-ui .opblock .opblock-section-header .try-out__btn.cancel { border-color: #b3261e; color: #b3261e; }
.swagger-ui .parameter__in { color: #595959; }
.swagger-ui .btn.execute { background: #1d5fae; border-color: #1d5fae; }
.swagger-ui .download-contents { background: #5b616b; }
.swagger-ui .json-schema-2020-12__constraint--string { background-color: #7a5a00; }
`;

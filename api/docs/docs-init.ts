/**
 * The script that starts Swagger UI on /docs, served as a file of its own (/docs/docs-init.js)
 * because the page's CSP allows scripts from this app only, never inline. It reads the same
 * /openapi.json the integrators' programs read; an API key typed into "Authorize" lives only
 * in the page's memory (persistAuthorization false), and no query string can point the viewer
 * at another document (queryConfigEnabled false). Deep links are off: they put a link inside
 * each operation's toggle button, a control nested in a control.
 *
 * Swagger UI 5 leaves a few controls without a name a screen reader can say, or with one that
 * differs from the words shown; `repairs` mends them whenever they are drawn, whichever of its
 * components draws them (a MutationObserver, because they come and go with the dialogs).
 */
export const docsInitScript = `'use strict';
const repairs = [
  // The server <select>: its <label> wraps it with no text.
  ['select#servers:not([aria-label])', (el) => el.setAttribute('aria-label', 'Server')],
  // The dialog's close button holds only an icon.
  ['button.close-modal:not([aria-label])', (el) => el.setAttribute('aria-label', 'Close')],
  // "Authorize" and "Logout" are announced as "Apply credentials" and "Remove authorization".
  ['button[aria-label="Apply credentials"], button[aria-label="Remove authorization"]', (el) => el.removeAttribute('aria-label')],
  // The key's field is labelled "Value:" but announced as its own id.
  ['input[aria-label="auth-bearer-value"]', (el) => el.removeAttribute('aria-label')],
  // The request body's editor has no label at all.
  ['textarea.body-param__text:not([aria-label])', (el) => el.setAttribute('aria-label', 'Request body')],
  // Examples and answers scroll sideways: a keyboard must be able to reach them to scroll.
  ['pre.microlight:not([tabindex])', (el) => el.setAttribute('tabindex', '0')],
];
const repair = (root) => {
  for (const [selector, mend] of repairs) root.querySelectorAll(selector).forEach(mend);
};
const root = document.getElementById('swagger-ui');
new MutationObserver(() => repair(root)).observe(root, { childList: true, subtree: true });
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  deepLinking: false,
  tryItOutEnabled: true,
  persistAuthorization: false,
  queryConfigEnabled: false,
  validatorUrl: null,
  syntaxHighlight: { activated: true, theme: 'idea' },
});
`;

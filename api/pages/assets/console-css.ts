/**
 * /assets/console.css: what the console's pages add to figures.css (forms, the inbox, the case
 * page). Phone width first: tables scroll inside their wrapper, forms take the whole width.
 */
export const consoleCss = `.signed-in { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; font-size: 0.95rem; }
.inline-form { display: inline; margin: 0; }
.link-button { background: none; border: 0; box-shadow: none; color: inherit; text-decoration: underline; padding: 0; cursor: pointer; }
.site-header .link-button { color: #ffffff; }
.console-form { max-width: 40rem; display: flex; flex-direction: column; gap: 1rem; margin: 1rem 0 2rem; }
.console-form .field { gap: 0.25rem; }
.console-form input[type="text"], .console-form input[type="password"], .console-form input[type="number"], .console-form select, .console-form textarea { width: 100%; max-width: 100%; box-sizing: border-box; padding: 0.4rem; border: 2px solid #0b0c0c; font: inherit; }
.console-form button { align-self: flex-start; }
.field-error { border-inline-start: 5px solid #b3261e; padding-inline-start: 0.75rem; }
.error-message { color: #b3261e; font-weight: 700; margin: 0; }
.notice { border-inline-start: 5px solid #1d4f91; padding: 0.5rem 1rem; background: #eef3fa; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 0.25rem; background: #eef3fa; color: #0b0c0c; white-space: nowrap; }
.badge-overdue { background: #b3261e; color: #ffffff; }
.badge-warning { background: #ffdd00; color: #0b0c0c; }
textarea { font: inherit; }
@media (max-width: 40rem) {
  main { padding-inline: 0.75rem; }
  .console-form { max-width: none; }
}
/* inbox and lists */
/* case page */
/* admin */
`;

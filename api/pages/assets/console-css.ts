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
.list-filters fieldset { margin: 1rem 0; }
.list-filters .list-search { flex: 1 1 16rem; }
.list-filters .list-search input { width: 100%; box-sizing: border-box; }
.list-filters a { align-self: center; }
.case-list tr.overdue th, .case-list tr.overdue td { background: #fdf0ef; }
.pager { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1rem 0 2rem; }
.email-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.email-facts dt { font-weight: 700; }
.email-facts dd { margin: 0; }
.email-body { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #6f777b; padding: 0.75rem; background: #f8f8f8; max-width: 60rem; }
/* case page */
.case-stage { margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.applicant-name { font-weight: 400; }
.case-actions { border: 2px solid #1d4f91; padding: 0 1rem 1rem; margin: 1rem 0 2rem; }
.step-form h3 { margin-bottom: 0; }
.step-details { border-top: 1px solid #6f777b; padding: 0.5rem 0; }
.step-details summary { cursor: pointer; color: #1d4f91; text-decoration: underline; font-weight: 700; }
.checkbox { display: flex; gap: 0.5rem; align-items: center; }
.checkbox input { width: 1.5rem; height: 1.5rem; }
.form-group { flex-direction: column; align-items: stretch; }
.case-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0.5rem 1.5rem; margin: 0 0 2rem; }
.case-facts dt { font-weight: 700; }
.case-facts dd { margin: 0; overflow-wrap: anywhere; }
.step-data { display: grid; grid-template-columns: auto 1fr; gap: 0 0.75rem; margin: 0; }
.step-data dt { font-weight: 700; }
.step-data dd { margin: 0; overflow-wrap: anywhere; }
.step-data ul { margin: 0; padding-inline-start: 1.25rem; }
.step-comment { margin: 0.25rem 0 0; font-style: italic; }
.timeline .when, .time-of-day { white-space: nowrap; }
table.timeline { width: 100%; }
.organization { color: #484f53; font-size: 0.85rem; }
/* admin */
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.console-form input[type="email"] { width: 100%; max-width: 100%; box-sizing: border-box; padding: 0.4rem; border: 2px solid #0b0c0c; font: inherit; }
.action-link { font-weight: 700; }
.record-id { display: block; color: #484f53; font-size: 0.85rem; }
.row-action { font-size: 0.85rem; padding: 0.2rem 0.6rem; white-space: nowrap; }
.gregorian { color: #484f53; font-size: 0.85rem; white-space: nowrap; }
.one-time-secret { border: 4px solid #1d4f91; padding: 1rem 1.25rem; margin: 1rem 0; max-width: 40rem; }
.one-time-secret dt { font-weight: 700; }
.one-time-secret dd { margin: 0.5rem 0 0; }
.one-time-secret code { font-size: 1.3rem; word-break: break-all; user-select: all; }
.history-links { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; list-style: none; padding: 0; }
.history-account { font-size: 0.85rem; overflow-wrap: anywhere; min-width: 16rem; }
.history-stage { display: block; font-weight: 400; font-size: 0.85rem; }
`;

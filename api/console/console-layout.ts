import { html, type SafeHtml } from '../pages/html';
import { documentHead } from '../pages/layout';
import type { ConsoleView } from './console-view';
import { deliveryWords } from './words/delivery';

/**
 * The frame of every console page: language and direction, the menu for the person's role,
 * the sign-out form. No script anywhere; every action is a plain form.
 */
export function consolePage(view: ConsoleView, title: string, main: SafeHtml): string {
  const { words, person } = view;
  const other = view.language === 'fa' ? 'en' : 'fa';
  return html`<!doctype html>
<html lang="${view.language}" dir="${view.language === 'fa' ? 'rtl' : 'ltr'}">
${documentHead(`${title} · ${words.site}`, ['/assets/console.css'])}
<body>
<a class="skip-link" href="#main">${words.skip}</a>
<header class="site-header">
<p class="site-name">${words.site}</p>
<nav aria-label="${words.nav}">
<ul>
${person ? menuFor(view) : ''}
<li><a href="${languageLink(view, other)}" hreflang="${other}" lang="${other}">${words.otherLanguage}</a></li>
</ul>
</nav>
${person ? html`<div class="signed-in"><span>${words.signedInAs(person.name, view.language === 'fa' ? person.organizationNameFa : person.organizationName)}</span>
<form method="post" action="/console/sign-out" class="inline-form">${csrfField(view)}<button type="submit" class="link-button">${words.signOut}</button></form></div>` : ''}
</header>
<main id="main">
${main}
</main>
</body>
</html>
`.text;
}

/** The hidden field every console form carries. */
export const csrfField = (view: ConsoleView): SafeHtml => html`<input type="hidden" name="_csrf" value="${view.csrfToken ?? ''}">`;

/** The same page in the other language: one click, remembered in a cookie. */
export function languageLink(view: ConsoleView, language: 'fa' | 'en'): string {
  const query = new URLSearchParams({ ...view.query, lang: language });
  return `${view.path}?${query.toString()}`;
}

function menuFor(view: ConsoleView): SafeHtml {
  const { menu } = view.words;
  const role = view.person!.role;
  const items: [string, string][] = [];
  if (role === 'agency' || role === 'bank') items.push(['/console/inbox', menu.inbox]);
  if (role === 'agency') items.push(['/console/applications/new', menu.newApplication]);
  items.push(['/console/cases', menu.cases]);
  if (role === 'official' || role === 'admin') items.push(['/console/stalled', menu.stalled], ['/console/escalations', menu.escalations]);
  // The figures pages take their language from the query, not from the console's cookie.
  items.push([view.language === 'en' ? '/console/figures?lang=en' : '/console/figures', menu.figures]);
  if (role === 'admin') items.push(['/console/admin/organizations', menu.organizations], ['/console/admin/people', menu.people], ['/console/admin/keys', menu.keys]);
  if (role === 'admin') items.push(['/console/admin/emails', deliveryWords[view.language].menu]);
  return html`${items.map(([href, label]) => html`<li><a href="${href}"${view.path === href ? html` aria-current="page"` : ''}>${label}</a></li>`)}`;
}

/** Where a person lands after signing in: the inbox for those who hold cases, else the stalled cases or the admin's pages. */
export function homeOf(role: string): string {
  if (role === 'agency' || role === 'bank') return '/console/inbox';
  if (role === 'official') return '/console/stalled';
  return '/console/admin/people';
}

/** A field's error message beside it, and the summary of all at the top (GOV.UK's pattern). */
export interface FieldError {
  field: string;
  message: string;
  /** The field's label in the page's language; without one the summary names the field by its key. */
  label?: string;
}

export function errorSummary(view: ConsoleView, errors: readonly FieldError[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${view.words.errors.intro}</h2>
<ul>${errors.map(({ field, message, label }) => html`<li>${field ? html`<a href="#field-${field}">${label ?? field}</a>: ` : ''}<span dir="auto">${message}</span></li>`)}</ul>
</div>`;
}

/** A console page that only says something: not found, forbidden, a refused form. */
export function messagePage(view: ConsoleView, title: string, message: string): string {
  const back = view.person ? homeOf(view.person.role) : '/console/sign-in';
  return consolePage(view, title, html`<h1>${title}</h1><p class="notice">${message}</p><p><a href="${back}">${view.words.errors.back}</a></p>`);
}

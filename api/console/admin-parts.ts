import type { Request, Response } from 'express';
import { html, type SafeHtml } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { consolePage, csrfField, type FieldError, messagePage } from './console-layout';
import { consoleView, type ConsoleView } from './console-view';
import { type AdminWords, adminWords } from './words/admin-words';

/** The pieces the admins' pages share: their words, tables, form fields, a secret shown once, a time. */

export const adminWordsOf = (view: ConsoleView): AdminWords => adminWords[view.language];

/** A table that scrolls inside its own region on a phone, named by its caption. */
export function adminTable(caption: string, head: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0">
<table>
<caption>${caption}</caption>
<thead><tr>${head.map((label) => html`<th scope="col">${label}</th>`)}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}

export interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  value?: string;
  errors: readonly FieldError[];
  type?: 'text' | 'email';
  autocomplete?: string;
  /** Ids, usernames and emails are Latin whatever the page's direction. */
  ltr?: boolean;
  required?: boolean;
}

export interface SelectSpec extends FieldSpec {
  options: readonly { value: string; label: string }[];
  placeholder: string;
}

/** Label, hint and the field's own error beside it (GOV.UK's pattern); the input says what describes it. */
function fieldFrame(spec: FieldSpec, control: (attributes: SafeHtml) => SafeHtml): SafeHtml {
  const error = spec.errors.find((e) => e.field === spec.name);
  const id = `field-${spec.name}`;
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attributes = html`id="${id}" name="${spec.name}"${spec.required ? html` required` : ''}${error ? html` aria-invalid="true"` : ''}${
    described ? html` aria-describedby="${described}"` : ''
  }`;
  return html`<div class="field${error ? ' field-error' : ''}"><label for="${id}">${spec.label}</label>
${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''}
${error ? html`<p class="error-message" id="${id}-error" dir="auto">${error.message}</p>` : ''}
${control(attributes)}</div>`;
}

export const textField = (spec: FieldSpec): SafeHtml =>
  fieldFrame(
    spec,
    (attributes) =>
      html`<input ${attributes} type="${spec.type ?? 'text'}" value="${spec.value ?? ''}"${spec.autocomplete ? html` autocomplete="${spec.autocomplete}"` : ''}${
        spec.ltr ? html` dir="ltr" autocapitalize="none" spellcheck="false"` : ''
      }>`,
  );

export const selectField = (spec: SelectSpec): SafeHtml =>
  fieldFrame(
    spec,
    (attributes) => html`<select ${attributes}>
<option value="">${spec.placeholder}</option>
${spec.options.map((o) => html`<option value="${o.value}"${o.value === spec.value ? html` selected` : ''}>${o.label}</option>`)}
</select>`,
  );

/** A small form that posts one action for one row, e.g. revoking a key; its button also names the row, for a screen reader. */
export function rowAction(view: ConsoleView, action: string, label: string, row: string): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">${csrfField(view)}<button type="submit" class="row-action">${label}<span class="visually-hidden"> — ${row}</span></button></form>`;
}

/**
 * A password or key shown once, on the answer to the POST that made it: never in a URL, never
 * stored, never cached (`sendPage` says no-store).
 */
export function sendSecret(res: Response, posted: ConsoleView, page: { title: string; intro: string; label: string; secret: string; once: string; back: { href: string; text: string } }, status: number): void {
  const view = answeringFrom(posted, page.back.href);
  const main = html`<h1>${page.title}</h1>
<p>${page.intro}</p>
<dl class="one-time-secret"><dt>${page.label}</dt><dd><code dir="ltr" lang="en">${page.secret}</code></dd></dl>
<p class="notice">${page.once}</p>
<p><a href="${page.back.href}">${page.back.text}</a></p>`;
  sendPage(res, consolePage(view, page.title, main), status);
}

/** An instant as people in Lahijan read it: the Jalali day and the Tehran time, with the instant for machines. */
export function momentOf(view: ConsoleView, at: Date): SafeHtml {
  const time = new Intl.DateTimeFormat(view.language === 'fa' ? 'fa-IR' : 'en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return html`<time datetime="${at.toISOString()}">${view.formats.day(at).jalali} ${time.format(at)}</time>`;
}

/** A day only, Jalali with the Gregorian beside it for those who compare with a bank's records. */
export function dayOf(view: ConsoleView, at: Date): SafeHtml {
  const day = view.formats.day(at);
  return html`<time datetime="${at.toISOString()}">${day.jalali}</time> <span class="gregorian">(${day.gregorian})</span>`;
}

/** A refusal that is not a field's: the action cannot be taken on this record (already revoked, your own password). */
export function refusalPage(req: Request, res: Response, message: string, status: number, listPath: string): void {
  const view = answeringFrom(consoleView(req, res), listPath);
  sendPage(res, messagePage(view, view.words.errors.title, message), status);
}

/**
 * A page answering a POST: its language link goes to the page a person can open again (the
 * list, the empty form), never to the POST's own path, which has no page to GET.
 */
export const answeringFrom = (view: ConsoleView, path: string): ConsoleView => ({ ...view, path, query: {} });

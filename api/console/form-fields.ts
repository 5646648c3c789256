import { html, type SafeHtml } from '../pages/html';
import type { FieldError } from './console-layout';
import type { ConsoleView } from './console-view';

/**
 * The inputs of the console's forms, in GOV.UK's pattern: a label, a hint, the error message
 * beside the field (and the field marked invalid), the value sent kept when the form comes back.
 */
export interface FieldSpec {
  /** The field's name in the form and in the JSON body (`applicant.nationalId` for a nested one). */
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'checkbox';
  hint?: string | undefined;
  /** For a select: value and label of each choice (an empty first choice is added). */
  options?: readonly (readonly [string, string])[];
  required?: boolean;
  /** Digits, ids and references read left to right even in Persian. */
  ltr?: boolean;
  numeric?: boolean;
  autocomplete?: string;
  /** For a select: the words of its empty first choice. */
  choose?: string;
  /** A textarea whose lines are the items of a list in the body. */
  list?: boolean;
}

/** What a form shows: the values sent (or none) and the errors, by field name. */
export interface FormState {
  values: Record<string, string>;
  errors: FieldError[];
}

export const emptyForm: FormState = { values: {}, errors: [] };

/** The form's own field values, as text; anything else a browser (or anyone) sent is ignored. */
export function valuesOf(body: unknown, specs: readonly FieldSpec[]): Record<string, string> {
  const sent = (body ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const { name } of specs) {
    const value = sent[name];
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

/**
 * The JSON body the form stands for, for the same zod schema as the API's: a checked box is
 * `true`, a list's lines are its items, an optional field left empty is left out, and a dotted
 * name (`applicant.fullName`) is a nested field.
 */
export function bodyOf(values: Record<string, string>, specs: readonly FieldSpec[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = values[spec.name] ?? '';
    if (spec.kind === 'checkbox') {
      if (value === 'true') put(body, spec.name, true);
    } else if (spec.list) {
      put(body, spec.name, value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean));
    } else if (spec.required || value.trim() !== '') {
      put(body, spec.name, value);
    }
  }
  return body;
}

function put(body: Record<string, unknown>, name: string, value: unknown): void {
  const [head, ...rest] = name.split('.');
  if (rest.length === 0) {
    body[head!] = value;
    return;
  }
  const inner = (body[head!] ??= {}) as Record<string, unknown>;
  put(inner, rest.join('.'), value);
}

/** An error of a list (`questions.2`) or an unknown key belongs to the field it is part of. */
export const fieldOfError = (field: string, specs: readonly FieldSpec[]): FieldSpec | undefined =>
  specs.find((spec) => field === spec.name || field.startsWith(`${spec.name}.`));

export function renderField(spec: FieldSpec, idPrefix: string, state: FormState, translate: (message: string) => string): SafeHtml {
  const id = `${idPrefix}${spec.name}`;
  const errors = state.errors.filter((e) => fieldOfError(e.field, [spec]) === spec);
  const value = state.values[spec.name] ?? '';
  const hintId = spec.hint ? `${id}-hint` : '';
  const errorId = errors.length > 0 ? `${id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const common = html` id="${id}" name="${spec.name}"${spec.required ? html` required` : ''}${errors.length > 0 ? html` aria-invalid="true"` : ''}${
    describedBy ? html` aria-describedby="${describedBy}"` : ''
  }`;
  const hint = spec.hint ? html`<p class="hint" id="${hintId}">${spec.hint}</p>` : '';
  const message = errors.length > 0 ? html`<p class="error-message" id="${errorId}" dir="auto">${errors.map((e) => translate(e.message)).join(' ')}</p>` : '';
  if (spec.kind === 'checkbox') {
    return html`<div class="field checkbox-field${errors.length > 0 ? ' field-error' : ''}">${message}
<div class="checkbox"><input type="checkbox" value="true"${common}${value === 'true' ? html` checked` : ''}>
<label for="${id}">${spec.label}</label></div>${hint}</div>`;
  }
  const control =
    spec.kind === 'textarea'
      ? html`<textarea rows="3"${common} dir="${spec.ltr ? 'ltr' : 'auto'}">${value}</textarea>`
      : spec.kind === 'select'
        ? html`<select${common}><option value="">${spec.choose ?? ''}</option>${(spec.options ?? []).map(
            ([optionValue, optionLabel]) => html`<option value="${optionValue}"${optionValue === value ? html` selected` : ''}>${optionLabel}</option>`,
          )}</select>`
        : html`<input type="text"${common} value="${value}" dir="${spec.ltr ? 'ltr' : 'auto'}"${spec.numeric ? html` inputmode="numeric"` : ''}${
            spec.autocomplete ? html` autocomplete="${spec.autocomplete}"` : ''
          }>`;
  return html`<div class="field${errors.length > 0 ? ' field-error' : ''}"><label for="${id}">${spec.label}</label>${hint}${message}${control}</div>`;
}

/**
 * The summary at the top of a refused form: what went wrong in words, then each field at fault
 * by its label, linking to it. Errors of no field (a rule's refusal) are said without a link.
 */
export function formErrorSummary(
  view: ConsoleView,
  headline: string,
  errors: readonly FieldError[],
  specs: readonly FieldSpec[],
  idPrefix: string,
  translate: (message: string) => string,
): SafeHtml {
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${view.words.errors.intro}</h2>
<p dir="auto">${headline}</p>
${errors.length > 0 ? html`<ul>${errors.map(({ field, message }) => {
    const spec = fieldOfError(field, specs);
    return html`<li>${spec ? html`<a href="#${idPrefix}${spec.name}">${spec.label}</a>: ` : ''}<span dir="auto">${translate(message)}</span></li>`;
  })}</ul>` : ''}
</div>`;
}

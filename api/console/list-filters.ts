import { toAsciiDigits } from '../../domain/identity';
import { normalizeIdentifier } from '../../domain/normalize';
import { categories, type Category, type District, districts, type Stage } from '../../domain/vocabulary';
import type { Prisma } from '../../generated/prisma/client';
import type { FieldCipher } from '../../security/field-cipher';
import { html, type SafeHtml } from '../pages/html';
import type { FieldError } from './console-layout';
import type { ConsoleView } from './console-view';
import type { InboxWords } from './words/inbox-words';

/**
 * The filters of the console's lists, read from a plain GET form: each names a value of a fixed
 * list, or is refused with the field named (and nothing is listed from a filter we did not understand).
 */
export interface ListFilters {
  stage?: Stage;
  district?: District;
  category?: Category;
  bankId?: string;
  q?: string;
  page: number;
}

/** Which filters a list offers, and the values each accepts. */
export interface FilterChoices {
  stages: readonly Stage[];
  districts?: boolean;
  categories?: boolean;
  /** The banks an official may narrow to: id and the name shown. */
  banks?: { id: string; name: string }[];
}

const MAX_QUERY = 100;

export function parseFilters(query: Record<string, string>, choices: FilterChoices, words: InboxWords): { filters: ListFilters; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const filters: ListFilters = { page: 1 };
  const pick = <T extends string>(field: string, allowed: readonly T[] | undefined): T | undefined => {
    const value = query[field];
    if (value === undefined) return undefined;
    if (allowed?.includes(value as T)) return value as T;
    errors.push({ field, message: words.filters.invalid(value) });
    return undefined;
  };
  const stage = pick('stage', choices.stages);
  const district = pick('district', choices.districts ? districts : undefined);
  const category = pick('category', choices.categories ? categories : undefined);
  const bankId = pick('bank', choices.banks?.map((b) => b.id));
  if (stage) filters.stage = stage;
  if (district) filters.district = district;
  if (category) filters.category = category;
  if (bankId) filters.bankId = bankId;
  const q = query.q?.trim();
  if (q && q.length > MAX_QUERY) errors.push({ field: 'q', message: words.filters.tooLong });
  else if (q) filters.q = q;
  const page = query.page === undefined ? '1' : toAsciiDigits(query.page);
  if (/^[1-9]\d{0,5}$/.test(page)) filters.page = Number(page);
  else errors.push({ field: 'page', message: words.filters.invalid(query.page!) });
  return { filters, errors };
}

/**
 * The search box: the agency's reference (part of it, as identifiers are stored), whole words of
 * the applicant's name, or the whole national id; Persian and Arabic digits and letters as typed.
 * Names and national ids are sealed, so they are found by their blind indexes (whole words only).
 */
export function searchWhere(q: string, fields: FieldCipher): Prisma.ApplicationWhereInput {
  const nationalId = toAsciiDigits(q).replace(/[\s-]/g, '');
  const nameWords = fields.nameQueryIndex(q);
  return {
    OR: [
      { agencyReference: { contains: normalizeIdentifier(q), mode: 'insensitive' } },
      ...(nameWords.length > 0 ? [{ applicant: { nameIndex: { hasEvery: nameWords } } }] : []),
      ...(/^\d{10}$/.test(nationalId) ? [{ applicant: { nationalIdIndex: fields.nationalIdIndex(nationalId) } }] : []),
    ],
  };
}

/** The filters as Prisma conditions, the search included. */
export function filtersWhere(filters: ListFilters, fields: FieldCipher): Prisma.ApplicationWhereInput[] {
  return [
    ...(filters.stage ? [{ stage: filters.stage }] : []),
    ...(filters.district ? [{ district: filters.district }] : []),
    ...(filters.category ? [{ category: filters.category }] : []),
    ...(filters.bankId ? [{ bankId: filters.bankId }] : []),
    ...(filters.q ? [searchWhere(filters.q, fields)] : []),
  ];
}

/** The filter form: a GET form, so a filtered list is a link that can be shared and bookmarked. */
export function filterForm(view: ConsoleView, words: InboxWords, choices: FilterChoices, errors: readonly FieldError[]): SafeHtml {
  const { query, pageWords } = view;
  const faulty = (field: string) => errors.some((e) => e.field === field);
  const select = (field: string, label: string, options: [string, string][]) =>
    html`<div class="field${faulty(field) ? ' field-error' : ''}"><label for="field-${field}">${label}</label>
<select id="field-${field}" name="${field}"><option value="">${words.filters.all}</option>${options.map(
      ([value, text]) => html`<option value="${value}"${query[field] === value ? html` selected` : ''}>${text}</option>`,
    )}</select></div>`;
  return html`<form method="get" action="${view.path}" class="list-filters">
<fieldset><legend>${words.filters.legend}</legend>
${select('stage', words.filters.stage, choices.stages.map((s) => [s, pageWords.stages[s]]))}
${choices.districts ? select('district', words.filters.district, districts.map((d) => [d, pageWords.districts[d]])) : ''}
${choices.categories ? select('category', words.filters.category, categories.map((c) => [c, pageWords.categories[c]])) : ''}
${choices.banks ? select('bank', words.filters.bank, choices.banks.map((b) => [b.id, b.name])) : ''}
<div class="field list-search${faulty('q') ? ' field-error' : ''}"><label for="field-q">${words.filters.q}</label>
<span class="hint" id="field-q-hint">${words.filters.qHint}</span>
<input type="search" id="field-q" name="q" value="${query.q ?? ''}" maxlength="200" aria-describedby="field-q-hint" dir="auto"></div>
<button type="submit">${words.filters.apply}</button>
<a href="${view.path}">${words.filters.clear}</a>
</fieldset>
</form>`;
}

/** Previous and next links that keep the filters. */
export function pager(view: ConsoleView, words: InboxWords, page: number, pages: number): SafeHtml {
  if (pages <= 1) return html``;
  const link = (to: number) => `${view.path}?${new URLSearchParams({ ...view.query, page: String(to) }).toString()}`;
  return html`<nav class="pager" aria-label="${words.paging.label}">
${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">${words.paging.previous}</a>` : ''}
<span>${words.paging.page(view.formats.digits(page), view.formats.digits(pages))}</span>
${page < pages ? html`<a href="${link(page + 1)}" rel="next">${words.paging.next}</a>` : ''}
</nav>`;
}

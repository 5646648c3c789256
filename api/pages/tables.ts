import { html, type SafeHtml } from './html';
import type { PageContext } from './layout';
import { figureLabel, wordOf } from './words';

/**
 * Figures as tables: one row per organization, category or district and the county's total
 * last, a column per figure (its JSON path). Values keep their JSON types here, so a string of
 * digits (rials) is grouped as a bigint and a share reads as a percentage.
 */
export type Leaves = Map<string, unknown>;

/** The row's figures by JSON path; `{ en, fa }` texts become one leaf in the page's language. */
export function leavesOf(row: object, language: 'fa' | 'en', prefix = '', into: Leaves = new Map()): Leaves {
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const text = value as Record<string, unknown>;
      if (typeof text.en === 'string' && typeof text.fa === 'string' && Object.keys(text).length === 2) into.set(`${prefix}${key}`, text[language]);
      else leavesOf(value, language, `${prefix}${key}.`, into);
    } else if (!Array.isArray(value)) {
      into.set(`${prefix}${key}`, value);
    }
  }
  return into;
}

/** What names a row rather than counts: shown in the row's header, not as a column. */
export const KEY_FIELDS = ['organizationId', 'kind', 'name', 'nameFa', 'category', 'district', 'area'];

export function rowLabel(context: PageContext, leaves: Leaves): string {
  const text = (key: string) => (typeof leaves.get(key) === 'string' && leaves.get(key) !== '' ? (leaves.get(key) as string) : undefined);
  const name = context.words.language === 'fa' ? (text('nameFa') ?? text('name')) : (text('name') ?? text('nameFa'));
  const key = ['category', 'district', 'area', 'organizationId'].map(text).find((value) => value !== undefined);
  return name ?? (key ? wordOf(context.words, key) : '—');
}

export function cell(context: PageContext, path: string, value: unknown): string {
  const { words, formats } = context;
  if (value === null || value === undefined || value === '') return words.none;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return Number.isInteger(value) ? formats.whole(value) : formats.decimal(value);
  if (typeof value !== 'string') return String(value);
  if (/^-?\d+$/.test(value)) return formats.whole(value);
  if (/^-?\d+\.\d+$/.test(value)) return /(share|rate)$/i.test(path) ? formats.percent(value) : formats.decimal(value);
  // A text figure (a note) reads in the page's digits too.
  return formats.digits(wordOf(words, value));
}

export interface TableRow {
  label: string;
  leaves: Leaves;
}

export function figuresTable(context: PageContext, caption: string, columns: string[], rows: TableRow[], county: TableRow | undefined): SafeHtml {
  const { words } = context;
  const line = (row: TableRow, total: boolean) =>
    html`<tr${total ? html` class="total"` : ''}><th scope="row">${row.label}</th>${columns.map((path) => {
      const value = row.leaves.get(path);
      const numeric = typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
      return html`<td${numeric ? html` class="num"` : ''}>${cell(context, path, value)}</td>`;
    })}</tr>`;
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0">
<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${words.page.rowHeader}</th>${columns.map((path) => html`<th scope="col">${figureLabel(words, path)}</th>`)}</tr></thead>
<tbody>${rows.map((row) => line(row, false))}</tbody>
${county ? html`<tfoot>${line(county, true)}</tfoot>` : ''}
</table>
</div>`;
}

/** The columns of these rows in first-seen order, less the key fields. */
export function columnsOf(rows: Leaves[]): string[] {
  const columns: string[] = [];
  for (const leaves of rows) for (const path of leaves.keys()) if (!KEY_FIELDS.includes(path) && !columns.includes(path)) columns.push(path);
  return columns;
}

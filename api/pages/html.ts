/**
 * HTML that escapes by default: every value put into an `html` template is escaped, unless it
 * is itself `SafeHtml` (made by `html` or, for markup this program generated, `trusted`).
 * Arrays are joined, null/undefined/false give nothing.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

type Value = SafeHtml | string | number | bigint | boolean | null | undefined | readonly Value[];

const render = (value: Value): string => {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
};

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i] as Value) : ''), ''));
}

/** Markup this program built itself (an ECharts SVG), never text from a request or the database. */
export const trusted = (markup: string): SafeHtml => new SafeHtml(markup);

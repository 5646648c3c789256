import type { Request } from 'express';
/**
 * Figures as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads the Persian
 * names as Windows-1256 garbage), CRLF line ends, one row per organization, category or district
 * and a last `county` row. Columns are the JSON's field paths (`approved.amount`), so they stay
 * stable and English.
 */

/** The leaves of a figures row in their JSON order, keyed by dotted path. */
export function flatten(row: object, prefix = ''): [string, string][] {
  return Object.entries(row).flatMap(([key, value]: [string, unknown]): [string, string][] =>
    value !== null && typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value == null ? '' : String(value)]],
  );
}

// A leading = + - @ would make Excel run the cell as a formula; no figure starts with one.
const inert = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
const cell = (text: string): string => {
  const safe = inert(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** What names the county row in the row's own key columns, per family of figures. */
export const countyKeys = {
  organization: { organizationId: 'county', kind: 'county', name: 'County total', nameFa: 'جمع شهرستان' },
  category: { category: 'county' },
  district: { district: 'county' },
};

export function figuresCsv(rows: object[], county: object, countyKey: object): string {
  const table = [...rows, { ...countyKey, ...county }].map((row) => flatten(row));
  const header = table[table.length - 1]!.map(([column]) => column);
  const lines = [header, ...table.map((row) => header.map((column) => row.find(([c]) => c === column)?.[1] ?? ''))];
  return `\uFEFF${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

// `?format` wins; otherwise CSV only when the client prefers it to JSON (a browser's */* gets JSON).
export const wantsCsv = (req: Request, format: 'json' | 'csv' | undefined): boolean =>
  format ? format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';

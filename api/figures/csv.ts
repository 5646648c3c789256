/**
 * Figures as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads the Persian
 * names as Windows-1256 garbage), CRLF line ends, one row per organization and a last `county`
 * row. Columns are the JSON's field paths (`approved.amount`), so they stay stable and English.
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

export function figuresCsv(organizations: object[], county: object): string {
  const countyRow = { organizationId: 'county', kind: 'county', name: 'County total', nameFa: 'جمع شهرستان', ...county };
  const rows = [...organizations, countyRow].map((row) => flatten(row));
  const header = rows[rows.length - 1]!.map(([column]) => column);
  const lines = [header, ...rows.map((row) => header.map((column) => row.find(([c]) => c === column)?.[1] ?? ''))];
  return `\uFEFF${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

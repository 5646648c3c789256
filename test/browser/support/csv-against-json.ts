/**
 * Whether a figures CSV says what the JSON of the same figures says. The CSV writes each row's
 * leaves under their dotted JSON paths (`approved.amount`), null as an empty cell, and the
 * county last; so every row of the answer's arrays must be one record, equal on each of its
 * leaves, with nothing in the record's other cells, and the last record the county.
 */
export type Leaves = Record<string, string>;

export function leavesOf(row: object, prefix = ''): Leaves {
  const out: Leaves = {};
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && typeof value === 'object') Object.assign(out, leavesOf(value, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = value == null ? '' : String(value);
  }
  return out;
}

export interface Matching {
  /** Columns named otherwise in the CSV than in the JSON (the public summary's `id` for `organizationId`). */
  renames?: Record<string, string>;
  /** CSV columns that may hold something the JSON row does not (the public summary's `group`). */
  keyColumns?: string[];
}

export interface Mismatch {
  /** Rows of the answer no record says. */
  unmatchedRows: Leaves[];
  /** Records that say no row of the answer. */
  unmatchedRecords: Leaves[];
  /** The county as the answer gives it, and as the last record gives the same columns. */
  county: { json: Leaves; csv: Leaves };
}

export function compareCsvToJson(records: Leaves[], answer: { county: object } & Record<string, unknown>, matching: Matching = {}): Mismatch {
  const renames = matching.renames ?? {};
  const keyColumns = new Set(matching.keyColumns ?? []);
  const renamed = (leaves: Leaves): Leaves => Object.fromEntries(Object.entries(leaves).map(([path, value]) => [renames[path] ?? path, value]));
  const rows = Object.values(answer)
    .filter((value): value is object[] => Array.isArray(value) && value.every((item) => item !== null && typeof item === 'object'))
    .flat()
    .map((row) => renamed(leavesOf(row)));
  const body = records.slice(0, -1);
  const used = new Set<number>();
  const says = (record: Leaves, row: Leaves) =>
    Object.entries(row).every(([column, value]) => record[column] === value) &&
    Object.entries(record).every(([column, value]) => column in row || keyColumns.has(column) || value === '');
  const unmatchedRows = rows.filter((row) => {
    const index = body.findIndex((record, i) => !used.has(i) && says(record, row));
    if (index < 0) return true;
    used.add(index);
    return false;
  });
  const countyJson = renamed(leavesOf(answer.county));
  const last = records[records.length - 1] ?? {};
  return {
    unmatchedRows,
    unmatchedRecords: body.filter((_, i) => !used.has(i)),
    county: { json: countyJson, csv: Object.fromEntries(Object.keys(countyJson).map((column) => [column, last[column] ?? '(missing)'])) },
  };
}

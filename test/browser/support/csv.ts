/**
 * RFC 4180 CSV, read back: fields separated by commas, records by CRLF (a lone LF is accepted),
 * a field in double quotes may hold commas, line breaks and "" for a quote. A leading UTF-8
 * byte-order mark is not part of the first field; a last line break does not start a record.
 */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  // Whether the current record has begun: a last record of one empty quoted field still counts.
  let begun = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"' && field === '') {
      // A quoted field runs to the first quote that is not doubled.
      let from = i + 1;
      for (;;) {
        const quote = source.indexOf('"', from);
        if (quote < 0) throw new Error(`CSV: the quoted field opened at offset ${i} is never closed`);
        field += source.slice(from, quote);
        if (source[quote + 1] !== '"') {
          i = quote + 1;
          break;
        }
        field += '"';
        from = quote + 2;
      }
      if (i < source.length && !',\r\n'.includes(source[i]!)) throw new Error(`CSV: text after the closing quote at offset ${i - 1}`);
      begun = true;
      continue;
    }
    if (c === ',') {
      endField();
      begun = true;
    } else if (c === '\n' || (c === '\r' && source[i + 1] === '\n')) {
      endField();
      records.push(record);
      record = [];
      begun = false;
      if (c === '\r') i += 1;
    } else {
      field += c;
      begun = true;
    }
    i += 1;
  }
  if (begun) {
    endField();
    records.push(record);
  }
  return records;
}

/** The records as objects keyed by the header's columns; a record of another width is an error. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row, n) => {
    if (row.length !== header.length) throw new Error(`CSV: record ${n + 1} has ${row.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((column, i) => [column, row[i]!]));
  });
}

import { csvRecords, parseCsv } from './support/csv';

/** The browser tests read the figures' CSV back with this parser: it must read RFC 4180 as Excel writes and reads it. */
describe('parseCsv reads RFC 4180', () => {
  test('a byte-order mark, CRLF records, quoted commas, doubled quotes and line breaks inside quotes', () => {
    const text = '\uFEFFid,name,amount\r\n1,"<script>alert(1)</script> & ""Co""",12\r\n2,"a, b\r\nc",\r\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'name', 'amount'],
      ['1', '<script>alert(1)</script> & "Co"', '12'],
      ['2', 'a, b\r\nc', ''],
    ]);
  });

  test('empty fields, an empty quoted last field without a last line break, and lone LF line ends', () => {
    expect(parseCsv('a,,""\nb,"",x\n""')).toEqual([['a', '', ''], ['b', '', 'x'], ['']]);
  });

  test('malformed input is an error, not a guess', () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(/never closed/);
    expect(() => parseCsv('a,"b"c\r\n')).toThrow(/after the closing quote/);
    expect(() => csvRecords('a,b\r\n1\r\n')).toThrow(/record 1 has 1 fields, the header 2/);
  });

  test('records become objects keyed by the header', () => {
    expect(csvRecords('\uFEFForganizationId,approved.amount\r\norg-bank-melli,18014398509481985\r\n')).toEqual([{ organizationId: 'org-bank-melli', 'approved.amount': '18014398509481985' }]);
  });
});

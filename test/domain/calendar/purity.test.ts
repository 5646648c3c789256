import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The calendar is imported by deterministic workflow code and bundled by webpack: it must
// stay free of Node built-ins, packages, the clock, randomness and the host's time zones.
const calendarFolder = join(__dirname, '../../../domain/calendar');
const sources = readdirSync(calendarFolder)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => {
    const text = readFileSync(join(calendarFolder, file), 'utf8');
    // Comments may name what the code must not use.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    return [file, code] as const;
  });

describe('the calendar module can run inside the workflow sandbox', () => {
  it.each(sources)('%s imports only its sibling files', (_file, code) => {
    const specifiers = [...code.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1] ?? '');
    expect(specifiers.filter((specifier) => !specifier.startsWith('./'))).toEqual([]);
    expect(code.match(/\brequire\(|\bimport\(/g)).toBeNull();
  });

  it.each(sources)('%s reads no clock, randomness, environment or Intl', (_file, code) => {
    expect(code.match(/Date\.now|new Date\(\)|Math\.random|\bIntl\b|\bprocess\b/g)).toBeNull();
  });
});

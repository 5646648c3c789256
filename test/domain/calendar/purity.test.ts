import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The calendar is imported by deterministic workflow code and bundled by webpack: it must
// stay free of Node built-ins, the clock, randomness and the host's time zones. Its one
// package is jalaali-js, the source of every Jalali date, which is plain arithmetic too.
const ALLOWED_PACKAGES = ['jalaali-js'];

const withoutComments = (text: string): string =>
  // Comments may name what the code must not use.
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

const calendarFolder = join(__dirname, '../../../domain/calendar');
const sources = readdirSync(calendarFolder)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => [file, withoutComments(readFileSync(join(calendarFolder, file), 'utf8'))] as const);

// Both builds the package publishes: webpack may pick either, depending on how it is imported.
const jalaaliBuilds = ['index.js', 'index.cjs'].map(
  (file) => [file, withoutComments(readFileSync(join(require.resolve('jalaali-js'), '..', file), 'utf8'))] as const,
);

const NONDETERMINISM = /Date\.now|new Date\(\)|Math\.random|\bIntl\b|\bprocess\b/g;

describe('the calendar module can run inside the workflow sandbox', () => {
  it.each(sources)('%s imports only its sibling files and jalaali-js', (_file, code) => {
    const specifiers = [...code.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1] ?? '');
    const outside = specifiers.filter((specifier) => !specifier.startsWith('./'));
    expect(outside.filter((specifier) => !ALLOWED_PACKAGES.includes(specifier))).toEqual([]);
    expect(code.match(/\brequire\(|\bimport\(/g)).toBeNull();
  });

  it.each(sources)('%s reads no clock, randomness, environment or Intl', (_file, code) => {
    expect(code.match(NONDETERMINISM)).toBeNull();
  });

  it.each(jalaaliBuilds)('jalaali-js (%s) imports nothing and reads no clock, randomness, environment or Intl', (_file, code) => {
    expect(code.match(/\brequire\(|\bimport\(|^\s*import\s/gm)).toBeNull();
    expect(code.match(NONDETERMINISM)).toBeNull();
  });
});

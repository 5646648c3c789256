// docker-compose.yml against the Compose Specification's JSON schema, before and after
// interpolation. compose-loader.test.ts runs Compose v2's loader itself on the file.
// test/deploy/compose-spec.json is a committed copy of schema/compose-spec.json from the Go
// module github.com/compose-spec/compose-go/v2 v2.16.2 (the loader Docker Compose v2 uses);
// test/deploy/README.md says how to refresh it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { interpolateAll, parseEnvFile, readComposeFile, readRepoFile, repoRoot } from './support/compose-file';

// compose-go registers this format for the schema: a Go time.Duration such as 10s, 1m30s or 1.5h.
const goDuration = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

function composeValidator() {
  const schema = JSON.parse(readFileSync(path.join(__dirname, 'compose-spec.json'), 'utf8')) as object;
  // Ajv's strict mode refuses constructs that are valid JSON Schema but unusual (a `required`
  // name inside an anyOf branch, `properties` without `type`); the schema is written for the Go
  // validator compose-go uses, so strict mode stays off.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('duration', goDuration);
  return ajv.compile(schema);
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

describe('docker-compose.yml and the Compose Specification', () => {
  const validate = composeValidator();

  test('the file as written (before interpolation) is valid against the Compose Specification schema', () => {
    const valid = validate(readComposeFile());
    expect(formatErrors(validate.errors)).toBe('');
    expect(valid).toBe(true);
  });

  test('the file is valid once interpolated with no .env (every default) and with .env.example copied to .env', () => {
    for (const env of [{}, parseEnvFile(readRepoFile('.env.example'))]) {
      const valid = validate(interpolateAll(readComposeFile(), env));
      expect(formatErrors(validate.errors)).toBe('');
      expect(valid).toBe(true);
    }
  });

  test('the schema copy is the real one: it rejects a service with an unknown key or an unknown depends_on condition', () => {
    const unknownKey = readComposeFile();
    unknownKey.services.api = { ...unknownKey.services.api, restart_policy: 'always' };
    expect(validate(unknownKey)).toBe(false);
    const unknownCondition = readComposeFile();
    unknownCondition.services.api = { ...unknownCondition.services.api, depends_on: { migrate: { condition: 'service_done' } } };
    expect(validate(unknownCondition)).toBe(false);
  });

  test('the file uses the Compose Specification, not a legacy `version:` format', () => {
    expect(readComposeFile()).not.toHaveProperty('version');
  });
});

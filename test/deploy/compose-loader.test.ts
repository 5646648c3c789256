// docker-compose.yml loaded the way `docker compose config` loads it: by compose-go, the loader
// inside Docker Compose v2 (tools/compose-check), with .env files, interpolation, the schema and
// the consistency checks. No Docker engine runs here; this is what stands in for `config -q`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRepoFile, repoRoot } from './support/compose-file';
import { composeChecker, type LoadedProject, loadCompose, type LoadResult } from './support/compose-loader';

const composeFile = path.join(repoRoot, 'docker-compose.yml');
const envExample = path.join(repoRoot, '.env.example');
const expectedServices = ['api', 'mailpit', 'migrate', 'postgresql', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'];

let checker: string;
let scratch: string;

beforeAll(async () => {
  checker = await composeChecker();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'compose-loader-'));
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function loaded(result: LoadResult): LoadedProject {
  if (!result.ok) throw new Error(`compose-go refused docker-compose.yml:\n${result.message}`);
  return result.project;
}

/** Writes `text` as docker-compose.yml in a folder of its own (with an empty .env), returns its path. */
function composeFileWith(name: string, text: string): string {
  const folder = path.join(scratch, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  writeFileSync(path.join(folder, '.env'), '');
  writeFileSync(path.join(folder, 'docker-compose.yml'), text);
  return path.join(folder, 'docker-compose.yml');
}

/** The real file with one edit; fails when the edit does not apply, so no case passes unchanged. */
function brokenCopy(name: string, find: string | RegExp, replacement: string): string {
  const original = readRepoFile('docker-compose.yml');
  const edited = original.replace(find, replacement);
  if (edited === original) throw new Error(`the edit for "${name}" no longer applies to docker-compose.yml`);
  return composeFileWith(name, edited);
}

describe('docker-compose.yml as Compose v2 loads it (compose-go)', () => {
  test('with .env.example as the env file, it loads, with every service and the project name it sets', async () => {
    const project = loaded(await loadCompose(checker, composeFile, [envExample]));
    expect(Object.keys(project.services).sort()).toEqual(expectedServices);
    expect(project.name).toBe('lahijan-loans');
  });

  test('interpolation gives the application the services of the file and .env.example values', async () => {
    const { services } = loaded(await loadCompose(checker, composeFile, [envExample]));
    const api = services.api!.environment!;
    expect(new URL(api.DATABASE_URL as string).hostname).toBe('postgresql');
    expect(api.DATABASE_URL).toBe('postgresql://postgres:change-me@postgresql:5432/loans');
    expect(api.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(api.RUN_MODE).toBe('api');
    expect(services.worker!.environment!.RUN_MODE).toBe('worker');
    expect(services.temporal!.image).toBe('temporalio/server:1.29.1');
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', POSTGRES_PWD: 'change-me' });
  });

  test('with no .env at all, every default applies: namespace default, retention 2160h', async () => {
    const { services } = loaded(await loadCompose(checker, composeFileWith('defaults', readRepoFile('docker-compose.yml'))));
    expect(services['temporal-namespace']!.environment).toMatchObject({ NAMESPACE: 'default', RETENTION: '2160h', TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(services.api!.environment!.TEMPORAL_NAMESPACE).toBe('default');
  });

  test('a namespace set in the env file reaches both the namespace job and the application', async () => {
    const envFile = path.join(scratch, 'county.env');
    writeFileSync(envFile, 'TEMPORAL_NAMESPACE=lahijan\nTEMPORAL_RETENTION=720h\nPOSTGRES_PASSWORD=s3cret\n');
    const { services } = loaded(await loadCompose(checker, composeFile, [envFile]));
    expect(services['temporal-namespace']!.environment).toMatchObject({ NAMESPACE: 'lahijan', RETENTION: '720h' });
    expect(services.worker!.environment!.TEMPORAL_NAMESPACE).toBe('lahijan');
    expect(services['temporal-schema']!.environment!.SQL_PASSWORD).toBe('s3cret');
    expect(services.temporal!.environment!.POSTGRES_PWD).toBe('s3cret');
  });

  test('Temporal starts in order: schemas, then the server, then the namespace, then the api and workers', async () => {
    const { services } = loaded(await loadCompose(checker, composeFile, [envExample]));
    expect(services['temporal-schema']!.depends_on).toMatchObject({ postgresql: { condition: 'service_healthy' } });
    expect(services.temporal!.depends_on).toMatchObject({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    expect(services['temporal-namespace']!.depends_on).toMatchObject({ temporal: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(services[name]!.depends_on).toMatchObject({ 'temporal-namespace': { condition: 'service_completed_successfully' } });
    }
    for (const job of ['temporal-schema', 'temporal-namespace']) expect(services[job]!.restart).toBe('no');
  });

  test('every file the services bind-mount exists in the repository', async () => {
    const { services } = loaded(await loadCompose(checker, composeFile, [envExample]));
    const sources = Object.values(services).flatMap((svc) => (svc.volumes ?? []).filter((v) => v.type === 'bind').map((v) => v.source as string));
    expect(sources).toEqual(expect.arrayContaining([path.join(repoRoot, 'deploy/temporal/setup-schema.sh'), path.join(repoRoot, 'deploy/temporal/dynamicconfig')]));
    expect(sources.filter((source) => !existsSync(source))).toEqual([]);
  });
});

describe('compose-go refuses a broken copy of docker-compose.yml, naming the problem', () => {
  test('a depends_on naming a service that does not exist', async () => {
    const file = brokenCopy('missing-dependency', /\n {6}temporal-schema:\n {8}condition: service_completed_successfully/, '\n      temporal-schemas:\n        condition: service_completed_successfully');
    const result = await loadCompose(checker, file);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('depends on undefined service "temporal-schemas"') });
  });

  test('an unknown top-level key', async () => {
    const file = brokenCopy('unknown-key', /\nvolumes:\n/, '\nvolume:\n  extra: {}\nvolumes:\n');
    const result = await loadCompose(checker, file);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/additional properties 'volume' not allowed/) });
  });

  test('a required variable left unset', async () => {
    const file = brokenCopy('required-variable', '${POSTGRES_PASSWORD:-change-me}', '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}');
    const result = await loadCompose(checker, file);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('required variable POSTGRES_PASSWORD is missing a value: set POSTGRES_PASSWORD in .env') });
  });

  test('a healthcheck interval that is not a duration', async () => {
    const file = brokenCopy('bad-duration', 'interval: 10s', 'interval: ten seconds');
    const result = await loadCompose(checker, file);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/interval/);
  });
});

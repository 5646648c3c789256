// docker-compose.yml, .env.example and config/config.ts describe one configuration: whatever
// compose hands the application's containers must be something the configuration module reads
// and accepts, and .env.example documents every variable there is.
import { configVariableNames, loadConfig } from '../../config/config';
import {
  type ComposeService,
  dependsOnNames,
  interpolateAll,
  interpolatedVariableNames,
  parseEnvFile,
  readComposeFile,
  readRepoFile,
  serviceEnvironment,
} from './support/compose-file';

const appServices = ['migrate', 'api', 'worker'] as const;
// Read by Compose itself, not interpolated into the file.
const composeOwnVariables = ['COMPOSE_PROJECT_NAME'];

const envExample = readRepoFile('.env.example');
const scenarios: [string, Record<string, string>][] = [
  ['no .env at all (every default)', {}],
  ['.env.example copied to .env', parseEnvFile(envExample)],
];

function service(env: Record<string, string>, name: string): ComposeService {
  const found = interpolateAll(readComposeFile(), env).services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

describe('docker-compose.yml, .env.example and config/config.ts agree', () => {
  test.each(appServices)('every variable compose sets on %s is one that config/config.ts reads', (name) => {
    const unknown = Object.keys(serviceEnvironment(service({}, name))).filter((v) => !configVariableNames.includes(v));
    expect(unknown).toEqual([]);
  });

  test.each(scenarios)('with %s, loadConfig accepts the api and worker environments and sees their roles', (_label, env) => {
    const api = loadConfig(serviceEnvironment(service(env, 'api')));
    expect(api.RUN_MODE).toBe('api');
    expect(api.NODE_ENV).toBe('production');
    expect(api.DATABASE_URL).toMatch(/^postgresql:\/\/[^@]+@postgresql:5432\//);
    expect(api.TEMPORAL_DEV_SERVER).toBe(false);

    const worker = loadConfig(serviceEnvironment(service(env, 'worker')));
    expect(worker.RUN_MODE).toBe('worker');
    expect(worker.WORKFLOW_BUNDLE_PATH).toBeDefined();
    expect(worker.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(worker.TEMPORAL_TASK_QUEUE).toBe(api.TEMPORAL_TASK_QUEUE);
    expect(worker.TEMPORAL_NAMESPACE).toBe(api.TEMPORAL_NAMESPACE);

    expect(loadConfig(serviceEnvironment(service(env, 'migrate'))).DATABASE_URL).toBe(api.DATABASE_URL);
  });

  test('the addresses the application is given are services of the same file', () => {
    const file = readComposeFile();
    const env = serviceEnvironment(service({}, 'worker'));
    const hosts = [new URL(env.DATABASE_URL as string).hostname, new URL(env.SMTP_URL as string).hostname, (env.TEMPORAL_ADDRESS as string).split(':')[0]];
    for (const host of hosts) expect(Object.keys(file.services)).toContain(host);
  });

  test.each(scenarios)('with %s, the temporal-namespace job registers the namespace the application uses', (_label, env) => {
    const job = serviceEnvironment(service(env, 'temporal-namespace'));
    expect(job.NAMESPACE).toBe(serviceEnvironment(service(env, 'api')).TEMPORAL_NAMESPACE);
    expect(job.TEMPORAL_ADDRESS).toBe(serviceEnvironment(service(env, 'api')).TEMPORAL_ADDRESS);
  });

  test('every variable of config/config.ts is documented in .env.example', () => {
    const missing = configVariableNames.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(envExample));
    expect(missing).toEqual([]);
  });

  test('every variable docker-compose.yml takes from .env is documented in .env.example, and .env.example has no stray ones', () => {
    const documented = [...envExample.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string);
    const interpolated = [...interpolatedVariableNames()];
    expect(interpolated.filter((name) => !documented.includes(name))).toEqual([]);
    const known = new Set([...configVariableNames, ...interpolated, ...composeOwnVariables]);
    expect(documented.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('docker-compose.yml runs the system as the product brief describes', () => {
  const file = readComposeFile();

  test('every image is pinned to a version, never a floating tag', () => {
    for (const [name, svc] of Object.entries(file.services)) {
      const image = svc.image as string | undefined;
      if (svc.build) continue;
      expect({ name, image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:v?\d+\.\d+(\.\d+)?[\w.-]*$/) });
    }
  });

  test('dependencies name existing services and named volumes are declared', () => {
    const volumes = Object.keys((file.volumes ?? {}) as Record<string, unknown>);
    for (const svc of Object.values(file.services)) {
      for (const dependency of dependsOnNames(svc)) expect(Object.keys(file.services)).toContain(dependency);
      for (const mount of (svc.volumes ?? []) as string[]) {
        const source = mount.split(':')[0] as string;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(volumes).toContain(source);
      }
    }
  });

  test('the api and the worker start only after the database is healthy, Temporal is healthy with its namespace and the migrations finished', () => {
    for (const name of ['api', 'worker']) {
      expect(file.services[name]?.depends_on).toMatchObject({
        postgresql: { condition: 'service_healthy' },
        temporal: { condition: 'service_healthy' },
        'temporal-namespace': { condition: 'service_completed_successfully' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(file.services.migrate).toMatchObject({ restart: 'no', depends_on: { postgresql: { condition: 'service_healthy' } } });
  });

  test('the api publishes the port it listens on and its healthcheck probes /healthz there', () => {
    const api = service({}, 'api');
    const port = serviceEnvironment(api).PORT;
    expect((api.ports as string[]).some((p) => p.endsWith(`:${port}`))).toBe(true);
    expect(JSON.stringify((api.healthcheck as { test: unknown }).test)).toContain(`:${port}/healthz`);
  });

  test('the worker can be scaled: no container_name and no published ports on it', () => {
    expect(file.services.worker).not.toHaveProperty('container_name');
    expect(file.services.worker).not.toHaveProperty('ports');
  });

  test('postgresql, temporal and mailpit have healthchecks; Temporal uses PostgreSQL through its postgres12 plugin', () => {
    for (const name of ['postgresql', 'temporal', 'mailpit']) expect(file.services[name]).toHaveProperty('healthcheck.test');
    expect(file.services.temporal?.image).toMatch(/^temporalio\/server:/);
    expect(serviceEnvironment(service({}, 'temporal'))).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
  });

  test('the schema job and the server use the same PostgreSQL, user, password and the same two databases', () => {
    for (const env of [{}, parseEnvFile(envExample)]) {
      const server = serviceEnvironment(service(env, 'temporal'));
      const schema = serviceEnvironment(service(env, 'temporal-schema'));
      expect(schema).toMatchObject({
        SQL_PLUGIN: server.DB,
        SQL_HOST: server.POSTGRES_SEEDS,
        SQL_PORT: server.DB_PORT,
        SQL_USER: server.POSTGRES_USER,
        SQL_PASSWORD: server.POSTGRES_PWD,
        TEMPORAL_DB: server.DBNAME,
        TEMPORAL_VISIBILITY_DB: server.VISIBILITY_DBNAME,
      });
    }
  });
});

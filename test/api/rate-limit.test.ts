import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../config/config';
import { type ApiHarness, bearer, startApiHarness, testConfig } from './support/api-harness';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

const limited = (limit: number, unauthenticatedLimit = limit, trustProxy?: string[]) =>
  api.appWith({ rateLimit: { limit, unauthenticatedLimit, windowMs: 60_000 }, config: { ...testConfig, ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}) } });
const randomKey = () => `lk_${randomBytes(16).toString('base64url')}`;
const statuses = async (app: Express, headers: Array<Record<string, string>>) => {
  const answers: number[] = [];
  for (const h of headers) answers.push((await request(app).get('/applications').set(h)).status);
  return answers;
};

describe('one budget per user, however the key is written', () => {
  test('`Bearer K`, `bearer K`, `BEARER  K`, a tab after the scheme and X-Api-Key share one bucket', async () => {
    const key = api.keys.official;
    const spellings: Array<Record<string, string>> = [{ Authorization: `Bearer ${key}` }, { Authorization: `bearer ${key}` }, { Authorization: `BEARER  ${key}` }, { Authorization: `Bearer\t${key} ` }, { 'X-Api-Key': key }];
    expect(await statuses(limited(4), spellings)).toEqual([200, 200, 200, 200, 429]);
  });

  test('two users have separate budgets', async () => {
    const app = limited(1);
    expect(await statuses(app, [bearer(api.keys.official), bearer(api.keys.official), bearer(api.keys.admin)])).toEqual([200, 429, 200]);
  });

  test('a 429 is problem+json with Retry-After and the RateLimit headers', async () => {
    const app = limited(1);
    await request(app).get('/applications').set(bearer(api.keys.admin));
    const over = await request(app).get('/applications').set(bearer(api.keys.admin));
    expect(over.status).toBe(429);
    expect(over.type).toBe('application/problem+json');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.headers.ratelimit).toMatch(/"user"; ?r=0/);
  });
});

describe('before authentication, one budget per client address', () => {
  test('random invalid keys share the address’s bucket and are refused with 429 before any key is looked up', async () => {
    const app = limited(100, 3);
    const guesses = Array.from({ length: 5 }, () => bearer(randomKey()));
    expect(await statuses(app, guesses)).toEqual([401, 401, 401, 429, 429]);
    // Even the right key is refused from that address until the window ends: the address is the unit here.
    expect(await statuses(app, [bearer(api.keys.official)])).toEqual([429]);
  });

  test('requests without a key and with a revoked key count too', async () => {
    const app = limited(100, 2);
    expect(await statuses(app, [{}, bearer(api.revokedKey), {}])).toEqual([401, 401, 429]);
  });

  test('authenticated requests do not use up the address’s budget', async () => {
    const app = limited(100, 1);
    expect(await statuses(app, [bearer(api.keys.official), bearer(api.keys.official), bearer(api.keys.admin), bearer(randomKey()), bearer(randomKey())])).toEqual([200, 200, 200, 401, 429]);
  });

  test('with trust proxy off (the default), a forged X-Forwarded-For does not make a fresh bucket', async () => {
    const app = limited(100, 2);
    const forged = ['203.0.113.1', '203.0.113.2', '203.0.113.3'].map((ip) => ({ ...bearer(randomKey()), 'X-Forwarded-For': ip }));
    expect(await statuses(app, forged)).toEqual([401, 401, 429]);
  });

  test('with the loopback proxy trusted, X-Forwarded-For names the client, and each client has its own bucket', async () => {
    const app = limited(100, 1, ['loopback']);
    const via = (ip: string) => ({ ...bearer(randomKey()), 'X-Forwarded-For': ip });
    expect(await statuses(app, [via('203.0.113.1'), via('203.0.113.2'), via('203.0.113.1')])).toEqual([401, 401, 429]);
  });

  test('probes are never limited', async () => {
    const app = limited(1, 1);
    await statuses(app, [{}, {}]);
    expect((await request(app).get('/healthz')).status).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  const parse = (value: string) => loadConfig({ TRUST_PROXY: value }).TRUST_PROXY;

  test('is off unless set, and accepts true/false, a number of hops, and addresses, subnets and names', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(parse('false')).toBe(false);
    expect(parse('TRUE')).toBe(true);
    expect(parse('2')).toBe(2);
    expect(parse('loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.7']);
  });

  test.each(['yes', '10.0.0.0/33', '300.1.1.1', 'loopback,,proxy.example', '1.2.3.4/8/9'])('refuses %s with a message naming the variable', (value) => {
    expect(() => parse(value)).toThrow(ConfigError);
    expect(() => parse(value)).toThrow(/TRUST_PROXY/);
  });
});

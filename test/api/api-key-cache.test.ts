import type { Express } from 'express';
import request from 'supertest';
import { ApiKeyCache, type KeyHolder } from '../../api/api-key-cache';
import { revokeApiKey } from '../../api/api-keys';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { bearer } from './support/api-harness';
import { hashOf, type ReadWorld, seedReadWorld, unknownKey } from './support/read-world';

// An API key is read from the database once per TTL. What must hold whatever the cache holds:
// a revocation in this process takes effect at once, one in another process (the database
// alone changes) and a user's new role or organization within the TTL; unknown keys are never
// remembered, and the cache never grows past its bound.

let db: TestDatabase;
let world: ReadWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await seedReadWorld(db.prisma);
});
afterAll(async () => {
  await db?.drop();
});

const TTL_MS = 5_000;
/** A cache on a clock the test moves, so that "within the TTL" is exact, not a race. */
function cacheWithClock(maxEntries?: number) {
  const clock = { now: 1_000_000 };
  const cache = new ApiKeyCache({ ttlMs: TTL_MS, now: () => clock.now, ...(maxEntries ? { maxEntries } : {}) });
  return { cache, clock };
}
const read = (app: Express, key: string, id = 'app-a1') => request(app).get(`/applications/${id}`).set(bearer(key));
const revokeInAnotherProcess = (keyId: string) => db.prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE id = ${keyId}`;

test('a key revoked with revokeApiKey is refused at once by every app of the process, whatever their caches hold', async () => {
  const key = await issueFor('user-agency-a');
  const apps = [world.appWith({ apiKeyCache: cacheWithClock().cache }), world.appWith({ apiKeyCache: cacheWithClock().cache })];
  for (const app of apps) expect((await read(app, key.key)).status).toBe(200);
  expect(await revokeApiKey(db.prisma, key.id)).toBe(true);
  for (const app of apps) expect((await read(app, key.key)).status).toBe(401);
});

test('a key revoked by another process is still served from memory until the TTL, and refused from then on', async () => {
  const key = await issueFor('user-agency-a');
  const { cache, clock } = cacheWithClock();
  const app = world.appWith({ apiKeyCache: cache });
  expect((await read(app, key.key)).status).toBe(200);
  await revokeInAnotherProcess(key.id);
  clock.now += TTL_MS - 1;
  expect((await read(app, key.key)).status).toBe(200);
  clock.now += 1;
  expect((await read(app, key.key)).status).toBe(401);
  // A second app that never cached the key refuses it straight away.
  expect((await read(world.appWith({ apiKeyCache: cacheWithClock().cache }), key.key)).status).toBe(401);
});

test("a user moved to another agency keeps the old agency's view only until the TTL, then sees only the new one", async () => {
  await db.prisma.user.create({ data: { id: 'user-moving', organizationId: 'org-agency-a', role: 'agency', name: 'moving' } });
  const key = await issueFor('user-moving');
  const { cache, clock } = cacheWithClock();
  const app = world.appWith({ apiKeyCache: cache });
  expect([(await read(app, key.key, 'app-a1')).status, (await read(app, key.key, 'app-b1')).status]).toEqual([200, 404]);
  await db.prisma.user.update({ where: { id: 'user-moving' }, data: { organizationId: 'org-agency-b' } });
  expect((await read(app, key.key, 'app-a1')).status).toBe(200);
  clock.now += TTL_MS;
  expect([(await read(app, key.key, 'app-a1')).status, (await read(app, key.key, 'app-b1')).status]).toEqual([404, 200]);
  await db.prisma.user.update({ where: { id: 'user-moving' }, data: { role: 'official', organizationId: 'org-governor' } });
  clock.now += TTL_MS;
  expect([(await read(app, key.key, 'app-a1')).status, (await read(app, key.key, 'app-b1')).status]).toEqual([200, 200]);
});

test('an unknown key is not remembered: issued a moment after it was refused, it works at once', async () => {
  const { cache } = cacheWithClock();
  const app = world.appWith({ apiKeyCache: cache });
  const key = unknownKey();
  expect((await read(app, key)).status).toBe(401);
  await db.prisma.apiKey.create({ data: { id: 'key-issued-late', userId: 'user-agency-a', keyHash: hashOf(key), label: 'late' } });
  expect((await read(app, key)).status).toBe(200);
});

test('the cache keeps at most its bound of keys, each still served, and a flood of unknown keys adds none', async () => {
  const { cache } = cacheWithClock(3);
  const app = world.appWith({ apiKeyCache: cache });
  const keys = await Promise.all(Array.from({ length: 6 }, () => issueFor('user-bank-a')));
  for (let round = 0; round < 3; round++) {
    for (const key of keys) expect((await read(app, key.key)).status).toBe(200);
    expect(cache.size).toBeLessThanOrEqual(3);
  }
  const statuses = await Promise.all(Array.from({ length: 200 }, () => read(app, unknownKey()).then((r) => r.status)));
  expect(new Set(statuses)).toEqual(new Set([401]));
  expect(cache.size).toBeLessThanOrEqual(3);
  expect(cache.size).toBeGreaterThan(0);
});

describe('ApiKeyCache', () => {
  const holder: KeyHolder = { keyId: 'key-1', actor: { userId: 'u', organizationId: 'o', role: 'agency' } };

  test('concurrent requests with one key share one read, and later ones within the TTL read nothing', async () => {
    const { cache, clock } = cacheWithClock();
    let reads = 0;
    const readKey = async () => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return holder;
    };
    await Promise.all(Array.from({ length: 20 }, () => cache.holderOf('hash', readKey)));
    await cache.holderOf('hash', readKey);
    expect(reads).toBe(1);
    clock.now += TTL_MS;
    await cache.holderOf('hash', readKey);
    expect(reads).toBe(2);
  });

  test('a read under way when the key is revoked is not kept, and requests after the revocation read again', async () => {
    const { cache } = cacheWithClock();
    let release!: () => void;
    let reads = 0;
    const slowRead = () => {
      reads++;
      return new Promise<KeyHolder>((resolve) => (release = () => resolve(holder)));
    };
    const before = cache.holderOf('hash', slowRead);
    cache.forgetKey('key-1');
    const after = cache.holderOf('hash', async () => {
      reads++;
      return null;
    });
    release();
    expect([await before, await after]).toEqual([holder, null]);
    expect(cache.size).toBe(0);
    expect(reads).toBe(2);
  });

  test('with a TTL of 0 every request reads its key', async () => {
    const cache = new ApiKeyCache({ ttlMs: 0 });
    let reads = 0;
    for (let i = 0; i < 3; i++) await cache.holderOf('hash', async () => (reads++, holder));
    expect([reads, cache.size]).toEqual([3, 0]);
  });
});

async function issueFor(userId: string): Promise<{ key: string; id: string }> {
  const key = unknownKey();
  const id = `key-${hashOf(key).slice(0, 16)}`;
  await db.prisma.apiKey.create({ data: { id, userId, keyHash: hashOf(key), label: 'cache test' } });
  return { key, id };
}

import type { Express } from 'express';
import request from 'supertest';
import { ApiKeyCache } from '../../api/api-key-cache';
import { seededRandom } from '../../support/seeded-random';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { bearer } from './support/api-harness';
import { type ActorName, actors, type ApplicationId, applications, mayRead, type ReadWorld, seedReadWorld } from './support/read-world';

// With keys served from memory, each request still acts as exactly its own key's user: many
// callers of different organizations and roles, interleaved, each see only what they may.
// And a read answers 304 to a client that already has it, per viewer, until it changes.

let db: TestDatabase;
let world: ReadWorld;
let app: Express;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await seedReadWorld(db.prisma);
  app = world.appWith({ apiKeyCache: new ApiKeyCache({ ttlMs: 60_000 }) });
});
afterAll(async () => {
  await db?.drop();
});

const names = Object.keys(actors) as ActorName[];
const ids = Object.keys(applications) as ApplicationId[];
const read = (name: ActorName, path: string) => request(app).get(path).set(bearer(world.keys[name]));

test('callers of different organizations and roles, interleaved many times, each read only what their own key may', async () => {
  const { pick } = seededRandom(13);
  const planned = Array.from({ length: 400 }, () => ({ name: pick(names), id: pick(ids) }));
  const outcomes = await Promise.all(
    planned.map(async ({ name, id }) => {
      const response = await read(name, `/applications/${id}`);
      return { name, id, status: response.status, agency: response.body.agency?.id, bank: response.body.bank?.id ?? null, visible: response.body.duplicates?.visible };
    }),
  );
  for (const outcome of outcomes) {
    const actor = actors[outcome.name];
    const { agencyId, bankId } = applications[outcome.id];
    const may = mayRead(actor, outcome.id);
    expect(outcome).toEqual({
      name: outcome.name,
      id: outcome.id,
      status: may ? 200 : 404,
      agency: may ? agencyId : undefined,
      bank: may ? bankId : null,
      visible: may ? (outcome.id === 'app-b1' && mayRead(actor, 'app-a1') ? ['app-a1'] : []) : undefined,
    });
  }
  // Every caller and every application came up, so the interleaving covered them all.
  expect(new Set(outcomes.map((o) => `${o.name} ${o.id}`)).size).toBe(names.length * ids.length);
});

test("each caller's listing, read with the others' in between, holds exactly the applications it may see", async () => {
  const listings = await Promise.all([...names, ...names, ...names].map(async (name) => ({ name, body: (await read(name, '/applications?limit=100')).body })));
  for (const { name, body } of listings) {
    const listed = (body.items as { id: string }[]).map((item) => item.id).sort();
    expect({ name, listed }).toEqual({ name, listed: ids.filter((id) => mayRead(actors[name], id)).sort() });
  }
});

describe('conditional reads', () => {
  test('a read with the ETag it was given answers 304 without a body, and 200 with the new state once the application changes', async () => {
    const first = await read('agencyA', '/applications/app-a2');
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await read('agencyA', '/applications/app-a2').set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');

    await db.prisma.application.update({ where: { id: 'app-a2' }, data: { jobsConfirmed: 7, updatedAt: new Date() } });
    const changed = await read('agencyA', '/applications/app-a2').set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.body.jobsConfirmed).toBe(7);
    expect(changed.headers.etag).not.toBe(etag);
  });

  test('viewers who are shown different bodies get different ETags, and one viewer\'s ETag never earns another a 304', async () => {
    // agency B may not see the earlier application app-a1 of app-b1's applicant; the official may.
    const seenByAgency = await read('agencyB', '/applications/app-b1');
    const seenByOfficial = await read('official', '/applications/app-b1');
    expect([seenByAgency.body.duplicates.visible, seenByOfficial.body.duplicates.visible]).toEqual([[], ['app-a1']]);
    expect(seenByAgency.headers.etag).not.toBe(seenByOfficial.headers.etag);
    const crossed = await read('official', '/applications/app-b1').set('If-None-Match', seenByAgency.headers.etag as string);
    expect(crossed.status).toBe(200);
    expect(crossed.body.duplicates.visible).toEqual(['app-a1']);
  });

  test('an ETag does not let a caller learn of an application it may not see', async () => {
    const own = await read('agencyA', '/applications/app-a1');
    const foreign = await read('agencyB', '/applications/app-a1').set('If-None-Match', own.headers.etag as string);
    expect(foreign.status).toBe(404);
  });
});

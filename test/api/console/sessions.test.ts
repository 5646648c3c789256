import { hashPassword } from '../../../api/console/passwords';
import { findSession, startSession } from '../../../api/console/sessions';
import { checkSignIn, FREE_FAILURES, LOCK_BASE_MS, LOCK_MAX_MS, lockFor } from '../../../api/console/sign-in-check';
import { seedOrganizations, agency } from '../../../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database';

/** Session lifetimes and the sign-in lockout, against the real database with the clock passed in. */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedOrganizations(db.prisma);
  await db.prisma.user.update({ where: { id: agency.userId }, data: { username: 'clerk', passwordHash: await hashPassword('the right password') } });
});
afterAll(() => db.drop());

const policy = { idleMinutes: 30, absoluteHours: 12 };
const minutes = (n: number) => n * 60_000;

describe('a session', () => {
  test('lives while used: each request within the idle time moves its last sight on', async () => {
    const start = new Date('2026-11-28T06:00:00Z');
    const { token } = await startSession(db.prisma, agency.userId, policy, start);
    for (let m = 25; m <= 250; m += 25) expect(await findSession(db.prisma, token, policy, new Date(start.getTime() + minutes(m)))).not.toBeNull();
  });

  test('ends after the idle time without a request', async () => {
    const start = new Date('2026-11-28T06:00:00Z');
    const { token } = await startSession(db.prisma, agency.userId, policy, start);
    expect(await findSession(db.prisma, token, policy, new Date(start.getTime() + minutes(29)))).not.toBeNull();
    expect(await findSession(db.prisma, token, policy, new Date(start.getTime() + minutes(29 + 30)))).toBeNull();
  });

  test('ends at its absolute age however busy', async () => {
    const start = new Date('2026-11-28T06:00:00Z');
    const { token } = await startSession(db.prisma, agency.userId, policy, start);
    let m = 0;
    for (; m < 12 * 60 - 20; m += 20) expect(await findSession(db.prisma, token, policy, new Date(start.getTime() + minutes(m)))).not.toBeNull();
    expect(await findSession(db.prisma, token, policy, new Date(start.getTime() + minutes(12 * 60)))).toBeNull();
  });

  test('is found by its token only: the stored id is the token’s hash, not the token', async () => {
    const { token } = await startSession(db.prisma, agency.userId, policy);
    expect(await db.prisma.consoleSession.count({ where: { id: token } })).toBe(0);
    expect(await findSession(db.prisma, `${token}x`, policy)).toBeNull();
  });
});

describe('the lockout', () => {
  test('is free for the first failures, then doubles from 30 s up to an hour', () => {
    expect(Array.from({ length: FREE_FAILURES }, (_, i) => lockFor(i))).toEqual(Array(FREE_FAILURES).fill(0));
    expect(lockFor(FREE_FAILURES)).toBe(LOCK_BASE_MS);
    expect(lockFor(FREE_FAILURES + 1)).toBe(2 * LOCK_BASE_MS);
    expect(lockFor(FREE_FAILURES + 3)).toBe(8 * LOCK_BASE_MS);
    expect(lockFor(FREE_FAILURES + 30)).toBe(LOCK_MAX_MS);
  });

  test('refuses the right password while locked, takes it once the lock has passed, and a success resets the count', async () => {
    const now = new Date('2026-11-28T06:00:00Z');
    for (let i = 1; i < FREE_FAILURES; i++) expect(await checkSignIn(db.prisma, 'clerk', 'wrong', now)).toEqual({ ok: false, reason: 'wrong' });
    const locked = await checkSignIn(db.prisma, 'clerk', 'wrong', now);
    expect(locked).toEqual({ ok: false, reason: 'locked', until: new Date(now.getTime() + LOCK_BASE_MS) });
    expect((await checkSignIn(db.prisma, 'clerk', 'the right password', new Date(now.getTime() + LOCK_BASE_MS - 1))).ok).toBe(false);
    // The next failure after the lock doubles it.
    const again = await checkSignIn(db.prisma, 'clerk', 'wrong', new Date(now.getTime() + LOCK_BASE_MS));
    expect(again).toEqual({ ok: false, reason: 'locked', until: new Date(now.getTime() + 3 * LOCK_BASE_MS) });
    expect((await checkSignIn(db.prisma, 'clerk', 'the right password', new Date(now.getTime() + 3 * LOCK_BASE_MS))).ok).toBe(true);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: agency.userId } });
    expect([user.failedSignIns, user.lockedUntil]).toEqual([0, null]);
  });

  test('an unknown username is refused like a wrong password', async () => {
    expect(await checkSignIn(db.prisma, 'nobody', 'whatever')).toEqual({ ok: false, reason: 'wrong' });
  });

  test('stores argon2id hashes', async () => {
    expect(await hashPassword('x'.repeat(12))).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import { issueApiKey, revokeApiKey } from '../../../api/api-keys';
import { setPassword } from '../../../api/console/people';
import { type AppDependencies, createApp } from '../../../api/app';
import type { Actor } from '../../../domain/commands';
import { agency, bank, otherAgency, otherBank } from '../../../support/fixtures';
import { type Harness, type HarnessOptions, startHarness } from '../../support/harness';
import { testFieldCipher } from '../../../support/test-field-cipher';

/** The harness (dev server, database, worker) plus the HTTP app and a key for each kind of caller. */
export const official: Actor = { userId: 'user-governors-office', organizationId: 'org-governors-office', role: 'official' };
export const admin: Actor = { userId: 'user-operator', organizationId: 'org-operator', role: 'admin' };

export const callers = { agency, otherAgency, bank, otherBank, official, admin } as const;
export type CallerName = keyof typeof callers;

export interface ApiHarness {
  harness: Harness;
  app: Express;
  keys: Record<CallerName, string>;
  /** Each caller's console sign-in: the username is the caller's name, lowercased. */
  people: Record<CallerName, Person>;
  revokedKey: string;
  /** Builds another app over the same harness, e.g. with a low rate limit. */
  appWith(overrides: Partial<AppDependencies>): Express;
  stop(): Promise<void>;
}

export interface Person {
  username: string;
  password: string;
}

/** The test callers' console password: known to the tests, set without the forced change. */
export const TEST_PASSWORD = 'a long test password 1405';

export const testConfig = { PUBLIC_BASE_URL: 'http://api.test', TEMPORAL_UI_URL: 'http://ui.test', TEMPORAL_NAMESPACE: 'default' };
export const silentLogger: Logger = pino({ level: 'silent' });

export async function startApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const harness = await startHarness(options);
  const { prisma } = harness;
  await prisma.organization.createMany({
    data: [
      { id: official.organizationId, kind: 'governors_office', name: "Lahijan Governor's Office", nameFa: 'فرمانداری لاهیجان' },
      { id: admin.organizationId, kind: 'operator', name: 'System operator', nameFa: 'راهبر سامانه' },
    ],
  });
  await prisma.user.createMany({
    data: [official, admin].map((a) => ({ id: a.userId, organizationId: a.organizationId, role: a.role, name: a.userId })),
  });
  const keys = {} as Record<CallerName, string>;
  for (const [name, actor] of Object.entries(callers)) keys[name as CallerName] = await issueApiKey(prisma, actor.userId, `test key ${name}`);

  const people = {} as Record<CallerName, Person>;
  for (const [name, actor] of Object.entries(callers)) {
    people[name as CallerName] = { username: name.toLowerCase(), password: TEST_PASSWORD };
    await setPassword(prisma, actor.userId, name.toLowerCase(), TEST_PASSWORD);
  }

  const revokedKey = await issueApiKey(prisma, agency.userId, 'revoked');
  const revoked = await prisma.apiKey.findFirstOrThrow({ where: { label: 'revoked' } });
  await revokeApiKey(prisma, revoked.id);

  const appWith = (overrides: Partial<AppDependencies>) =>
    createApp({
      prisma,
      fields: testFieldCipher,
      workflows: harness.workflows,
      config: testConfig,
      temporalConnection: harness.env.connection,
      logger: silentLogger,
      ...overrides,
    });
  return { harness, app: appWith({}), keys, people, revokedKey, appWith, stop: () => harness.stop() };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** A supertest client acting as one caller. */
export function as(api: ApiHarness, caller: CallerName) {
  const auth = bearer(api.keys[caller]);
  return {
    get: (path: string) => request(api.app).get(path).set(auth),
    post: (path: string, body?: object, headers: Record<string, string> = {}) =>
      request(api.app).post(path).set(auth).set(headers).send(body ?? {}),
  };
}

/** The fields a problem+json answer names, sorted. */
export const fieldsOf = (body: { errors?: { field: string }[] }): string[] => (body.errors ?? []).map((e) => e.field).sort();

import request from 'supertest';
import { createApp } from '../../api/app';
import type { WorkflowGateway } from '../../api/workflow-gateway';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { runAdmin } from '../../scripts/admin';
import { silentLogger, testConfig } from './support/api-harness';
import { signIn } from './console/console-agent';
import { testFieldCipher } from '../../support/test-field-cipher';
import { FieldCipher, sealingKeyIdOf } from '../../security/field-cipher';
import { parsePayloadKeys } from '../../security/payload-keys';

// Only the database is needed: the API below answers from it alone (listing), never from Temporal.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const admin = (...argv: string[]) => runAdmin(database.prisma, argv);

test('an admin creates an organization and a user, issues a key that works, lists and revokes it', async () => {
  expect(await admin('create-organization', '--id', 'bank-refah', '--kind', 'bank', '--name', 'Bank Refah', '--name-fa', 'بانک رفاه')).toContain('created');
  expect(await admin('create-user', '--id', 'refah-teller', '--organization', 'bank-refah', '--role', 'bank', '--name', 'Teller')).toContain('created');
  const issued = await admin('issue-key', '--user', 'refah-teller', '--label', 'teller laptop');
  const key = issued.split('\n')[0]!;
  expect(key).toMatch(/^lk_[\w-]{43}$/);

  const app = createApp({ prisma: database.prisma, fields: testFieldCipher, workflows: {} as WorkflowGateway, config: testConfig, logger: silentLogger });
  expect((await request(app).get('/applications').set('Authorization', `Bearer ${key}`)).status).toBe(200);

  const listed = await admin('list-keys', '--organization', 'bank-refah');
  expect(listed).not.toContain(key);
  const [, row] = listed.split('\n');
  expect(row).toMatch(/\trefah-teller\tbank-refah\tbank\tactive\t.*\tteller laptop$/);
  const keyId = row!.split('\t')[0]!;

  expect(await admin('revoke-key', '--id', keyId)).toBe(`revoked key ${keyId}`);
  expect((await request(app).get('/applications').set('Authorization', `Bearer ${key}`)).status).toBe(401);
  expect(await admin('list-keys', '--user', 'refah-teller')).toMatch(/\trevoked /);
  await expect(admin('revoke-key', '--id', keyId)).rejects.toThrow('no active key');
});

test('mistakes are explained: unknown command, missing or bad options, a role that does not fit the organization', async () => {
  await expect(admin('launch')).rejects.toThrow('unknown command launch');
  await expect(admin('create-user', '--id', 'x')).rejects.toThrow(/--organization/);
  await expect(admin('create-organization', '--id', 'Bad Id', '--kind', 'castle', '--name', 'n', '--name-fa', 'n')).rejects.toThrow(/--id[\s\S]*--kind/);
  await expect(admin('issue-key', '--user', 'nobody')).rejects.toThrow('no user nobody');
  await admin('create-organization', '--id', 'welfare', '--kind', 'agency', '--name', 'Welfare', '--name-fa', 'بهزیستی');
  await expect(admin('create-user', '--id', 'w1', '--organization', 'welfare', '--role', 'bank', '--name', 'W')).rejects.toThrow('cannot belong');
});

describe('people from the command line', () => {
  const app = () => createApp({ prisma: database.prisma, fields: testFieldCipher, workflows: {} as WorkflowGateway, config: testConfig, logger: silentLogger });
  const passwordIn = (printed: string) => /one-time password(?: for [\w.-]+)?: (\S+)/.exec(printed)![1]!;

  test('create-person prints a one-time password once: it signs in, forcing a change; reset-password replaces it', async () => {
    await admin('create-organization', '--id', 'bank-tejarat', '--kind', 'bank', '--name', 'Bank Tejarat', '--name-fa', 'بانک تجارت');
    const created = await admin('create-person', '--id', 'tejarat-officer', '--organization', 'bank-tejarat', '--role', 'bank', '--name', 'Officer', '--username', 'Tejarat.Officer');
    expect(created).toContain('created person tejarat-officer (bank at bank-tejarat), username tejarat.officer');
    const first = passwordIn(created);
    const user = await database.prisma.user.findUniqueOrThrow({ where: { id: 'tejarat-officer' } });
    expect(user).toMatchObject({ username: 'tejarat.officer', mustChangePassword: true });
    expect(user.passwordHash).not.toContain(first);
    const signedIn = await signIn(app(), 'tejarat.officer', first);
    expect(signedIn.answer.headers.location).toBe('/console/password');

    const reset = await admin('reset-password', '--user', 'tejarat-officer');
    const second = passwordIn(reset);
    expect(second).not.toBe(first);
    expect((await signIn(app(), 'tejarat.officer', first)).answer.status).toBe(401);
    expect((await signIn(app(), 'tejarat.officer', second)).answer.headers.location).toBe('/console/password');
    // The reset ended the session opened with the first password.
    expect((await signedIn.agent.get('/console/password')).headers.location).toMatch(/^\/console\/sign-in/);
  });

  test('set-username lets a program’s user sign in once a password is reset; mistakes are explained', async () => {
    await admin('create-user', '--id', 'tejarat-program', '--organization', 'bank-tejarat', '--role', 'bank', '--name', 'Tejarat integration');
    await expect(admin('reset-password', '--user', 'tejarat-program')).rejects.toThrow('has no username (a program only): set-username first');
    expect(await admin('set-username', '--user', 'tejarat-program', '--username', 'tejarat.program')).toContain('now signs in as tejarat.program');
    expect(passwordIn(await admin('reset-password', '--user', 'tejarat-program'))).toMatch(/^[A-Za-z2-9]{16}$/);

    await expect(admin('set-username', '--user', 'tejarat-program', '--username', 'tejarat.officer')).rejects.toThrow('the username tejarat.officer is taken');
    await expect(admin('set-username', '--user', 'nobody', '--username', 'free.name')).rejects.toThrow('no user nobody');
    await expect(admin('reset-password', '--user', 'nobody')).rejects.toThrow('no user nobody');
    const person = ['--organization', 'bank-tejarat', '--role', 'bank', '--name', 'P'];
    await expect(admin('create-person', '--id', 'tejarat-officer', ...person, '--username', 'another')).rejects.toThrow('a user tejarat-officer already exists');
    await expect(admin('create-person', '--id', 'p2', ...person, '--username', 'tejarat.officer')).rejects.toThrow('the username tejarat.officer is taken');
    await expect(admin('create-person', '--id', 'p3', '--organization', 'bank-tejarat', '--role', 'official', '--name', 'P', '--username', 'p3.name')).rejects.toThrow(
      'an official user cannot belong to bank-tejarat, a bank organization',
    );
    await expect(admin('create-person', '--id', 'p4', ...person, '--username', 'x')).rejects.toThrow(/--username: must be 3 to 64/);
    await expect(admin('create-person', '--id', 'p5', ...person)).rejects.toThrow(/--username/);
    expect(await database.prisma.user.count({ where: { id: { in: ['p2', 'p3', 'p4', 'p5'] } } })).toBe(0);
  });
});

describe('field keys from the command line', () => {
  test('new-field-keys prints a FIELD_KEYS entry and a BLIND_INDEX_KEY that seal and open, and how to rotate', async () => {
    const printed = await admin('new-field-keys');
    const entry = /FIELD_KEYS entry:\s+(\S+)/.exec(printed)![1]!;
    const indexKey = /BLIND_INDEX_KEY:\s+(\S+)/.exec(printed)![1]!;
    const cipher = new FieldCipher(parsePayloadKeys(entry, 'FIELD_KEYS'), Buffer.from(indexKey, 'base64'));
    expect(cipher.open(cipher.seal('۲۶۱۰۰۰۰۰۰۱'))).toBe('۲۶۱۰۰۰۰۰۰۱');
    expect(printed).toMatch(/first in FIELD_KEYS[\s\S]*restart[\s\S]*rotate-field-keys[\s\S]*drop the old key/);
    expect(await admin('new-field-keys')).not.toContain(entry);
  });

  test('rotate-field-keys seals and indexes rows written before sealing with the configured keys; a second run has nothing to do', async () => {
    const keys = { fieldCipher: async () => testFieldCipher };
    const rotate = (...argv: string[]) => runAdmin(database.prisma, ['rotate-field-keys', ...argv], keys);
    await database.prisma.applicant.createMany({ data: ['cli-1', 'cli-2', 'cli-3'].map((id) => ({
      id, nationalId: '2610000001', fullName: 'علی احمدی', phone: '+989111234567', address: 'لاهیجان', district: 'central',
    })) });

    expect(await rotate('--batch-size', '2')).toBe(`sealed under ${testFieldCipher.currentKeyId}: 3 applicants, 0 submit steps, 0 idempotent responses`);
    for (const row of await database.prisma.applicant.findMany({ where: { id: { startsWith: 'cli-' } } })) {
      expect(sealingKeyIdOf(row.fullName)).toBe(testFieldCipher.currentKeyId);
      expect(row.nationalIdIndex).toBe(testFieldCipher.nationalIdIndex('2610000001'));
    }
    expect(await rotate()).toBe(`sealed under ${testFieldCipher.currentKeyId}: 0 applicants, 0 submit steps, 0 idempotent responses`);
    await expect(rotate('--batch-size', '0')).rejects.toThrow(/--batch-size/);
    await expect(admin('rotate-field-keys')).rejects.toThrow('FIELD_KEYS and BLIND_INDEX_KEY are needed');
  });
});

import request from 'supertest';
import { createApp } from '../../api/app';
import type { WorkflowGateway } from '../../api/workflow-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { runAdmin } from '../../scripts/admin';
import { silentLogger, testConfig } from './support/api-harness';

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

  const app = createApp({ prisma: database.prisma, workflows: {} as WorkflowGateway, config: testConfig, logger: silentLogger });
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

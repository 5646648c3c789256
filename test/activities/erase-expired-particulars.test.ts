import { randomUUID } from 'node:crypto';
import { eraseExpiredParticulars } from '../../activities/erase-expired-particulars';
import type { Submission } from '../../domain/commands';
import type { PrismaClient } from '../../generated/prisma/client';
import { openStepData, sealedApplicantColumns, sealResponseBody, sealSubmission } from '../../security/sealed-records';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { testFieldCipher } from '../../support/test-field-cipher';
import { fixtures } from '../db/fixtures';

/**
 * The retention on a real PostgreSQL: the particulars go from the applicants row, the submit
 * step (through the audit trail's one exception) and the stored Idempotency-Key responses;
 * what the figures count stays.
 */
const DAY_MS = 86_400_000;
const now = new Date('2031-12-01T00:30:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
const particulars = { nationalId: '2610000001', fullName: 'علی احمدی', phone: '+989111234567', address: 'لاهیجان، خیابان شهدا' };
const f = fixtures();

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  await prisma.organization.createMany({ data: [f.agency, f.bank] });
  await prisma.user.create({ data: f.user });
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

/**
 * An application submitted 30 days before it closed (or before now), with sealed particulars, a
 * submit and an approve step, a tranche, and its creating and approving requests' stored responses.
 */
async function seedApplication(closedAt: Date | null): Promise<string> {
  const id = randomUUID();
  const submittedAt = new Date((closedAt ?? now).getTime() - 30 * DAY_MS);
  await prisma.applicant.create({ data: { ...f.applicant, id, erasedAt: null, ...sealedApplicantColumns(testFieldCipher, particulars) } });
  await prisma.application.create({
    data: { ...f.application, id, workflowId: `application-${id}`, agencyReference: `REF-${id}`, applicantId: id, pendingTranche: undefined, pendingApproval: undefined, submittedAt, closedAt, updatedAt: closedAt ?? now },
  });
  const submission: Submission = {
    agencyReference: `REF-${id}`, requestedAmount: '150000000000', purpose: 'tea', jobsCommitted: 3, district: 'central', applicant: { ...particulars, district: 'central' },
  };
  const step = { applicationId: id, stageAfter: 'categorizing', actorUserId: f.user.id, actorOrgId: f.agency.id, actorRole: 'agency', comment: 'ثبت', transitionHash: 'h'.repeat(64) };
  await prisma.applicationStep.createMany({
    data: [
      { ...step, sequence: 1, step: 'submit', data: { ...sealSubmission(testFieldCipher, submission) }, occurredAt: submittedAt },
      { ...step, sequence: 2, step: 'approve', data: { amount: '100' }, occurredAt: closedAt ?? now },
    ],
  });
  await prisma.disbursement.create({ data: { applicationId: id, trancheNumber: 1, amount: '25000000000', paymentReference: `PAY-${id}`, paidAt: f.disbursement.paidAt } });
  const key = { userId: f.user.id, method: 'POST', requestHash: 'r', responseStatus: 201, lockedAt: submittedAt, expiresAt: new Date(submittedAt.getTime() + DAY_MS) };
  const body = sealResponseBody(testFieldCipher, { id, applicant: particulars });
  await prisma.idempotencyKey.createMany({
    data: [
      { ...key, id: `create-${id}`, key: `create-${id}`, createdAt: submittedAt, path: '/applications', responseHeaders: { location: `https://loans.example/applications/${id}` }, responseBody: body },
      { ...key, id: `step-${id}`, key: `step-${id}`, createdAt: closedAt ?? now, path: `/applications/${id}/steps/approve`, responseHeaders: {}, responseBody: body },
    ],
  });
  return id;
}

/** Everything of an application the retention reads or writes, as stored. */
async function stored(id: string) {
  return {
    applicant: await prisma.applicant.findUniqueOrThrow({ where: { id } }),
    application: await prisma.application.findUniqueOrThrow({ where: { id } }),
    steps: await prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } }),
    disbursements: await prisma.disbursement.findMany({ where: { applicationId: id } }),
    keys: await prisma.idempotencyKey.findMany({ where: { id: { in: [`create-${id}`, `step-${id}`] } }, orderBy: { id: 'asc' } }),
  };
}

const retention = { retentionDays: 1825, now };

test('given applications closed past the retention, within it and still open, only the first has its particulars erased, wherever they were kept', async () => {
  const expired = await seedApplication(daysAgo(1826));
  const recent = await seedApplication(daysAgo(1824));
  const open = await seedApplication(null);
  const before = { expired: await stored(expired), recent: await stored(recent), open: await stored(open) };

  expect(await eraseExpiredParticulars(prisma, retention)).toBe(1);

  const after = await stored(expired);
  expect(after.applicant).toEqual({
    ...before.expired.applicant,
    nationalId: '', fullName: '', phone: '', address: '', nationalIdIndex: null, nameIndex: [], erasedAt: now,
  });
  const [submit, approve] = after.steps;
  expect(submit).toEqual({ ...before.expired.steps[0], data: { ...(before.expired.steps[0]!.data as object), applicant: { district: 'central', erased: true } } });
  expect(openStepData(testFieldCipher, 'submit', submit!.data)).toMatchObject({ applicant: { nationalId: '', fullName: '', phone: '', address: '', district: 'central' } });
  expect(approve).toEqual(before.expired.steps[1]);
  expect(after.application).toEqual(before.expired.application);
  expect(after.disbursements).toEqual(before.expired.disbursements);
  expect(after.keys.map((k) => k.responseBody)).toEqual([null, null]);
  expect(after.keys.map((k) => k.responseStatus)).toEqual([201, 201]);

  // Within the retention all stays, but for the creating request's response: its key expired
  // years ago, and older than the retention it is erased without being opened (see the module).
  const [created, ...rest] = before.recent.keys;
  expect(await stored(recent)).toEqual({ ...before.recent, keys: [{ ...created, responseBody: null }, ...rest] });
  expect(await stored(open)).toEqual(before.open);
  expect(before.recent.applicant.nationalIdIndex).toBe(testFieldCipher.nationalIdIndex(particulars.nationalId));

  // A second run finds nothing left to erase, and changes nothing.
  const once = await stored(expired);
  expect(await eraseExpiredParticulars(prisma, retention)).toBe(0);
  expect(await stored(expired)).toEqual(once);
});

test('given five applications past the retention and batches of two, all five are erased, two, two and one to a transaction', async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await seedApplication(daysAgo(2000 + i)));
  const transactions = jest.spyOn(prisma, '$transaction');

  expect(await eraseExpiredParticulars(prisma, { ...retention, batchSize: 2 })).toBe(5);
  // Three batches with rows, and the one that finds none left.
  const batches = await Promise.all(transactions.mock.results.map((result) => result.value as Promise<number>));
  transactions.mockRestore();
  expect(batches).toEqual([2, 2, 1, 0]);

  const applicants = await prisma.applicant.findMany({ where: { id: { in: ids } } });
  expect(applicants.map((a) => [a.fullName, a.erasedAt])).toEqual(ids.map(() => ['', now]));
  expect(await eraseExpiredParticulars(prisma, { ...retention, batchSize: 2 })).toBe(0);
});

test('given the audit trail, a submit step is changed only by the retention: the same update without its setting is refused', async () => {
  const id = await seedApplication(daysAgo(10));
  await expect(
    prisma.$executeRaw`UPDATE "application_steps" SET "data" = '{}' WHERE "application_id" = ${id} AND "step" = 'submit'`,
  ).rejects.toThrow(/append-only/);
});

test('given a retention of less than a day, nothing is erased and the call is refused', async () => {
  await expect(eraseExpiredParticulars(prisma, { retentionDays: 0, now })).rejects.toThrow(/at least 1/);
});

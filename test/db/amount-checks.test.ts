import { Prisma } from '../../generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { fixtures, seedOneApplication } from './fixtures';

// The CHECK constraints of migration 20261127100200: whatever a bug upstream hands the
// database, an application's amounts and jobs stay within what a loan can be.

let db: TestDatabase;
const f = fixtures();
const rials = (digits: string) => new Prisma.Decimal(digits);
let nextId = 0;
type Changes = Partial<Prisma.ApplicationUncheckedCreateInput>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedOneApplication(db.prisma);
});
afterAll(async () => {
  await db.drop();
});

/** The fixture application under a fresh id and reference, with its own applicant and `changes`. */
async function anApplication(changes: Changes) {
  const id = `app-check-${++nextId}`;
  const applicant = await db.prisma.applicant.create({ data: { ...f.applicant, id: `applicant-${id}` } });
  return {
    ...f.application, id, workflowId: `application-${id}`, agencyReference: `REF-CHECK-${nextId}`, applicantId: applicant.id, ...changes,
  };
}

const refused: [string, string, Changes][] = [
  ['a requested amount of zero', 'applications_requested_amount_positive', { requestedAmount: rials('0') }],
  ['a negative requested amount', 'applications_requested_amount_positive', { requestedAmount: rials('-150000000000') }],
  ['an approved amount of zero', 'applications_approved_amount_positive', { approvedAmount: rials('0'), disbursedAmount: rials('0') }],
  ['a negative disbursed amount', 'applications_disbursed_amount_within_approved', { disbursedAmount: rials('-1') }],
  ['more disbursed than approved', 'applications_disbursed_amount_within_approved',
    { approvedAmount: rials('120000000000'), disbursedAmount: rials('120000000001') }],
  ['money disbursed on a loan never approved', 'applications_disbursed_amount_within_approved',
    { approvedAmount: null, disbursedAmount: rials('1') }],
  ['no job committed', 'applications_jobs_committed_positive', { jobsCommitted: 0 }],
  ['a negative number of jobs confirmed', 'applications_jobs_confirmed_not_negative', { jobsConfirmed: -1 }],
];

describe('an application row the CHECK constraints refuse', () => {
  test.each(refused)('%s is refused by %s', async (_label, constraint, changes) => {
    await expect(db.prisma.application.create({ data: await anApplication(changes) })).rejects.toThrow(constraint);
    expect(await db.prisma.application.count({ where: { id: `app-check-${nextId}` } })).toBe(0);
  });

  test('an update that would disburse more than was approved is refused, and the row keeps its amounts', async () => {
    const row = await db.prisma.application.create({
      data: await anApplication({ approvedAmount: rials('120000000000'), disbursedAmount: rials('60000000000') }),
    });

    await expect(
      db.prisma.application.update({ where: { id: row.id }, data: { disbursedAmount: rials('180000000000') } }),
    ).rejects.toThrow('applications_disbursed_amount_within_approved');

    const stored = await db.prisma.application.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.disbursedAmount.toFixed()).toBe('60000000000');
  });
});

test('rows at the edges are accepted: nothing approved yet, everything paid, no job confirmed', async () => {
  const submitted = await anApplication({ approvedAmount: null, disbursedAmount: rials('0'), jobsConfirmed: null, jobsCommitted: 1 });
  const paidInFull = await anApplication({ approvedAmount: rials('120000000000'), disbursedAmount: rials('120000000000'), jobsConfirmed: 0 });

  await db.prisma.application.createMany({ data: [submitted, paidInFull] });

  expect(await db.prisma.application.count({ where: { id: { in: [submitted.id, paidInFull.id] } } })).toBe(2);
});

describe('a tranche the CHECK constraint refuses', () => {
  test.each([['of zero rials', '0', 2], ['of a negative amount', '-25000000000', 3]] as const)(
    'a tranche %s is refused by disbursements_amount_positive',
    async (_label, amount, trancheNumber) => {
      const write = db.prisma.disbursement.create({
        data: { ...f.disbursement, id: BigInt(trancheNumber), trancheNumber, amount: rials(amount) },
      });
      await expect(write).rejects.toThrow('disbursements_amount_positive');
    },
  );

  test('a tranche of one rial is accepted', async () => {
    await db.prisma.disbursement.create({ data: { ...f.disbursement, id: 77n, trancheNumber: 77, amount: rials('1') } });
    expect(await db.prisma.disbursement.count({ where: { id: 77n } })).toBe(1);
  });
});

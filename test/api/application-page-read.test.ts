import { readApplicationPage } from '../../api/application-read';
import { applicationInclude, applicationResource } from '../../api/representation';
import type { Actor } from '../../domain/commands';
import { Prisma } from '../../generated/prisma/client';
import { seedOneApplication } from '../db/fixtures';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { testFieldCipher } from '../../support/test-field-cipher';

// GET /applications reads its page's rows in one SQL statement; whatever readApplicationPage
// returns must be exactly what Prisma's findMany with applicationInclude returns, in the
// listing's order, so the JSON every client sees is unchanged.

let db: TestDatabase;
let f: Awaited<ReturnType<typeof seedOneApplication>>;
const links = { self: 'http://api.test/applications/x', workflowUi: 'http://ui.test/x' };
const viewers = {
  agency: { userId: 'u-agency', organizationId: 'org-agency', role: 'agency' },
  otherAgency: { userId: 'u-other', organizationId: 'org-other-agency', role: 'agency' },
  bank: { userId: 'u-bank', organizationId: 'org-bank', role: 'bank' },
  official: { userId: 'u-official', organizationId: 'org-governor', role: 'official' },
} satisfies Record<string, Actor>;
const everyId = ['app-1', 'app-bare', 'app-earlier-1', 'app-earlier-2', 'app-same-instant'];

beforeAll(async () => {
  db = await createTestDatabase();
  f = await seedOneApplication(db.prisma);
  const { prisma } = db;
  await prisma.organization.createMany({ data: [{ id: 'org-other-agency', kind: 'agency', name: 'Relief Committee', nameFa: 'کمیته امداد' }] });
  const another = async (id: string, data: Partial<Prisma.ApplicationUncheckedCreateInput>) => {
    await prisma.applicant.create({ data: { ...f.applicant, id: `applicant-${id}` } });
    await prisma.application.create({ data: { ...f.application, id, workflowId: `application-${id}`, agencyReference: `REF-${id}`, applicantId: `applicant-${id}`, ...data } });
  };
  // Earlier applications of the same applicant, older than app-1; one at the very instant app-1 was submitted.
  const earlier = new Date(f.application.submittedAt.getTime() - 86_400_000);
  await another('app-earlier-1', { submittedAt: earlier });
  await another('app-earlier-2', { agencyId: 'org-other-agency', bankId: null, submittedAt: new Date(earlier.getTime() - 1) });
  await another('app-same-instant', { submittedAt: f.application.submittedAt });
  // Listed out of their order, so that the statement's own ordering shows.
  await prisma.applicantDuplicate.createMany({
    data: [
      { applicationId: f.application.id, earlierApplicationId: 'app-earlier-2', kind: 'paid' },
      { applicationId: f.application.id, earlierApplicationId: 'app-earlier-1', kind: 'open' },
    ],
  });
  // Tranches written out of order, with ids and amounts beyond 2^53.
  await prisma.disbursement.createMany({
    data: [
      { ...f.disbursement, id: 2n ** 62n + 1n, trancheNumber: 2, amount: new Prisma.Decimal('98765432109876543210'), paymentReference: 'PAY-0002' },
      f.disbursement,
    ],
  });
  await another('app-bare', {
    bankId: null, approvedAmount: null, disbursedAmount: new Prisma.Decimal(0), approvedTerms: null, rejectionReason: null, jobsConfirmed: null,
    category: null, priority: null, reviewStep: null, pendingTranche: Prisma.DbNull, pendingApproval: Prisma.DbNull, closedAt: null,
    submittedAt: new Date(f.application.submittedAt.getTime() + 1),
  });
});
afterAll(async () => {
  await db?.drop();
});

const viaPrisma = (ids: string[]) =>
  db.prisma.application.findMany({ where: { id: { in: ids } }, include: applicationInclude, orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }] });

test('a page reads in one statement exactly as Prisma reads it with its relations, newest first', async () => {
  const page = await readApplicationPage(db.prisma, everyId);

  expect(page).toStrictEqual(await viaPrisma(everyId));
  expect(page.map((row) => row.id)).toEqual(['app-bare', 'app-same-instant', 'app-1', 'app-earlier-1', 'app-earlier-2']);
  const app1 = page.find((row) => row.id === 'app-1')!;
  expect(app1.disbursements.map((d) => d.trancheNumber)).toEqual([1, 2]);
  expect(app1.duplicatesFound.map((d) => d.earlier.id)).toEqual(['app-earlier-1', 'app-earlier-2']);
});

test('every viewer gets the same JSON, byte for byte, as from the Prisma read', async () => {
  const page = await readApplicationPage(db.prisma, everyId);
  const expected = await viaPrisma(everyId);
  for (const viewer of Object.values(viewers)) {
    expect(JSON.stringify(page.map((row) => applicationResource(row, links, viewer, testFieldCipher)))).toBe(JSON.stringify(expected.map((row) => applicationResource(row, links, viewer, testFieldCipher))));
  }
});

test('an empty page reads as empty, and ids that do not exist are left out', async () => {
  expect(await readApplicationPage(db.prisma, [])).toEqual([]);
  expect((await readApplicationPage(db.prisma, ['no-such-application', "app-1' OR '1'='1", 'app-1'])).map((row) => row.id)).toEqual(['app-1']);
});

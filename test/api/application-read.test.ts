import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readApplication } from '../../api/application-read';
import { applicationInclude, applicationResource } from '../../api/representation';
import type { Actor } from '../../domain/commands';
import { Prisma } from '../../generated/prisma/client';
import { seedOneApplication } from '../db/fixtures';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { applications } from './support/read-world';
import { testFieldCipher } from '../../support/test-field-cipher';

// readApplication answers a read in one SQL statement; whatever it returns must be exactly what
// Prisma's findFirst with applicationInclude returns, so the JSON every client sees is unchanged.

let db: TestDatabase;
let f: Awaited<ReturnType<typeof seedOneApplication>>;
const links = { self: 'http://api.test/applications/x', workflowUi: 'http://ui.test/x' };
const viewers = {
  agency: { userId: 'u-agency', organizationId: 'org-agency', role: 'agency' },
  otherAgency: { userId: 'u-other', organizationId: 'org-other-agency', role: 'agency' },
  bank: { userId: 'u-bank', organizationId: 'org-bank', role: 'bank' },
  otherBank: { userId: 'u-other-bank', organizationId: 'org-other-bank', role: 'bank' },
  official: { userId: 'u-official', organizationId: 'org-governor', role: 'official' },
  admin: { userId: 'u-admin', organizationId: 'org-operator', role: 'admin' },
} satisfies Record<string, Actor>;

beforeAll(async () => {
  db = await createTestDatabase();
  f = await seedOneApplication(db.prisma);
  const { prisma } = db;
  await prisma.organization.createMany({
    data: [
      { id: 'org-other-agency', kind: 'agency', name: 'Relief Committee', nameFa: 'کمیته امداد' },
      { id: 'org-other-bank', kind: 'bank', name: 'Bank Sepah', nameFa: 'بانک سپه' },
    ],
  });
  // Earlier applications of the same applicant: one the agency's own, one another agency's at another bank.
  for (const [n, agencyId, bankId] of [[1, f.agency.id, f.bank.id], [2, 'org-other-agency', 'org-other-bank']] as const) {
    await prisma.applicant.create({ data: { ...f.applicant, id: `applicant-earlier-${n}` } });
    await prisma.application.create({
      data: { ...f.application, id: `app-earlier-${n}`, workflowId: `application-app-earlier-${n}`, agencyId, bankId, agencyReference: `REF-E${n}`, applicantId: `applicant-earlier-${n}` },
    });
  }
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
  // A bare one: not referred, nothing paid, nothing pending, no duplicates.
  await prisma.applicant.create({ data: { ...f.applicant, id: 'applicant-bare' } });
  await prisma.application.create({
    data: {
      ...f.application, id: 'app-bare', workflowId: 'application-app-bare', agencyReference: 'REF-BARE', applicantId: 'applicant-bare',
      bankId: null, approvedAmount: null, disbursedAmount: new Prisma.Decimal(0), approvedTerms: null, rejectionReason: null, jobsConfirmed: null, category: null, priority: null,
      reviewStep: null, pendingTranche: Prisma.DbNull, pendingApproval: Prisma.DbNull, extensionWaitId: null, closedAt: null, stage: 'categorizing',
    },
  });
});
afterAll(async () => {
  await db?.drop();
});

const viaPrisma = (id: string, viewer?: Actor) =>
  db.prisma.application.findFirst({
    where: { AND: [{ id }, viewer?.role === 'agency' ? { agencyId: viewer.organizationId } : viewer?.role === 'bank' ? { bankId: viewer.organizationId } : {}] },
    include: applicationInclude,
  });

test.each(['app-1', 'app-bare'])('%s reads in one statement exactly as Prisma reads it with its relations', async (id) => {
  const expected = await viaPrisma(id);
  expect(expected).not.toBeNull();
  const read = await readApplication(db.prisma, id);
  expect(read).toStrictEqual(expected);
  expect(read!.disbursements.map((d) => d.trancheNumber)).toEqual(id === 'app-1' ? [1, 2] : []);
  expect(read!.disbursements[1]?.amount.toFixed()).toBe(id === 'app-1' ? '98765432109876543210' : undefined);
});

test('every viewer gets the same JSON, byte for byte, as from the Prisma read, and only what it may see', async () => {
  for (const [name, viewer] of Object.entries(viewers)) {
    for (const id of ['app-1', 'app-bare', 'app-earlier-2']) {
      const expected = await viaPrisma(id, viewer);
      const read = await readApplication(db.prisma, id, viewer);
      expect({ name, id, found: read !== null }).toEqual({ name, id, found: expected !== null });
      if (read && expected) expect(JSON.stringify(applicationResource(read, links, viewer, testFieldCipher))).toBe(JSON.stringify(applicationResource(expected, links, viewer, testFieldCipher)));
    }
  }
  expect(await readApplication(db.prisma, 'app-1', viewers.otherAgency)).toBeNull();
  expect(await readApplication(db.prisma, 'app-1', viewers.otherBank)).toBeNull();
  expect(await readApplication(db.prisma, 'app-bare', viewers.bank)).toBeNull();
  const seenByAgency = applicationResource((await readApplication(db.prisma, 'app-1', viewers.agency))!, links, viewers.agency, testFieldCipher);
  expect(seenByAgency.duplicates).toEqual({ open: 1, paid: 1, visible: ['app-earlier-1'] });
});

test('an id that does not exist reads as absent', async () => {
  expect(await readApplication(db.prisma, 'no-such-application')).toBeNull();
  expect(await readApplication(db.prisma, "app-1' OR '1'='1")).toBeNull();
});

test('the embedded database (PGlite) reads the same rows in one statement as Prisma with its relations', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'embedded-read-'));
  try {
    const script = path.join(__dirname, 'support', 'embedded-read-process.ts');
    const { stdout } = await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), script, path.join(dir, 'pglite')]);
    expect(JSON.parse(stdout)).toEqual(Object.fromEntries(Object.keys(applications).map((id) => [id, true])));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { issueApiKey } from '../../../api/api-keys';
import { type AppDependencies, createApp } from '../../../api/app';
import type { WorkflowGateway } from '../../../api/workflow-gateway';
import type { Actor } from '../../../domain/commands';
import { Prisma, type PrismaClient } from '../../../generated/prisma/client';
import { fixtures } from '../../db/fixtures';
import { silentLogger, testConfig } from './api-harness';
import { testFieldCipher } from '../../../support/test-field-cipher';

/**
 * Organizations, users, keys and applications written straight into the database, for tests of
 * the read path and its caches: a read answers from the database alone, never from Temporal.
 */
export const orgs = {
  agencyA: { id: 'org-agency-a', kind: 'agency' as const, name: 'Cooperatives office', nameFa: 'اداره تعاون' },
  agencyB: { id: 'org-agency-b', kind: 'agency' as const, name: 'Relief Committee', nameFa: 'کمیته امداد' },
  bankA: { id: 'org-bank-a', kind: 'bank' as const, name: 'Bank Melli', nameFa: 'بانک ملی' },
  bankB: { id: 'org-bank-b', kind: 'bank' as const, name: 'Bank Sepah', nameFa: 'بانک سپه' },
  governor: { id: 'org-governor', kind: 'governors_office' as const, name: "Governor's office", nameFa: 'فرمانداری' },
};

export const actors = {
  agencyA: { userId: 'user-agency-a', organizationId: orgs.agencyA.id, role: 'agency' },
  agencyA2: { userId: 'user-agency-a-2', organizationId: orgs.agencyA.id, role: 'agency' },
  agencyB: { userId: 'user-agency-b', organizationId: orgs.agencyB.id, role: 'agency' },
  bankA: { userId: 'user-bank-a', organizationId: orgs.bankA.id, role: 'bank' },
  bankB: { userId: 'user-bank-b', organizationId: orgs.bankB.id, role: 'bank' },
  official: { userId: 'user-official', organizationId: orgs.governor.id, role: 'official' },
} satisfies Record<string, Actor>;
export type ActorName = keyof typeof actors;

/** The applications: who submitted each, which bank it was referred to (if any). */
export const applications = {
  'app-a1': { agencyId: orgs.agencyA.id, bankId: orgs.bankA.id },
  'app-a2': { agencyId: orgs.agencyA.id, bankId: null },
  'app-b1': { agencyId: orgs.agencyB.id, bankId: orgs.bankA.id },
  'app-b2': { agencyId: orgs.agencyB.id, bankId: orgs.bankB.id },
} as const;
export type ApplicationId = keyof typeof applications;

export interface ReadWorld {
  keys: Record<ActorName, string>;
  keyIds: Record<ActorName, string>;
  /** An app over the database with these dependencies (e.g. its own API key cache). */
  appWith(overrides?: Partial<AppDependencies>): Express;
}

export async function seedReadWorld(prisma: PrismaClient): Promise<ReadWorld> {
  await prisma.organization.createMany({ data: Object.values(orgs) });
  await prisma.user.createMany({ data: Object.values(actors).map((a) => ({ id: a.userId, organizationId: a.organizationId, role: a.role, name: a.userId })) });
  const keys = {} as Record<ActorName, string>;
  const keyIds = {} as Record<ActorName, string>;
  for (const [name, actor] of Object.entries(actors)) {
    const key = await issueApiKey(prisma, actor.userId, `read test ${name}`);
    keys[name as ActorName] = key;
    keyIds[name as ActorName] = (await prisma.apiKey.findUniqueOrThrow({ where: { keyHash: hashOf(key) } })).id;
  }
  for (const [id, parties] of Object.entries(applications)) await insertApplication(prisma, id, parties);
  // app-b1's applicant applied earlier through app-a1: agency A may see that id, agency B may not.
  await prisma.applicantDuplicate.create({ data: { applicationId: 'app-b1', earlierApplicationId: 'app-a1', kind: 'open' } });
  const appWith = (overrides: Partial<AppDependencies> = {}) =>
    createApp({ prisma, fields: testFieldCipher, workflows: {} as WorkflowGateway, config: testConfig, logger: silentLogger, rateLimit: { limit: 1_000_000 }, ...overrides });
  return { keys, keyIds, appWith };
}

export const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');
export const unknownKey = () => `lk_${randomBytes(32).toString('base64url')}`;

/** May `actor` see the application (api/access.ts's rule, written out again)? */
export function mayRead(actor: Actor, id: ApplicationId): boolean {
  const { agencyId, bankId } = applications[id];
  if (actor.role === 'agency') return agencyId === actor.organizationId;
  if (actor.role === 'bank') return bankId === actor.organizationId;
  return true;
}

async function insertApplication(prisma: PrismaClient, id: string, parties: { agencyId: string; bankId: string | null }): Promise<void> {
  const f = fixtures();
  await prisma.applicant.create({ data: { ...f.applicant, id: `applicant-${id}` } });
  await prisma.application.create({
    data: {
      ...f.application,
      ...parties,
      id,
      workflowId: `application-${id}`,
      agencyReference: `REF-${id}`,
      applicantId: `applicant-${id}`,
      approvedAmount: new Prisma.Decimal('60000000000'),
      disbursedAmount: new Prisma.Decimal(0),
      pendingTranche: Prisma.DbNull,
      pendingApproval: Prisma.DbNull,
      closedAt: null,
    },
  });
}

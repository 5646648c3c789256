import { randomUUID } from 'node:crypto';
import type { NotifyConfig } from '../../activities/notify-stalled-case';
import type { StalledCaseNotice } from '../../domain/escalation';
import type { PrismaClient } from '../../generated/prisma/client';
import { agency, bank, seedOrganizations } from '../../support/fixtures';

export const governorsOffice = ['governor-office@lahijan.example', 'deputy@lahijan.example'];
export const bankContact = 'loans@bankmelli.example';
export const bankOfficer = 'officer@bankmelli.example';

export const notifyConfig: NotifyConfig = {
  MAIL_FROM: 'loans@lahijan.example',
  GOVERNORS_OFFICE_EMAILS: governorsOffice,
  PROVINCE_OFFICE_EMAILS: [],
  PUBLIC_BASE_URL: 'https://loans.lahijan.example',
  TEMPORAL_UI_URL: 'http://temporal-ui.lahijan.example:8233',
  TEMPORAL_NAMESPACE: 'default',
};

/** The county's organizations, with the bank's contacts, once per database. */
export async function seedCounty(prisma: PrismaClient): Promise<void> {
  await seedOrganizations(prisma);
  await prisma.organization.update({ where: { id: bank.organizationId }, data: { contactEmail: bankContact } });
  await prisma.user.update({ where: { id: bank.userId }, data: { email: bankOfficer } });
}

export interface SeededApplication {
  id: string;
  agencyReference: string;
  applicantName: string;
  nationalId: string;
}

/** An application referred to the bank, as the workflow's persistence would have left it. */
export async function seedApplication(
  prisma: PrismaClient,
  overrides: { applicantName?: string; agencyReference?: string } = {},
): Promise<SeededApplication> {
  const id = randomUUID();
  const nationalId = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
  const applicantName = overrides.applicantName ?? 'مریم رحیمی';
  const agencyReference = overrides.agencyReference ?? `REF-${id.slice(0, 8)}`;
  const now = new Date('2026-11-20T08:00:00Z');
  await prisma.applicant.create({
    data: { id: nationalId, nationalId, fullName: applicantName, phone: '+989111234567', address: 'Kashef Street, Lahijan', district: 'lahijan_city' },
  });
  await prisma.application.create({
    data: {
      id,
      workflowId: `loan-application-${id}`,
      agencyId: agency.organizationId,
      agencyReference,
      applicantId: nationalId,
      requestedAmount: '150000000000',
      purpose: 'Tea-processing micro-workshop',
      jobsCommitted: 4,
      district: 'lahijan_city',
      stage: 'bank_review',
      reviewStep: 'documents',
      bankId: bank.organizationId,
      lastSequence: 2,
      submittedAt: now,
      updatedAt: now,
    },
  });
  return { id, agencyReference, applicantName, nationalId };
}

export function aNotice(applicationId: string, overrides: Partial<StalledCaseNotice> = {}): StalledCaseNotice {
  const level = overrides.level ?? 'governors_office';
  const round = overrides.round ?? 0;
  return {
    key: `${applicationId}/bank_review.documents#2/${level}/${round}`,
    applicationId,
    level,
    round,
    waitingFor: 'bank_review.documents',
    holderOrganizationId: bank.organizationId,
    waitingSince: '2026-11-21T06:30:00.000Z',
    deadline: '2026-11-26T10:45:00.000Z',
    workingDaysWaited: 7,
    ...overrides,
  };
}

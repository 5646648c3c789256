import { randomUUID } from 'node:crypto';
import type { Actor, Submission, SubmitCommand } from '../domain/commands';
import type { PrismaClient } from '../generated/prisma/client';

/** A small county: two agencies and two banks, each with one user. */
export const agency: Actor = { userId: 'user-relief-committee', organizationId: 'org-relief-committee', role: 'agency' };
export const otherAgency: Actor = { userId: 'user-welfare', organizationId: 'org-welfare', role: 'agency' };
export const bank: Actor = { userId: 'user-bank-melli', organizationId: 'org-bank-melli', role: 'bank' };
export const otherBank: Actor = { userId: 'user-bank-sepah', organizationId: 'org-bank-sepah', role: 'bank' };

export async function seedOrganizations(prisma: PrismaClient): Promise<void> {
  const organizations = [
    { id: agency.organizationId, kind: 'agency' as const, name: 'Imam Khomeini Relief Committee', nameFa: 'کمیته امداد امام خمینی' },
    { id: otherAgency.organizationId, kind: 'agency' as const, name: 'Welfare Organization', nameFa: 'سازمان بهزیستی' },
    { id: bank.organizationId, kind: 'bank' as const, name: 'Bank Melli', nameFa: 'بانک ملی' },
    { id: otherBank.organizationId, kind: 'bank' as const, name: 'Bank Sepah', nameFa: 'بانک سپه' },
  ];
  for (const organization of organizations) {
    // Four eyes off: the shared walks take tranches and approvals with one bank user; the
    // four-eyes tests turn it on (the database's default and the county seed keep it on).
    await prisma.organization.upsert({ where: { id: organization.id }, create: { ...organization, fourEyes: false }, update: {} });
  }
  const users = [agency, otherAgency, bank, otherBank];
  for (const user of users) {
    await prisma.user.upsert({
      where: { id: user.userId },
      create: { id: user.userId, organizationId: user.organizationId, role: user.role, name: user.userId },
      update: {},
    });
  }
}

export function aSubmission(overrides: Partial<Submission> = {}): Submission {
  return {
    agencyReference: `REF-${randomUUID().slice(0, 8)}`,
    applicant: {
      nationalId: '0013542419',
      fullName: 'Maryam Rahimi',
      phone: '+989111234567',
      address: 'Kashef Street, Lahijan',
      district: 'lahijan_city',
    },
    requestedAmount: '150000000000',
    purpose: 'Tea-processing micro-workshop',
    jobsCommitted: 4,
    district: 'lahijan_city',
    ...overrides,
  };
}

export const submitCommand = (overrides: Partial<Submission> = {}): SubmitCommand => ({
  actor: agency,
  submission: aSubmission(overrides),
});

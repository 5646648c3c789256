import { createHash } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';

/** One row per model with every field set, linked to each other; times have millisecond precision. */
export function fixtures() {
  const at = (iso: string) => new Date(iso);
  const agency = {
    id: 'org-agency', kind: 'agency' as const, name: 'Lahijan Employment Agency', nameFa: 'کاریابی لاهیجان',
    contactEmail: 'agency@lahijan.example', fourEyes: true, createdAt: at('2026-11-26T08:00:00.123Z'),
  };
  const bank = {
    id: 'org-bank', kind: 'bank' as const, name: 'Bank Melli, Lahijan branch', nameFa: 'بانک ملی شعبه لاهیجان',
    contactEmail: 'loans@bank.example', fourEyes: false, createdAt: at('2026-11-26T08:00:01.456Z'),
  };
  const user = {
    id: 'user-1', organizationId: agency.id, role: 'agency' as const, name: 'Maryam Rahimi',
    email: 'maryam@lahijan.example', createdAt: at('2026-11-26T08:01:00.001Z'),
    username: 'maryam.rahimi', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
    mustChangePassword: true, failedSignIns: 3, lockedUntil: at('2026-11-26T08:05:00.005Z'),
  };
  const consoleSession = {
    id: createHash('sha256').update('session token').digest('hex'), userId: user.id, csrfToken: 'csrf-token',
    createdAt: at('2026-11-26T08:06:00.006Z'), lastSeenAt: at('2026-11-26T08:07:00.007Z'),
    expiresAt: at('2026-11-26T20:06:00.006Z'), endedAt: at('2026-11-26T08:30:00.030Z'),
  };
  const apiKey = {
    id: 'key-1', userId: user.id, keyHash: createHash('sha256').update('secret').digest('hex'), label: 'agency portal',
    createdAt: at('2026-11-26T08:02:00.002Z'), revokedAt: at('2026-12-01T00:00:00.999Z'),
  };
  const applicant = {
    id: 'applicant-1', nationalId: '2610000001', fullName: 'علی احمدی', phone: '+989111234567',
    address: 'لاهیجان، خیابان شهدا', district: 'central', createdAt: at('2026-11-26T08:03:00.003Z'),
    nationalIdIndex: 'a'.repeat(64), nameIndex: ['b'.repeat(32), 'c'.repeat(32)], erasedAt: at('2031-06-01T00:00:00.004Z'),
  };
  const application = {
    id: 'app-1', workflowId: 'application-app-1', agencyId: agency.id, agencyReference: 'REF-1',
    applicantId: applicant.id,
    requestedAmount: new Prisma.Decimal('123456789012345678901'), purpose: 'tea processing workshop', jobsCommitted: 12,
    district: 'central', stage: 'disbursing', reviewStep: 'bank_review', category: 'industry', priority: 'high',
    bankId: bank.id, approvedAmount: new Prisma.Decimal('99999999999999999999999999999999999999'),
    approvedTerms: '60 months, 4%', rejectionReason: 'none', disbursedAmount: new Prisma.Decimal('50000000000'),
    jobsConfirmed: 11, pendingTranche: { amount: '25000000000', paymentReference: 'PAY-0002', recordedBy: { userId: 'user-2', organizationId: 'org-bank', role: 'bank' } },
    pendingApproval: { amount: '99999999999999999999', terms: '60 months', recordedBy: { userId: 'user-3', organizationId: 'org-bank', role: 'bank' } }, extensionWaitId: 'bank_review.decision#5', extensionDays: 3, lastSequence: 7, submittedAt: at('2026-11-26T09:00:00.010Z'),
    updatedAt: at('2026-11-27T09:00:00.020Z'), closedAt: at('2027-06-01T12:00:00.030Z'),
  };
  const step = {
    id: 9007199254740993n, applicationId: application.id, sequence: 1, step: 'submit', stageAfter: 'categorizing',
    actorUserId: user.id, actorOrgId: agency.id, actorRole: 'agency', comment: 'ثبت اولیه',
    data: { amount: '123456789012345678901', ratio: 0.25, flags: [true, false, null], nested: { fa: 'سه', n: -1 } },
    occurredAt: at('2026-11-26T09:00:00.011Z'), transitionHash: createHash('sha256').update('submit 1').digest('hex'),
  };
  const disbursement = {
    id: 2n ** 62n, applicationId: application.id, trancheNumber: 1, amount: new Prisma.Decimal('25000000000'),
    paymentReference: 'PAY-0001', paidAt: at('2026-12-10T10:10:10.101Z'),
  };
  const escalation = {
    id: 42n, applicationId: application.id, escalationKey: 'bank_review:1:governor', step: 'bank_review',
    level: 'governors_office', holderOrgId: bank.id, waitingSince: at('2026-11-28T00:00:00.000Z'),
    deadline: at('2026-12-05T00:00:00.000Z'), createdAt: at('2026-12-05T00:00:01.500Z'),
  };
  const email = {
    id: 'mail-1', applicationId: application.id, messageId: '<escalation-1@lahijan.example>',
    recipients: 'governor-office@lahijan.example', subject: 'پرونده معطل مانده',
    textBody: 'متن', htmlBody: '<p>متن</p>',
    status: 'sent', attempts: 2, lastError: 'ETIMEDOUT', createdAt: at('2026-12-05T00:00:02.000Z'),
    sentAt: at('2026-12-05T00:00:03.000Z'),
  };
  const note = {
    id: 2n ** 60n, applicationId: application.id, number: 1, kind: 'comment', actorUserId: user.id, actorOrgId: agency.id,
    actorRole: 'agency', text: 'مدارک فردا می‌رسد', data: { mentions: [bank.id] }, occurredAt: at('2026-11-26T10:00:00.012Z'),
    afterSequence: 1, noteHash: createHash('sha256').update('note 1').digest('hex'),
  };
  return { agency, bank, user, consoleSession, apiKey, applicant, application, step, disbursement, escalation, email, note };
}

/** The fixtures' organizations, applicant and application, written through Prisma. */
export async function seedOneApplication(prisma: PrismaClient): Promise<ReturnType<typeof fixtures>> {
  const f = fixtures();
  await prisma.organization.createMany({ data: [f.agency, f.bank] });
  await prisma.user.create({ data: f.user });
  await prisma.applicant.create({ data: f.applicant });
  await prisma.application.create({ data: f.application });
  return f;
}

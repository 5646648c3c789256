import { randomUUID } from 'node:crypto';
import { bank } from '../../../support/fixtures';

/** Request bodies as a client sends them. */
export const submissionRequest = (overrides: Record<string, unknown> = {}) => ({
  agencyReference: `HTTP-${randomUUID().slice(0, 8)}`,
  applicant: {
    nationalId: '0013542419',
    fullName: 'Reza Karimi',
    phone: '09111234567',
    address: 'Golestan Street, Lahijan',
    district: 'lahijan_city',
  },
  requestedAmount: '150000000000',
  purpose: 'Silk-weaving home business',
  jobsCommitted: 3,
  district: 'lahijan_city',
  ...overrides,
});

export const categorizeRequest = (bankId = bank.organizationId) => ({ category: 'home_business', priority: 'normal', bankId });

/** A valid body for each step, by URL segment. */
export const stepRequests: Record<string, object> = {
  categorize: categorizeRequest(),
  'return-for-documents': { missingDocuments: ['business licence'] },
  'resubmit-documents': {},
  'declare-ineligible': { reason: 'outside_program_scope' },
  'acknowledge-receipt': {},
  'check-documents': { guaranteesAccepted: true },
  'assess-credit': { creditScore: 700 },
  approve: { amount: '100000000000', terms: '4% over 5 years' },
  reject: { reason: 'poor_credit_history' },
  'request-information': { questions: ['Lease?'] },
  'answer-information-request': { answer: 'Attached.' },
  'sign-contract': { contractNumber: 'C-1' },
  'disburse-tranche': { amount: '1000', paymentReference: 'PAY-1' },
  'confirm-jobs': { jobsConfirmed: 2 },
  withdraw: { reason: 'applicant request' },
};

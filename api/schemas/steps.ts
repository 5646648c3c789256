import { z } from 'zod';
import type { StepName } from '../../domain/commands';
import { categories, districts, ineligibilityReasons, priorities, rejectionReasons } from '../../domain/vocabulary';
import { comment, identifier, organizationId, rialAmount, sha256Digest, text, wholeNumber } from './fields';

const empty = z.strictObject({ comment });

/** The body of each step's endpoint: the step's data plus an optional comment. */
export const stepBodies = {
  categorize: z.strictObject({
    category: z.enum(categories),
    priority: z.enum(priorities),
    bankId: organizationId,
    district: z.enum(districts).optional(),
    comment,
  }),
  returnForDocuments: z.strictObject({ missingDocuments: z.array(text(200)).min(1).max(50), comment }),
  // The files attached since the return that this resubmission brings (each already attached to the case).
  resubmitDocuments: z.strictObject({ attachments: z.array(sha256Digest).max(50).optional(), comment }),
  declareIneligible: z.strictObject({ reason: z.enum(ineligibilityReasons), comment }),
  acknowledgeReceipt: empty,
  // The workflow would move on to the credit assessment whatever the answer, so a refusal of the
  // guarantees is not a value of this step but another step.
  checkDocuments: z.strictObject({
    guaranteesAccepted: z.literal(true, {
      error: 'must be true: when the guarantees are not accepted, reject the application with reason insufficient_guarantee or request information instead',
    }),
    comment,
  }),
  assessCredit: z.strictObject({ creditScore: wholeNumber(0, 1000).optional(), comment }),
  approve: z.strictObject({ amount: rialAmount, terms: text(2000), comment }),
  reject: z.strictObject({ reason: z.enum(rejectionReasons), comment }),
  requestInformation: z.strictObject({ questions: z.array(text(1000)).min(1).max(20), comment }),
  answerInformationRequest: z.strictObject({ answer: text(5000), comment }),
  signContract: z.strictObject({ contractNumber: identifier(64), comment }),
  disburseTranche: z.strictObject({ amount: rialAmount, paymentReference: identifier(64), comment }),
  confirmJobs: z.strictObject({ jobsConfirmed: wholeNumber(0, 10_000), comment }),
  withdraw: z.strictObject({ reason: text(1000), comment }),
} satisfies Record<StepName, z.ZodType>;

/** Four eyes: cancelling a pending tranche or approval (POST …/steps/cancel-tranche, …/cancel-approval). */
export const cancelPendingBody = z.strictObject({ reason: text(500) });

/** The URL segment of each step: /applications/:id/steps/:segment. */
export const stepSegments: Record<string, StepName> = {
  categorize: 'categorize',
  'return-for-documents': 'returnForDocuments',
  'resubmit-documents': 'resubmitDocuments',
  'declare-ineligible': 'declareIneligible',
  'acknowledge-receipt': 'acknowledgeReceipt',
  'check-documents': 'checkDocuments',
  'assess-credit': 'assessCredit',
  approve: 'approve',
  reject: 'reject',
  'request-information': 'requestInformation',
  'answer-information-request': 'answerInformationRequest',
  'sign-contract': 'signContract',
  'disburse-tranche': 'disburseTranche',
  'confirm-jobs': 'confirmJobs',
  withdraw: 'withdraw',
};

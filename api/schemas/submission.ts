import { z } from 'zod';
import { districts } from '../../domain/vocabulary';
import { address, comment, identifier, mobilePhone, nationalId, personName, rialAmount, text, wholeNumber } from './fields';

export const submissionBody = z.strictObject({
  agencyReference: identifier(64),
  applicant: z.strictObject({
    nationalId,
    fullName: personName(200),
    phone: mobilePhone,
    address: address(500),
    district: z.enum(districts),
  }),
  requestedAmount: rialAmount,
  purpose: text(1000),
  jobsCommitted: wholeNumber(1, 10_000),
  district: z.enum(districts),
  comment,
});

export type SubmissionBody = z.infer<typeof submissionBody>;

import { aSubmission } from '../../support/fixtures';

/** The body of one benchmark application's submission over HTTP: the tests' sample, each with its own applicant. */
export function submissionBody(agencyReference: string, nationalId: string, index: number) {
  const sample = aSubmission({ agencyReference });
  return { ...sample, applicant: { ...sample.applicant, nationalId, fullName: `Applicant ${index}` } };
}

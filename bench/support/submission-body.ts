/** The body of one benchmark application's submission over HTTP; each has its own applicant. */
export function submissionBody(agencyReference: string, nationalId: string, index: number) {
  return {
    agencyReference,
    applicant: {
      nationalId,
      fullName: `Applicant ${index}`,
      phone: '09111234567',
      address: 'Kashef Street, Lahijan',
      district: 'lahijan_city',
    },
    requestedAmount: '150000000000',
    purpose: 'Tea-processing micro-workshop',
    jobsCommitted: 4,
    district: 'lahijan_city',
  };
}

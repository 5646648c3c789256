import type { Applicant, Submission } from '../domain/commands';
import { ERASED, type FieldCipher } from './field-cipher';

/** An applicant's particulars: what is sealed at rest. The district stays plain for the figures. */
export type Particulars = Pick<Applicant, 'nationalId' | 'fullName' | 'phone' | 'address'>;

/** The applicants row's columns for these particulars: sealed values and their blind indexes. */
export function sealedApplicantColumns(cipher: FieldCipher, applicant: Particulars) {
  return {
    nationalId: cipher.seal(applicant.nationalId),
    fullName: cipher.seal(applicant.fullName),
    phone: cipher.seal(applicant.phone),
    address: cipher.seal(applicant.address),
    nationalIdIndex: cipher.nationalIdIndex(applicant.nationalId),
    nameIndex: cipher.nameIndex(applicant.fullName),
  };
}

/** An applicants row (or part of one) with its particulars opened; erased ones (ERASED) stay empty. */
export function openApplicant<Row extends Partial<Particulars>>(cipher: FieldCipher, row: Row): Row {
  const opened: Partial<Particulars> = {};
  for (const field of ['nationalId', 'fullName', 'phone', 'address'] as const) {
    const value = row[field];
    if (value !== undefined) opened[field] = cipher.open(value);
  }
  return { ...row, ...opened };
}

/** The submit step's data as stored: the applicant's particulars in one sealed value. */
export interface SealedSubmissionData extends Omit<Submission, 'applicant'> {
  applicant: { district: Applicant['district']; sealed?: string; erased?: true };
}

export function sealSubmission(cipher: FieldCipher, submission: Submission): SealedSubmissionData {
  return { ...submission, applicant: sealedStepApplicant(cipher, submission.applicant) };
}

/** A submit step's applicant as stored: the district plain, the particulars in one sealed value. */
export function sealedStepApplicant(cipher: FieldCipher, applicant: object & { district?: unknown }) {
  const { district, ...particulars } = applicant;
  return { district: district as Applicant['district'], sealed: cipher.sealJson(particulars) };
}

/**
 * A step's data as it was taken: a submit step's sealed particulars opened (empty once erased).
 * Other steps, and submit steps stored before sealing, are returned as they are.
 */
export function openStepData(cipher: FieldCipher, step: string, data: unknown): unknown {
  if (step !== 'submit' || !isRecord(data) || !isRecord(data.applicant)) return data;
  const { sealed, erased, ...applicant } = data.applicant;
  if (typeof sealed === 'string') return { ...data, applicant: { ...cipher.openJson<Particulars>(sealed), ...applicant } };
  if (erased === true) return { ...data, applicant: { nationalId: ERASED, fullName: ERASED, phone: ERASED, address: ERASED, ...applicant } };
  return data;
}

/**
 * A step row as a projection repair logs it: a submit step's particulars left out (the workflow
 * and the applicants row hold them), so the append-only log keeps no copy that a key rotation or
 * the retention's erasure would have to reach.
 */
export function withoutParticulars<Row extends { step: string; data: unknown }>(row: Row): Row {
  if (row.step !== 'submit' || !isRecord(row.data) || !isRecord(row.data.applicant)) return row;
  return { ...row, data: { ...row.data, applicant: { district: row.data.applicant.district, withheld: true } } };
}

/** A stored Idempotency-Key response body: sealed whole, since an application's carries the particulars. */
export function sealResponseBody(cipher: FieldCipher, body: unknown): { sealed: string } {
  return { sealed: cipher.sealJson(body) };
}

export function openResponseBody(cipher: FieldCipher, stored: unknown): unknown {
  return isRecord(stored) && typeof stored.sealed === 'string' && Object.keys(stored).length === 1 ? cipher.openJson(stored.sealed) : stored;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

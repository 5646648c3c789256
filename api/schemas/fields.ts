import { z } from 'zod';
import { isValidNationalId, normalizeMobile, toAsciiDigits } from '../../domain/identity';
import { normalizeFreeText, normalizeIdentifier, normalizeName, type TextKind, textFault } from '../../domain/normalize';
import { rialPattern } from '../../domain/rial';

/**
 * Field schemas shared by the request bodies and queries. Every text field is checked here, once:
 * what the database cannot store is refused in all of them, control and bidirectional characters
 * in names and references; then the value is normalized (see domain/normalize.ts), so the rest of
 * the system sees one spelling. Digits may be typed in Persian or Arabic-Indic.
 */

const checked = (kind: TextKind) =>
  z.string().check((ctx) => {
    const fault = textFault(ctx.value, kind);
    if (fault) ctx.issues.push({ code: 'custom', message: fault, input: ctx.value, continue: false });
  });

/** A reference or id typed by a person or another system: folded letters, ASCII digits, single spaces. */
export const identifier = (max: number) => checked('identifier').overwrite(normalizeIdentifier).min(1, 'must not be empty').max(max);

/** A person's name: folded letters, single spaces. */
export const personName = (max: number) => checked('name').overwrite(normalizeName).min(1, 'must not be empty').max(max);

/** Free text (purpose, terms, questions, ...): may hold line breaks and tabs. */
export const text = (max: number) => checked('freeText').overwrite((v) => normalizeFreeText(v)).min(1, 'must not be empty').max(max);

/** An address is free text that is searched, so its letters are folded too. */
export const address = (max: number) =>
  checked('freeText').overwrite((v) => normalizeFreeText(v, { foldLetters: true })).min(1, 'must not be empty').max(max);

export const comment = checked('freeText').overwrite((v) => normalizeFreeText(v)).max(2000).optional();
export const organizationId = identifier(64);
/** An attachment's name: the SHA-256 of its bytes, 64 lowercase hex digits. */
export const sha256Digest = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest: 64 lowercase hex digits');

const digits = z.union([z.string(), z.number()]).transform((value) => toAsciiDigits(String(value)).trim());

export const rialAmount = z
  .string({ error: 'must be a string of decimal digits (rials)' })
  .transform((value) => toAsciiDigits(value).trim())
  .refine((value) => rialPattern.test(value) && value !== '0', 'must be a positive whole number of rials, as a string of digits');

export const wholeNumber = (min: number, max: number) =>
  digits
    .refine((value) => /^-?\d+$/.test(value), 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const nationalId = digits.refine(isValidNationalId, 'is not a valid Iranian national id (10 digits with a correct check digit)');

export const mobilePhone = digits.transform((value, ctx) => {
  const normalized = normalizeMobile(value);
  if (normalized === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an Iranian mobile number such as 09111234567' });
    return z.NEVER;
  }
  return normalized;
});

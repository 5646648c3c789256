import { z } from 'zod';
import { isValidNationalId, normalizeMobile, toAsciiDigits } from '../../domain/identity';
import { rialPattern } from '../../domain/rial';

/** Field schemas shared by the request bodies. Digits may be typed in Persian or Arabic-Indic. */

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

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const comment = z.string().trim().max(2000).optional();
export const organizationId = z.string().trim().min(1).max(64);

/** Checks on the identifiers people type: Iranian national ids and mobile numbers. */

const persianDigits = '۰۱۲۳۴۵۶۷۸۹';
const arabicIndicDigits = '٠١٢٣٤٥٦٧٨٩';

/** Persian and Arabic-Indic digits become ASCII, so `۱۲۳` and `123` mean the same. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (digit) => {
    const persian = persianDigits.indexOf(digit);
    return String(persian >= 0 ? persian : arabicIndicDigits.indexOf(digit));
  });
}

/** The ten-digit national id (kod-e melli) with its check digit. */
export function isValidNationalId(value: string): boolean {
  if (!/^\d{10}$/.test(value) || /^(\d)\1{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 9).reduce((total, digit, index) => total + digit * (10 - index), 0);
  const remainder = sum % 11;
  const check = digits[9]!;
  return remainder < 2 ? check === remainder : check === 11 - remainder;
}

/** An Iranian mobile number in its international form (+989xxxxxxxxx), or null. */
export function normalizeMobile(value: string): string | null {
  const compact = value.replace(/[\s-]/g, '');
  const match = /^(?:\+98|0098|98|0)?(9\d{9})$/.exec(compact);
  return match ? `+98${match[1]}` : null;
}

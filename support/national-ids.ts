import { randomInt } from 'node:crypto';

/** Nine digits and the check digit that makes them a valid Iranian national id. */
function withCheckDigit(body: string): string {
  const remainder = [...body].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0) % 11;
  return `${body}${remainder < 2 ? remainder : 11 - remainder}`;
}

/**
 * A valid Iranian national id of its own for each applicant: a batch of one person's
 * applications would queue every submission on that person's row, which a real county never does.
 */
export function aNationalId(): string {
  const id = withCheckDigit(Array.from({ length: 9 }, () => randomInt(10)).join(''));
  // Ten equal digits pass the checksum but are refused as placeholders.
  return /^(\d)\1{9}$/.test(id) ? aNationalId() : id;
}

/** A valid national id for each index, the same in every run, so each application has its own applicant. */
export function nationalIdFor(index: number): string {
  return withCheckDigit(String(100_000_000 + index).padStart(9, '0'));
}

/**
 * Rial amounts travel as strings of decimal digits (JSON has no big integers, and amounts
 * exceed 2^53), and are compared as BigInt. Never a float, never a 32-bit number.
 */
export type Rial = string;

export const rialPattern = /^(0|[1-9][0-9]{0,37})$/;

export function isRial(value: unknown): value is Rial {
  return typeof value === 'string' && rialPattern.test(value);
}

export const toBigInt = (amount: Rial): bigint => BigInt(amount);
export const fromBigInt = (amount: bigint): Rial => amount.toString();
export const addRial = (a: Rial, b: Rial): Rial => fromBigInt(toBigInt(a) + toBigInt(b));
export const subtractRial = (a: Rial, b: Rial): Rial => fromBigInt(toBigInt(a) - toBigInt(b));
export const compareRial = (a: Rial, b: Rial): number => {
  const difference = toBigInt(a) - toBigInt(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
};

import { Prisma } from '../generated/prisma/client';

/** The SQLSTATE behind a Prisma error raised through the driver adapter, if any. */
function sqlStateOf(error: unknown): string | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined)?.driverAdapterError?.cause;
  return typeof cause?.originalCode === 'string' ? cause.originalCode : undefined;
}

export const isUniqueViolation = (error: unknown): boolean =>
  (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') || sqlStateOf(error) === '23505';

/**
 * True when the database refused the data itself (a data exception, a NOT NULL or CHECK
 * violation, a value the client cannot even send): retrying the same write can never succeed,
 * unlike a lost connection or a restart, which a retry outlives.
 */
export function isDataRefusal(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientValidationError) return true;
  if (isUniqueViolation(error)) return false;
  const state = sqlStateOf(error);
  if (state !== undefined) return state.startsWith('22') || state.startsWith('23');
  // Prisma's own data errors (value too long, out of range, null in a required field, ...).
  return error instanceof Prisma.PrismaClientKnownRequestError && ['P2000', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2020'].includes(error.code);
}

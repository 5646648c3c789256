import { isGrpcServiceError } from '@temporalio/client';
import { Prisma } from '../generated/prisma/client';

/**
 * Whether an error says a service the API stands on (PostgreSQL, Temporal) is briefly not
 * there — restarting, failing over, out of connections — rather than that the request is wrong
 * or the code is: such a request is answered 503 with Retry-After, never 500.
 */
export function isServiceUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 6; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if (isDatabaseUnavailable(cause) || isTemporalUnavailable(cause) || isSocketFailure(cause)) return true;
  }
  return false;
}

// Prisma's: can't reach the server, timed out reaching it, it closed the connection, the pool timed out.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// The driver adapter's kinds for the same (@prisma/adapter-pg maps socket errors to them).
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// SQLSTATE: connection exceptions (08…), shutting down or starting up (57P01–57P03), too many connections.
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;

function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (PRISMA_CODES.has(error.code)) return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string; code?: string; originalCode?: string } } | undefined)?.cause;
  return ADAPTER_KINDS.has(cause?.kind ?? '') || UNAVAILABLE_SQLSTATE.test(cause?.originalCode ?? cause?.code ?? '');
}

// gRPC UNAVAILABLE: the Temporal frontend is down or restarting.
const GRPC_UNAVAILABLE = 14;

function isTemporalUnavailable(error: unknown): boolean {
  return isGrpcServiceError(error) && error.code === GRPC_UNAVAILABLE;
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** A connection refused or dropped under a client that does not wrap it (node-postgres's own pool). */
function isSocketFailure(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && SOCKET_CODES.has(code)) || (typeof message === 'string' && /^Connection terminated( unexpectedly)?$/.test(message));
}

import type { PrismaClient } from '../generated/prisma/client';
import { ERASED } from '../security/field-cipher';

export interface RetentionSettings {
  /** RETENTION_AFTER_CLOSURE_DAYS: particulars of applications closed longer ago than this are erased. */
  retentionDays: number;
  now: Date;
  /** Applicants erased per transaction, so no run holds many rows locked for long. */
  batchSize?: number;
}

const DAY_MS = 86_400_000;
/** Room for a batch of 500 on a busy database; Prisma's default (5 s) is for requests. */
const BATCH_TIMEOUT_MS = 60_000;

/**
 * Erases the particulars (national id, name, phone, address) of applicants whose application
 * closed more than `retentionDays` ago, wherever they are kept: the applicants row with its
 * blind indexes, the submit step's data, and the stored Idempotency-Key responses. Everything
 * the figures count (applications, the other steps, disbursements) stays. Rows already erased
 * are skipped, so a repeated or retried run erases nothing twice. Returns how many were erased.
 */
export async function eraseExpiredParticulars(prisma: PrismaClient, { retentionDays, now, batchSize = 500 }: RetentionSettings): Promise<number> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`retentionDays must be a whole number of days, at least 1 (got ${retentionDays})`);
  const closedBefore = new Date(now.getTime() - retentionDays * DAY_MS);
  let erased = 0;
  for (;;) {
    const count = await prisma.$transaction((tx) => eraseBatch(tx, closedBefore, now, batchSize), { timeout: BATCH_TIMEOUT_MS });
    erased += count;
    if (count === 0) break;
  }
  await eraseCreationResponses(prisma, closedBefore);
  return erased;
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

async function eraseBatch(tx: Tx, closedBefore: Date, now: Date, batchSize: number): Promise<number> {
  // SKIP LOCKED: a second run at the same time (a manual one beside the Schedule's) takes other rows.
  const due = await tx.$queryRaw<Array<{ id: string; applicant_id: string }>>`
    SELECT a."id", a."applicant_id" FROM "applications" a JOIN "applicants" p ON p."id" = a."applicant_id"
    WHERE a."closed_at" < ${closedBefore} AND p."erased_at" IS NULL
    ORDER BY a."closed_at", a."id" LIMIT ${batchSize}
    FOR UPDATE OF p SKIP LOCKED`;
  if (due.length === 0) return 0;
  const applicationIds = due.map((row) => row.id);
  const applicantIds = due.map((row) => row.applicant_id);

  await tx.$executeRaw`
    UPDATE "applicants" SET "national_id" = ${ERASED}, "full_name" = ${ERASED}, "phone" = ${ERASED}, "address" = ${ERASED},
      "national_id_index" = NULL, "name_index" = '{}', "erased_at" = ${now}
    WHERE "id" = ANY(${applicantIds})`;

  // The audit trail is append-only; this setting (for this transaction only) lets a submit row's
  // data, and nothing else of it, change (migration 20261128000000). The district stays for the figures.
  await tx.$executeRaw`SELECT set_config('loan.particulars_resealing', 'on', true)`;
  await tx.$executeRaw`
    UPDATE "application_steps" s
    SET "data" = jsonb_set(s."data", '{applicant}',
      jsonb_build_object('district', COALESCE(s."data" #> '{applicant,district}', to_jsonb(a."district")), 'erased', true))
    FROM "applications" a
    WHERE a."id" = s."application_id" AND s."application_id" = ANY(${applicationIds}) AND s."step" = 'submit'
      AND jsonb_typeof(s."data") = 'object'`;

  // A stored response to a step, comment or attachment names its application in the request's
  // path (starts_with, not LIKE: an id may hold `_`). Creating requests: eraseCreationResponses.
  await tx.$executeRaw`
    UPDATE "idempotency_keys" k SET "response_body" = NULL
    FROM unnest(${applicationIds}::text[]) AS e("id")
    WHERE k."response_body" IS NOT NULL AND starts_with(k."path", '/applications/' || e."id" || '/')`;
  return due.length;
}

/**
 * A creating POST /applications names its application only in the sealed body (a repeat, 200,
 * has no Location). Rather than open every stored body, the bodies of all creating requests
 * older than the retention are erased: a request is older than its application's closure, so
 * every expired application's are among them. Others among them belong to applications still
 * kept, but their keys expired long ago (keys live a day), so no retry is replayed from them.
 */
async function eraseCreationResponses(prisma: PrismaClient, closedBefore: Date): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "idempotency_keys" SET "response_body" = NULL
    WHERE "method" = 'POST' AND "path" = '/applications' AND "created_at" < ${closedBefore} AND "response_body" IS NOT NULL`;
}

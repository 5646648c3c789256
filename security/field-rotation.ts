import type { PrismaClient } from '../generated/prisma/client';
import { type FieldCipher, isSealed, sealingKeyIdOf } from './field-cipher';
import { openApplicant, sealedApplicantColumns, sealedStepApplicant } from './sealed-records';

/**
 * Re-seals every sealed field under the newest of FIELD_KEYS, and seals (and indexes) what was
 * written before sealing, while the service runs: `npm run admin -- rotate-field-keys`. Batches in
 * primary-key order, each written in one transaction by UPDATEs that match only the values read,
 * so a row a writer changed meanwhile keeps the writer's value (the next run picks it up).
 */
export interface RotationCounts {
  applicants: number;
  steps: number;
  idempotentResponses: number;
}

export interface RotationOptions {
  batchSize?: number;
  /** Called with each batch once read, before it is written: progress, and a seam for tests. */
  onBatch?: (batch: { table: keyof RotationCounts; ids: string[] }) => void | Promise<void>;
}

type Row = { id: string; old: unknown; new: unknown };
type Batch = { rows: Row[]; after: string | null };

export async function rotateFieldKeys(prisma: PrismaClient, cipher: FieldCipher, options: RotationOptions = {}): Promise<RotationCounts> {
  const limit = options.batchSize ?? 500;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`batchSize must be a positive whole number (it is ${limit})`);
  // LIKE's own wildcards may appear in a key id ('_'); escaped, the pattern matches the id only.
  const current = `enc1:${cipher.currentKeyId.replace(/[\\%_]/g, '\\$&')}:%`;
  const underCurrentKey = (value: string) => sealingKeyIdOf(value) === cipher.currentKeyId;

  async function inBatches(table: keyof RotationCounts, read: (after: string) => Promise<Batch>, write: (json: string) => Promise<number>) {
    let changed = 0;
    for (let after = ''; ; ) {
      const batch = await read(after);
      if (batch.after === null) return changed;
      after = batch.after;
      await options.onBatch?.({ table, ids: batch.rows.map((r) => r.id) });
      changed += await write(JSON.stringify(batch.rows));
    }
  }
  const lastId = (rows: { id: unknown }[]) => (rows.length === 0 ? null : String(rows[rows.length - 1]!.id));

  const applicants = await inBatches('applicants', async (after) => {
    const rows = await prisma.$queryRaw<ApplicantRow[]>`
      SELECT id, national_id AS "nationalId", full_name AS "fullName", phone, address FROM applicants
      WHERE id > ${after} AND erased_at IS NULL
        AND (national_id_index IS NULL OR national_id NOT LIKE ${current} OR full_name NOT LIKE ${current}
             OR phone NOT LIKE ${current} OR address NOT LIKE ${current})
      ORDER BY id LIMIT ${limit}`;
    return { after: lastId(rows), rows: rows.map((row) => ({ id: row.id, old: row, new: sealedApplicantColumns(cipher, openApplicant(cipher, row)) })) };
  }, (json) => prisma.$executeRaw`
    UPDATE applicants a SET national_id = v.new->>'nationalId', full_name = v.new->>'fullName', phone = v.new->>'phone',
      address = v.new->>'address', national_id_index = v.new->>'nationalIdIndex',
      name_index = ARRAY(SELECT jsonb_array_elements_text(v.new->'nameIndex'))
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, old jsonb, new jsonb)
    WHERE a.id = v.id AND a.erased_at IS NULL AND a.national_id = v.old->>'nationalId' AND a.full_name = v.old->>'fullName'
      AND a.phone = v.old->>'phone' AND a.address = v.old->>'address'`);

  // Steps and bodies are read and compared as jsonb text and changed in SQL, so numbers beyond a
  // double's precision elsewhere in them survive unchanged.
  const steps = await inBatches('steps', async (after) => {
    const rows = await prisma.$queryRaw<{ id: bigint; text: string }[]>`
      SELECT id, data::text AS text FROM application_steps
      WHERE step = 'submit' AND id > ${BigInt(after || MIN_BIGINT)} AND jsonb_typeof(data->'applicant') = 'object'
        AND data->'applicant'->'erased' IS NULL AND COALESCE(data->'applicant'->>'sealed', '') NOT LIKE ${current}
      ORDER BY id LIMIT ${limit}`;
    return { after: lastId(rows), rows: rows.map((row) => ({ id: String(row.id), old: row.text, new: sealedApplicant(row.text) })) };
  }, async (json) => {
    // The audit trigger lets a submit step's data (and nothing else of it) change under this setting.
    const [, changed] = await prisma.$transaction([
      prisma.$queryRaw`SELECT set_config('loan.particulars_resealing', 'on', true)`,
      prisma.$executeRaw`
        UPDATE application_steps s SET data = jsonb_set(s.data, '{applicant}', v.new)
        FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, old text, new jsonb)
        WHERE s.id = v.id::bigint AND s.step = 'submit' AND s.data::text = v.old`,
    ]);
    return changed;
  });

  const idempotentResponses = await inBatches('idempotentResponses', async (after) => {
    const rows = await prisma.$queryRaw<{ id: string; text: string }[]>`
      SELECT id, response_body::text AS text FROM idempotency_keys
      WHERE id > ${after} AND response_body IS NOT NULL
        AND NOT (jsonb_typeof(response_body) = 'object' AND response_body->>'sealed' LIKE ${current}
                 AND (SELECT count(*) FROM jsonb_object_keys(response_body)) = 1)
      ORDER BY id LIMIT ${limit}`;
    return { after: lastId(rows), rows: rows.map((row) => ({ id: row.id, old: row.text, new: resealedBody(row.text) })) };
  }, (json) => prisma.$executeRaw`
    UPDATE idempotency_keys k SET response_body = v.new
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, old text, new jsonb)
    WHERE k.id = v.id AND k.response_body::text = v.old`);

  return { applicants, steps, idempotentResponses };

  // A submit step's applicant as sealSubmission writes it: the district plain, the rest sealed.
  function sealedApplicant(dataText: string): Record<string, unknown> {
    const applicant = (JSON.parse(dataText) as { applicant: Record<string, unknown> }).applicant;
    const { sealed } = applicant;
    if (typeof sealed === 'string') return { ...applicant, sealed: underCurrentKey(sealed) ? sealed : cipher.seal(cipher.open(sealed)) };
    return sealedStepApplicant(cipher, applicant);
  }

  // `{sealed}` (openResponseBody's shape) is re-sealed; any other body was written before sealing
  // and is sealed whole, from its text (what sealResponseBody's JSON.stringify would give).
  function resealedBody(bodyText: string): { sealed: string } {
    const body: unknown = JSON.parse(bodyText);
    const sealed = isRecord(body) && Object.keys(body).length === 1 ? body.sealed : undefined;
    return { sealed: cipher.seal(typeof sealed === 'string' && isSealed(sealed) ? cipher.open(sealed) : bodyText) };
  }
}

const MIN_BIGINT = '-9223372036854775808';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface ApplicantRow {
  id: string;
  nationalId: string;
  fullName: string;
  phone: string;
  address: string;
}

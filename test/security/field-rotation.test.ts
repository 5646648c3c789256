import pg from 'pg';
import type { Submission } from '../../domain/commands';
import { FieldCipher, sealingKeyIdOf } from '../../security/field-cipher';
import { rotateFieldKeys } from '../../security/field-rotation';
import { parsePayloadKeys } from '../../security/payload-keys';
import { openApplicant, openResponseBody, openStepData, sealedApplicantColumns, sealResponseBody, sealSubmission } from '../../security/sealed-records';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { TEST_BLIND_INDEX_KEY } from '../../support/test-field-cipher';

// Rotation of FIELD_KEYS on a live database: values sealed under the old key "a" and rows written
// before sealing end up under "b", readable with "b" alone; nothing else of any row changes.

const keyA = `a:${Buffer.alloc(32, 1).toString('base64')}`;
const keyB = `b:${Buffer.alloc(32, 2).toString('base64')}`;
const cipherWith = (keys: string) => new FieldCipher(parsePayloadKeys(keys, 'FIELD_KEYS'), Buffer.from(TEST_BLIND_INDEX_KEY, 'base64'));
const underA = cipherWith(keyA);
const rotating = cipherWith(`${keyB},${keyA}`);
const onlyB = cipherWith(keyB);

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  await db.prisma.organization.create({ data: { id: 'agency', kind: 'agency', name: 'Agency', nameFa: 'کاریابی' } });
});
afterEach(() => db.drop());

const particulars = (n: number) => ({ nationalId: `26100000${n}0`, fullName: `علی احمدی ${n}`, phone: `+98911000000${n}`, address: `لاهیجان، کوچه ${n}` });
const submission = (n: number): Submission => ({
  agencyReference: `REF-${n}`, applicant: { ...particulars(n), district: 'central' } as Submission['applicant'],
  requestedAmount: '500000000' as Submission['requestedAmount'], purpose: 'workshop', jobsCommitted: 3, district: 'central' as Submission['district'],
});

/** An applicant, its application and submit step: sealed under "a", plain (before sealing) or erased. */
async function seedCase(n: number, kind: 'sealed' | 'plain' | 'erased') {
  const id = `case-${n}`;
  const columns =
    kind === 'sealed' ? sealedApplicantColumns(underA, particulars(n))
    : kind === 'plain' ? particulars(n)
    : { nationalId: '', fullName: '', phone: '', address: '', erasedAt: new Date('2031-01-01T00:00:00Z') };
  await db.prisma.applicant.create({ data: { id, district: 'central', ...columns } });
  await db.prisma.application.create({ data: {
    id, workflowId: `application-${id}`, agencyId: 'agency', agencyReference: `REF-${n}`, applicantId: id, requestedAmount: '500000000',
    purpose: 'workshop', jobsCommitted: 3, district: 'central', stage: 'categorizing', lastSequence: 1,
    submittedAt: new Date('2026-11-26T09:00:00Z'), updatedAt: new Date('2026-11-26T09:00:00Z'),
  } });
  const data =
    kind === 'sealed' ? sealSubmission(underA, submission(n))
    : kind === 'plain' ? submission(n)
    : { ...submission(n), applicant: { district: 'central', erased: true } };
  await db.prisma.applicationStep.create({ data: {
    applicationId: id, sequence: 1, step: 'submit', stageAfter: 'categorizing', actorUserId: 'u1', actorOrgId: 'agency',
    actorRole: 'agency', comment: 'ثبت', data: data as object, occurredAt: new Date('2026-11-26T09:00:00Z'), transitionHash: 'h'.repeat(64),
  } });
}

async function seedResponse(id: string, body: unknown) {
  await db.prisma.idempotencyKey.create({ data: {
    id, userId: 'u1', key: id, method: 'POST', path: '/applications', requestHash: 'r', lockedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000),
    ...(body === undefined ? {} : { responseStatus: 201, responseHeaders: {}, responseBody: body as object }),
  } });
}

const applicants = () => db.prisma.applicant.findMany({ orderBy: { id: 'asc' } });
const steps = () => db.prisma.applicationStep.findMany({ orderBy: { id: 'asc' } });
const responses = () => db.prisma.idempotencyKey.findMany({ orderBy: { id: 'asc' } });
const keyOf = (value: unknown) => sealingKeyIdOf(String(value));

test('values sealed under the old key and rows written before sealing are all sealed under the new one, readable with it alone', async () => {
  await seedCase(1, 'sealed');
  await seedCase(2, 'plain');
  await seedCase(3, 'erased');
  await db.prisma.applicationStep.create({ data: {
    applicationId: 'case-1', sequence: 2, step: 'categorize', stageAfter: 'bank_review', data: { category: 'industry' }, occurredAt: new Date(),
  } });
  const bigBody = '{"id": "case-2", "amount": 123456789012345678901}';
  await seedResponse('idem-1', sealResponseBody(underA, { id: 'case-1', applicant: particulars(1) }));
  await db.prisma.$executeRaw`INSERT INTO idempotency_keys (id, user_id, key, method, path, request_hash, response_status, response_body, locked_at, expires_at)
    VALUES ('idem-2', 'u1', 'idem-2', 'POST', '/applications', 'r', 201, ${bigBody}::jsonb, now(), now() + interval '1 day')`;
  await seedResponse('idem-3', undefined);
  const [stepsBefore, erasedBefore, pendingBefore] = [await steps(), (await applicants())[2], (await responses())[2]];

  expect(await rotateFieldKeys(db.prisma, rotating)).toEqual({ applicants: 2, steps: 2, idempotentResponses: 2 });

  const [sealed, plain, erased] = await applicants();
  for (const row of [sealed!, plain!]) {
    expect([row.nationalId, row.fullName, row.phone, row.address].map(keyOf)).toEqual(['b', 'b', 'b', 'b']);
  }
  expect(openApplicant(onlyB, sealed!)).toMatchObject(particulars(1));
  expect(openApplicant(onlyB, plain!)).toMatchObject(particulars(2));
  expect(plain!.nationalIdIndex).toBe(onlyB.nationalIdIndex(particulars(2).nationalId));
  expect(plain!.nameIndex).toEqual(onlyB.nameIndex(particulars(2).fullName));
  expect(sealed!.nationalIdIndex).toBe(onlyB.nationalIdIndex(particulars(1).nationalId));
  expect(erased).toEqual(erasedBefore);

  const stepsAfter = await steps();
  const [submit1, submit2, submit3, categorize] = stepsAfter;
  expect(keyOf((submit1!.data as { applicant: { sealed: string } }).applicant.sealed)).toBe('b');
  expect(submit2!.data).toEqual({ ...submission(2), applicant: { district: 'central', sealed: expect.stringMatching(/^enc1:b:/) } });
  expect(openStepData(onlyB, 'submit', submit1!.data)).toEqual(submission(1));
  expect(openStepData(onlyB, 'submit', submit2!.data)).toEqual(submission(2));
  expect([submit3, categorize]).toEqual([stepsBefore[2], stepsBefore[3]]);
  const withoutData = ({ data: _data, ...rest }: (typeof stepsAfter)[number]) => rest;
  expect(stepsAfter.map(withoutData)).toEqual(stepsBefore.map(withoutData));

  const [idem1, idem2, idem3] = await responses();
  expect([idem1!.responseBody, idem2!.responseBody].map((body) => keyOf((body as { sealed: string }).sealed))).toEqual(['b', 'b']);
  expect(openResponseBody(onlyB, idem1!.responseBody)).toEqual({ id: 'case-1', applicant: particulars(1) });
  // Sealed from the stored text, so a number beyond a double's precision is kept digit for digit.
  expect(onlyB.open((idem2!.responseBody as { sealed: string }).sealed)).toBe(bigBody);
  expect(idem3).toEqual(pendingBefore);

  expect(await rotateFieldKeys(db.prisma, rotating)).toEqual({ applicants: 0, steps: 0, idempotentResponses: 0 });
});

test('five rows in batches of two are all sealed, batch by batch in key order', async () => {
  for (const n of [1, 2, 3, 4, 5]) await seedCase(n, n % 2 ? 'plain' : 'sealed');
  const batches: string[] = [];

  const counts = await rotateFieldKeys(db.prisma, rotating, { batchSize: 2, onBatch: ({ table, ids }) => void batches.push(`${table}: ${ids.join(',')}`) });

  expect(counts).toEqual({ applicants: 5, steps: 5, idempotentResponses: 0 });
  expect(batches).toEqual([
    'applicants: case-1,case-2', 'applicants: case-3,case-4', 'applicants: case-5',
    'steps: 1,2', 'steps: 3,4', 'steps: 5',
  ]);
  for (const row of await applicants()) {
    expect(keyOf(row.address)).toBe('b');
    expect(row.nationalIdIndex).toBe(onlyB.nationalIdIndex(openApplicant(onlyB, row).nationalId));
  }
});

test('a value a writer changes between the read and the write keeps the writer’s value, and the next run seals it', async () => {
  await seedCase(1, 'sealed');
  await seedCase(2, 'sealed');
  await seedResponse('idem-1', sealResponseBody(underA, { id: 'case-1' }));
  // A process still running with the old key writes while the rotation is between read and write.
  const onBatch = async ({ table }: { table: string }) => {
    if (table === 'applicants') await db.prisma.applicant.update({ where: { id: 'case-2' }, data: { phone: underA.seal('+989120000000') } });
    if (table === 'idempotentResponses') await db.prisma.idempotencyKey.update({ where: { id: 'idem-1' }, data: { responseBody: sealResponseBody(underA, { id: 'case-1', replayed: true }) } });
  };

  expect(await rotateFieldKeys(db.prisma, rotating, { onBatch })).toEqual({ applicants: 1, steps: 2, idempotentResponses: 0 });

  const changed = (await applicants())[1]!;
  expect(keyOf(changed.phone)).toBe('a');
  expect(keyOf(changed.nationalId)).toBe('a');
  expect(openApplicant(underA, changed).phone).toBe('+989120000000');
  const response = (await responses())[0]!;
  expect(openResponseBody(underA, response.responseBody)).toEqual({ id: 'case-1', replayed: true });

  expect(await rotateFieldKeys(db.prisma, rotating)).toEqual({ applicants: 1, steps: 0, idempotentResponses: 1 });
  expect(openApplicant(onlyB, (await applicants())[1]!)).toMatchObject({ ...particulars(2), phone: '+989120000000' });
  expect(openResponseBody(onlyB, (await responses())[0]!.responseBody)).toEqual({ id: 'case-1', replayed: true });
});

test('under loan.particulars_resealing the trail accepts a new data of a submit step, and refuses any other change', async () => {
  await seedCase(1, 'sealed');
  await db.prisma.applicationStep.create({ data: {
    applicationId: 'case-1', sequence: 2, step: 'categorize', stageAfter: 'bank_review', data: { category: 'industry' }, occurredAt: new Date(),
  } });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const underResealing = async (sql: string) => {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT set_config('loan.particulars_resealing', 'on', true)`);
      return await client.query(sql);
    } finally {
      await client.query('ROLLBACK');
    }
  };
  const refusal = { code: '23001', message: expect.stringContaining('the audit trail is append-only') };
  try {
    expect((await underResealing(`UPDATE application_steps SET data = data || '{"x": 1}' WHERE step = 'submit'`)).rowCount).toBe(1);
    await expect(underResealing(`UPDATE application_steps SET comment = 'rewritten' WHERE step = 'submit'`)).rejects.toMatchObject(refusal);
    await expect(underResealing(`UPDATE application_steps SET data = '{}', actor_role = 'bank' WHERE step = 'submit'`)).rejects.toMatchObject(refusal);
    await expect(underResealing(`UPDATE application_steps SET data = '{}' WHERE step = 'categorize'`)).rejects.toMatchObject(refusal);
    await expect(underResealing(`DELETE FROM application_steps WHERE step = 'submit'`)).rejects.toMatchObject(refusal);
    await expect(client.query(`UPDATE application_steps SET data = data || '{"x": 1}' WHERE step = 'submit'`)).rejects.toMatchObject(refusal);
  } finally {
    await client.end();
  }
});

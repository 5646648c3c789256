import { Prisma } from '../../generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { fixtures } from './fixtures';

// Every model, every field set, written through Prisma Client and read back unchanged:
// rial amounts beyond 64 bits, bigint ids beyond 2^53, Persian text and nested JSON.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const f = fixtures();

async function expectRoundTrip(
  model: Prisma.ModelName,
  data: object,
  create: () => Promise<unknown>,
  read: () => Promise<unknown>,
): Promise<void> {
  // "Every field" means the generated client's list, so a new column needs a value here.
  const namespace = Prisma as unknown as Record<string, Record<string, string>>;
  expect(Object.keys(data).sort()).toEqual(Object.values(namespace[`${model}ScalarFieldEnum`]!).sort());
  expect(await create()).toEqual(data);
  expect(await read()).toEqual(data);
}

describe('every model keeps every field it is given', () => {
  test('organizations', async () => {
    for (const data of [f.agency, f.bank]) {
      await expectRoundTrip('Organization', data, () => db.prisma.organization.create({ data }),
        () => db.prisma.organization.findUniqueOrThrow({ where: { id: data.id } }));
    }
  });

  test('users', () => expectRoundTrip('User', f.user, () => db.prisma.user.create({ data: f.user }),
    () => db.prisma.user.findUniqueOrThrow({ where: { id: f.user.id } })));

  test('console sessions', () => expectRoundTrip('ConsoleSession', f.consoleSession, () => db.prisma.consoleSession.create({ data: f.consoleSession }),
    () => db.prisma.consoleSession.findUniqueOrThrow({ where: { id: f.consoleSession.id } })));
  test('API keys', () => expectRoundTrip('ApiKey', f.apiKey, () => db.prisma.apiKey.create({ data: f.apiKey }),
    () => db.prisma.apiKey.findUniqueOrThrow({ where: { keyHash: f.apiKey.keyHash } })));

  test('applicants', () => expectRoundTrip('Applicant', f.applicant,
    () => db.prisma.applicant.create({ data: f.applicant }),
    () => db.prisma.applicant.findUniqueOrThrow({ where: { id: f.applicant.id } })));

  test('applications, with rial amounts of 21 digits', async () => {
    await expectRoundTrip('Application', f.application, () => db.prisma.application.create({ data: f.application }),
      () => db.prisma.application.findUniqueOrThrow({ where: { workflowId: f.application.workflowId } }));
    const read = await db.prisma.application.findUniqueOrThrow({ where: { id: f.application.id } });
    expect(read.requestedAmount.toFixed()).toBe('123456789012345678901');
  });

  test('application steps, with a bigint id beyond 2^53 and nested JSON', () =>
    expectRoundTrip('ApplicationStep', f.step, () => db.prisma.applicationStep.create({ data: f.step }),
      () => db.prisma.applicationStep.findUniqueOrThrow({ where: { id: f.step.id } })));

  test('case notes', () => expectRoundTrip('CaseNote', f.note, () => db.prisma.caseNote.create({ data: f.note }),
    () => db.prisma.caseNote.findUniqueOrThrow({ where: { id: f.note.id } })));

  test('attachment blobs, every byte value kept', () => {
    const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
    const blob = { sha256: 'a'.repeat(64), bytes, size: bytes.length, contentType: 'application/pdf', createdAt: new Date('2026-11-27T10:00:00.123Z') };
    return expectRoundTrip('AttachmentBlob', blob, () => db.prisma.attachmentBlob.create({ data: blob }),
      () => db.prisma.attachmentBlob.findUniqueOrThrow({ where: { sha256: blob.sha256 } }));
  });

  test('disbursements', () => expectRoundTrip('Disbursement', f.disbursement,
    () => db.prisma.disbursement.create({ data: f.disbursement }),
    () => db.prisma.disbursement.findUniqueOrThrow({ where: { id: f.disbursement.id } })));

  test('escalations', () => expectRoundTrip('Escalation', f.escalation,
    () => db.prisma.escalation.create({ data: f.escalation }),
    () => db.prisma.escalation.findUniqueOrThrow({ where: { escalationKey: f.escalation.escalationKey } })));

  test('outgoing emails', () => expectRoundTrip('OutgoingEmail', f.email,
    () => db.prisma.outgoingEmail.create({ data: f.email }),
    () => db.prisma.outgoingEmail.findUniqueOrThrow({ where: { messageId: f.email.messageId } })));
});

test('left out, optional fields read back as null and the database fills in its defaults', async () => {
  const before = new Date();
  const step = await db.prisma.applicationStep.create({
    data: {
      applicationId: f.application.id, sequence: 99, step: 'note', stageAfter: 'submitted', data: {}, occurredAt: before,
    },
  });
  const email = await db.prisma.outgoingEmail.create({
    data: {
      id: 'mail-defaults', messageId: '<defaults@lahijan.example>', recipients: 'a@example.ir',
      subject: 's', textBody: 't', htmlBody: 'h', status: 'pending',
    },
  });

  expect(step).toMatchObject({ actorUserId: null, actorOrgId: null, actorRole: null, comment: null });
  expect(typeof step.id).toBe('bigint');
  expect(step.id).toBeGreaterThan(0n);
  expect(email).toMatchObject({ applicationId: null, attempts: 0, lastError: null, sentAt: null });
  expect(email.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 5_000);
});

describe('unique constraints are enforced with P2002, naming the index', () => {
  const duplicates: [string, string, () => Promise<unknown>][] = [
    ['a second step with the same (applicationId, sequence)', 'application_steps_application_id_sequence_key',
      () => db.prisma.applicationStep.create({ data: { ...f.step, id: 7n, comment: 'retried write' } })],
    ['a second application with the same (agencyId, agencyReference)', 'applications_agency_id_agency_reference_key',
      () => db.prisma.application.create({ data: { ...f.application, id: 'app-2', workflowId: 'application-app-2' } })],
    ['a second application with the same workflowId', 'applications_workflow_id_key',
      () => db.prisma.application.create({ data: { ...f.application, id: 'app-3', agencyReference: 'REF-3' } })],
    ['a second API key with the same hash', 'api_keys_key_hash_key',
      () => db.prisma.apiKey.create({ data: { ...f.apiKey, id: 'key-2' } })],
    ['a second tranche with the same number', 'disbursements_application_id_tranche_number_key',
      () => db.prisma.disbursement.create({ data: { ...f.disbursement, id: 8n } })],
    ['a second escalation with the same key', 'escalations_escalation_key_key',
      () => db.prisma.escalation.create({ data: { ...f.escalation, id: 9n } })],
    ['a second email with the same message id', 'outgoing_emails_message_id_key',
      () => db.prisma.outgoingEmail.create({ data: { ...f.email, id: 'mail-2' } })],
  ];
  test.each(duplicates)('%s', async (_, index, write) => {
    // With a driver adapter Prisma 7 reports the index here rather than in meta.target.
    await expect(write()).rejects.toMatchObject({
      code: 'P2002',
      meta: { driverAdapterError: { cause: { constraint: { index } } } },
    });
  });
});

test('a step for an application that does not exist is refused with P2003', async () => {
  await expect(
    db.prisma.applicationStep.create({ data: { ...f.step, id: 10n, applicationId: 'no-such-application' } }),
  ).rejects.toMatchObject({ code: 'P2003' });
});

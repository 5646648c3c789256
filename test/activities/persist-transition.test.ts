import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { type PersistTransitionInput, persistTransition } from '../../activities/persist-transition';
import { appendTransition } from '../../activities/append-transition';
import { transitionHash } from '../../activities/transition-hash';
import { ErrorCode } from '../../domain/errors';
import { applyStep, startApplication } from '../../domain/transitions';
import { recordingLogger } from '../mail/activity-context';
import { bank, seedOrganizations, submitCommand } from '../../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { testFieldCipher } from '../../support/test-field-cipher';

/**
 * The persistence activity against a real PostgreSQL database, one call per Temporal attempt
 * (MockActivityEnvironment only gives it an activity context; there is no server to mock).
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedOrganizations(db.prisma);
});
afterAll(async () => {
  await db?.drop();
});

let counter = 0;
const attempt = (input: PersistTransitionInput, logger = recordingLogger()) =>
  new MockActivityEnvironment(undefined, { logger }).run(persistTransition, { prisma: db.prisma, fields: testFieldCipher }, input);

/** A submitted application's first two transitions, as the workflow would hand them over. */
function transitions(at = new Date('2026-11-20T08:00:00Z')) {
  const id = `persist-${++counter}`;
  const submitted = startApplication(id, submitCommand(), at);
  const categorized = applyStep(submitted.state, 'categorize', { actor: { ...submitCommand().actor }, data: { category: 'micro_workshop', priority: 'high', bankId: bank.organizationId } }, new Date(at.getTime() + 1000));
  return { id, submitted, categorized };
}

const stepsOf = (id: string) => db.prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } });

test('given a retried attempt of the same transition, the rows are written once and nothing is repaired', async () => {
  const { id, submitted, categorized } = transitions();
  await attempt(submitted);
  await attempt(categorized);
  await attempt(categorized);
  await Promise.all([attempt(categorized), attempt(categorized)]);
  expect((await stepsOf(id)).map((s) => s.step)).toEqual(['submit', 'categorize']);
  expect(await db.prisma.projectionRepair.count({ where: { applicationId: id } })).toBe(0);
});

test('given another transition already stored at the sequence, it is replaced, later rows with it, and the repair is logged and warned about', async () => {
  const { id, submitted, categorized } = transitions();
  await attempt(submitted);
  // A lost workflow task declared the case ineligible at sequence 2 and went on to sequence 3.
  const phantom = applyStep(submitted.state, 'declareIneligible', { actor: submitCommand().actor, data: { reason: 'other' } }, new Date('2026-11-20T08:00:05Z'));
  await attempt(phantom);
  await db.prisma.applicationStep.create({ data: { applicationId: id, sequence: 3, step: 'withdraw', stageAfter: 'withdrawn', data: {}, occurredAt: new Date() } });

  const logger = recordingLogger();
  await attempt(categorized, logger);

  expect((await stepsOf(id)).map((s) => [s.sequence, s.step])).toEqual([[1, 'submit'], [2, 'categorize']]);
  const row = await db.prisma.application.findUniqueOrThrow({ where: { id } });
  expect([row.stage, row.bankId, row.lastSequence, row.closedAt]).toEqual(['bank_review', bank.organizationId, 2, null]);
  const [repair] = await db.prisma.projectionRepair.findMany({ where: { applicationId: id } });
  expect((repair!.replacedSteps as Array<{ step: string }>).map((s) => s.step)).toEqual(['declareIneligible', 'withdraw']);
  expect(logger.entries.some((e) => e.level === 'WARN' && /projection repaired/.test(e.message))).toBe(true);
});

test('given a submission replaced by a repair, the log of the replaced rows keeps no particulars, sealed or plain', async () => {
  const { id, submitted } = transitions();
  // A lost workflow task took another submission of the same application first.
  const other = startApplication(id, { ...submitCommand(), submission: { ...submitCommand().submission, purpose: 'another purpose' } }, new Date('2026-11-20T07:59:00Z'));
  await attempt(other);
  await attempt(submitted);

  const [repair] = await db.prisma.projectionRepair.findMany({ where: { applicationId: id } });
  const [replaced] = repair!.replacedSteps as Array<{ step: string; data: { purpose: string; applicant: unknown } }>;
  expect([replaced!.step, replaced!.data.purpose]).toEqual(['submit', 'another purpose']);
  expect(replaced!.data.applicant).toEqual({ district: submitCommand().submission.applicant.district, withheld: true });
  const logged = JSON.stringify(repair!.replacedSteps);
  expect(logged).not.toContain('enc1:');
  expect(logged).not.toContain(submitCommand().submission.applicant.nationalId);
  // The submission the workflow took is in its row, sealed.
  const [step] = await stepsOf(id);
  expect(JSON.stringify(step!.data)).toContain('enc1:');
});

test('given a row written before hashes existed, the same transition is recognized by its step and time', async () => {
  const { id, submitted, categorized } = transitions();
  await attempt(submitted);
  await attempt(categorized);
  await db.prisma.$transaction([
    db.prisma.$executeRaw`SELECT set_config('loan.audit_repair', 'on', true)`,
    db.prisma.$executeRaw`UPDATE application_steps SET transition_hash = NULL WHERE application_id = ${id}`,
  ]);
  await attempt(categorized);
  expect(await stepsOf(id)).toHaveLength(2);
  expect(await db.prisma.projectionRepair.count({ where: { applicationId: id } })).toBe(0);
});

test('given data the database refuses, the attempt fails for good as unstorable and writes nothing', async () => {
  const { id, submitted } = transitions();
  await attempt(submitted);
  const refused = applyStep(submitted.state, 'returnForDocuments', { actor: submitCommand().actor, data: { missingDocuments: ['lease\u0000'] }, comment: 'a\u0000b' }, new Date());
  const error = await attempt(refused).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect((error as ApplicationFailure).type).toBe(ErrorCode.Unstorable);
  expect((error as ApplicationFailure).nonRetryable).toBe(true);
  expect((await stepsOf(id)).map((s) => s.step)).toEqual(['submit']);
  expect((await db.prisma.application.findUniqueOrThrow({ where: { id } })).stage).toBe('categorization');
});

test('given a step after the submission, the audit row and the application row hold exactly what the workflow holds', async () => {
  const { id, submitted, categorized } = transitions();
  await attempt(submitted);
  const withdrawn = applyStep(categorized.state, 'withdraw', { actor: submitCommand().actor, data: { reason: 'found other funds' }, comment: 'by letter' }, new Date('2026-11-20T09:00:00Z'));
  await attempt(categorized);
  await attempt(withdrawn);

  const [, categorizeRow, withdrawnRow] = await stepsOf(id);
  expect(categorizeRow).toMatchObject({ sequence: 2, step: 'categorize', stageAfter: 'bank_review', actorOrgId: submitCommand().actor.organizationId, transitionHash: transitionHash(categorized.record) });
  expect(categorizeRow!.data).toEqual(categorized.record.data);
  expect(withdrawnRow).toMatchObject({ sequence: 3, step: 'withdraw', comment: 'by letter', occurredAt: new Date('2026-11-20T09:00:00Z') });
  const row = await db.prisma.application.findUniqueOrThrow({ where: { id } });
  const state = withdrawn.state;
  expect({ ...row, approvedAmount: row.approvedAmount?.toString() ?? null, disbursedAmount: row.disbursedAmount.toString() }).toMatchObject({
    stage: state.stage,
    reviewStep: state.reviewStep,
    category: 'micro_workshop',
    priority: 'high',
    bankId: bank.organizationId,
    approvedAmount: null,
    disbursedAmount: '0',
    pendingTranche: null,
    pendingApproval: null,
    lastSequence: 3,
    updatedAt: new Date('2026-11-20T09:00:00Z'),
    closedAt: new Date(state.closedAt!),
  });
});

test('given a late retry of an earlier step, the application row keeps the later one', async () => {
  const { id, submitted, categorized } = transitions();
  await attempt(submitted);
  await attempt(categorized);
  const withdrawn = applyStep(categorized.state, 'withdraw', { actor: submitCommand().actor, data: { reason: 'found other funds' } }, new Date('2026-11-20T09:00:00Z'));
  await attempt(withdrawn);
  await attempt(categorized);
  expect((await db.prisma.application.findUniqueOrThrow({ where: { id } })).stage).toBe('withdrawn');
  expect((await stepsOf(id)).map((s) => s.step)).toEqual(['submit', 'categorize', 'withdraw']);
});

test('given a plain step, one statement writes it, and a second attempt finds it there and leaves it to the full path', async () => {
  const { id, submitted, categorized } = transitions();
  await attempt(submitted);
  const hash = transitionHash(categorized.record);
  expect(await appendTransition(db.prisma, categorized.state, categorized.record, hash)).toBe(true);
  expect(await appendTransition(db.prisma, categorized.state, categorized.record, hash)).toBe(false);
  expect(await appendTransition(db.prisma, submitted.state, submitted.record, transitionHash(submitted.record))).toBe(false);
  expect((await stepsOf(id)).map((s) => s.step)).toEqual(['submit', 'categorize']);
  expect((await db.prisma.application.findUniqueOrThrow({ where: { id } })).lastSequence).toBe(2);
});

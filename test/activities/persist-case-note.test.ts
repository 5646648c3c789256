import { MockActivityEnvironment } from '@temporalio/testing';
import { persistCaseNote, type PersistCaseNoteInput } from '../../activities/persist-case-note';
import { persistTransition } from '../../activities/persist-transition';
import type { CaseNote } from '../../domain/application-state';
import { startApplication } from '../../domain/transitions';
import { recordingLogger } from '../mail/activity-context';
import { seedOrganizations, submitCommand } from '../../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { testFieldCipher } from '../../support/test-field-cipher';

/**
 * The case-note activity against a real PostgreSQL database, one call per Temporal attempt
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
const attempt = (input: PersistCaseNoteInput, logger = recordingLogger()) => new MockActivityEnvironment(undefined, { logger }).run(persistCaseNote, db.prisma, input);

/** A submitted application, persisted, and a comment on it as the workflow would hand it over. */
async function submittedWithComment(text: string) {
  const id = `note-${++counter}`;
  const submitted = startApplication(id, submitCommand(), new Date('2026-11-20T08:00:00Z'));
  await new MockActivityEnvironment().run(persistTransition, { prisma: db.prisma, fields: testFieldCipher }, submitted);
  const comment = (text: string, at: string): CaseNote => ({
    applicationId: id, number: 1, kind: 'comment', actor: submitCommand().actor, text, data: {}, occurredAt: at, afterSequence: 1,
  });
  return { id, state: submitted.state, note: comment(text, '2026-11-20T08:01:00.000Z'), comment };
}

const notesOf = (id: string) => db.prisma.caseNote.findMany({ where: { applicationId: id }, select: { number: true, text: true } });

test('given a retried attempt of the same note, it is written once and nothing is repaired', async () => {
  const { id, state, note } = await submittedWithComment('documents arrive Monday');
  await attempt({ state, note });
  await attempt({ state, note: { ...note, requestId: 'another request' } });

  expect(await notesOf(id)).toEqual([{ number: 1, text: 'documents arrive Monday' }]);
  expect(await db.prisma.projectionRepair.count({ where: { applicationId: id } })).toBe(0);
});

test('given another note stored under its number (a lost workflow task wrote it), it is replaced and the repair is logged', async () => {
  const { id, state, note, comment } = await submittedWithComment('the note the workflow took');
  await attempt({ state, note: comment('a note from a workflow task that was lost', '2026-11-20T08:00:59.000Z') });

  const logger = recordingLogger();
  await attempt({ state, note }, logger);

  expect(await notesOf(id)).toEqual([{ number: 1, text: 'the note the workflow took' }]);
  const repairs = await db.prisma.projectionRepair.findMany({ where: { applicationId: id } });
  expect(repairs).toHaveLength(1);
  expect(JSON.stringify(repairs[0]!.replacedSteps)).toContain('a note from a workflow task that was lost');
  expect(logger.entries.map((entry) => entry.message)).toContain('case note repaired: the database held a note the workflow never took');
});

import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { searchAttributes, workflowIdFor } from '../../domain/contract';
import type { Actor } from '../../domain/commands';
import { agency, bank, otherBank } from '../../support/fixtures';
import { referredToBank, submitted } from '../support/walk';
import { BANK_CONTACT, DAY, type LadderSetup, policy, recipientsOf, sleep, startLadderSetup, until } from './support/ladder-setup';

/** Case work on the real dev server, PostgreSQL and a real SMTP server, with days of DAY ms. */
const official: Actor = { userId: 'user-governors-office', organizationId: 'org-governors-office', role: 'official' };
const OTHER_BANK_CONTACT = 'loans@bank-sepah.example';
const THIRD_BANK = 'org-bank-keshavarzi';

let setup: LadderSetup;
beforeAll(async () => {
  setup = await startLadderSetup();
  await setup.harness.prisma.organization.update({ where: { id: otherBank.organizationId }, data: { contactEmail: OTHER_BANK_CONTACT } });
  await setup.harness.prisma.organization.create({ data: { id: THIRD_BANK, kind: 'bank', name: 'Bank Keshavarzi', nameFa: 'بانک کشاورزی' } });
});
afterAll(async () => {
  await setup?.stop();
});

const codeOf = async (call: Promise<unknown>): Promise<string | undefined> => {
  try {
    await call;
    return undefined;
  } catch (error) {
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
    return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : String(error);
  }
};
const deadlineOf = async (id: string) =>
  (await setup.harness.env.client.workflow.getHandle(workflowIdFor(id)).describe()).typedSearchAttributes.get(searchAttributes.deadline);
const reassignment = (toBankId = otherBank.organizationId) =>
  ({ actor: official, fromBankId: bank.organizationId, toBankId, reason: 'no_response' as const, note: 'silent for two weeks' });

test('reassignment ends the old bank’s ladder, starts the new bank’s with fresh deadlines, and tells each bank once', async () => {
  const workflows = setup.gateway(policy({ 'bank_review.acknowledge': 2 }, { escalateAfterDays: 1, repeatEveryDays: 1 }));
  const id = await referredToBank(workflows);
  const mailsTo = (address: string) => setup.mailsAbout(id).filter((mail) => recipientsOf(mail).includes(address));
  await until(async () => mailsTo(BANK_CONTACT).length === 1, 20_000, 'the old bank’s reminder');

  const state = await workflows.caseWork(id, 'reassign', reassignment());
  expect(state).toMatchObject({ bankId: otherBank.organizationId, stage: 'bank_review', reviewStep: 'acknowledge' });
  expect(await codeOf(workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} }))).toBe('WRONG_PARTY');
  const row = await setup.harness.prisma.application.findUniqueOrThrow({ where: { id } });
  expect(row.bankId).toBe(otherBank.organizationId);

  // Each bank has one email about the reassignment; the new bank's reminder comes two days later.
  await until(async () => mailsTo(OTHER_BANK_CONTACT).length >= 1, 20_000, 'the new bank’s notice');
  await sleep(1.2 * DAY);
  const escalations = () => setup.harness.prisma.escalation.findMany({ where: { applicationId: id }, orderBy: { createdAt: 'asc' } });
  expect((await escalations()).filter((x) => x.holderOrgId === otherBank.organizationId)).toHaveLength(0);
  await until(async () => (await escalations()).some((x) => x.holderOrgId === otherBank.organizationId), 20_000, 'the new bank’s reminder');
  const rows = await escalations();
  const reassignedAt = (await setup.harness.prisma.applicationStep.findFirstOrThrow({ where: { applicationId: id, step: 'reassign' } })).occurredAt;
  expect(rows.filter((x) => x.holderOrgId === bank.organizationId && x.createdAt > reassignedAt)).toHaveLength(0);
  const aboutReassignment = (address: string) => mailsTo(address).filter((mail) => /reassigned|referred to/.test(mail.subject ?? ''));
  expect(aboutReassignment(BANK_CONTACT)).toHaveLength(1);
  expect(aboutReassignment(OTHER_BANK_CONTACT)).toHaveLength(1);
});

// Twenty officials at once, half of them to another bank: the first through the gate wins, and
// every other one was made against a bank the case is no longer with.
test('a twenty-way burst of reassignments of one case yields one', async () => {
  const workflows = setup.gateway(policy({}));
  const id = await referredToBank(workflows);
  const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => codeOf(workflows.caseWork(id, 'reassign', reassignment(i % 2 ? otherBank.organizationId : THIRD_BANK)))));
  expect(outcomes.filter((code) => code === undefined)).toHaveLength(1);
  expect(outcomes.filter((code) => code !== undefined && code !== 'STEP_OUT_OF_ORDER')).toEqual([]);
  expect(await setup.harness.prisma.applicationStep.count({ where: { applicationId: id, step: 'reassign' } })).toBe(1);
});

test('an extension moves the running timer and the deadline attribute; a reminder already sent stays sent', async () => {
  const workflows = setup.gateway(policy({ categorization: 2 }, { escalateAfterDays: 2, repeatEveryDays: 1, maxExtensionDays: 3 }));
  const id = await submitted(workflows);
  const before = await deadlineOf(id);
  await workflows.caseWork(id, 'extendDeadline', { actor: official, days: 2, reason: 'the applicant is in hospital' });
  await until(async () => (await deadlineOf(id))!.getTime() > before!.getTime());
  const after = (await deadlineOf(id))!;
  expect(after.getTime() - before!.getTime()).toBeGreaterThanOrEqual(2 * DAY - 50);

  // No reminder at the old deadline; one at the new.
  await sleep(before!.getTime() - Date.now() + 0.5 * DAY);
  expect(setup.mailsAbout(id)).toHaveLength(0);
  await setup.mailsAboutEventually(id, 1);
  // More time after the reminder: it is not sent again, and the escalation moves by as much.
  await workflows.caseWork(id, 'extendDeadline', { actor: official, days: 1, reason: 'papers on their way' });
  expect(await codeOf(workflows.caseWork(id, 'extendDeadline', { actor: official, days: 1, reason: 'again' }))).toBe('INVALID_STEP_DATA');
  await sleep(2.2 * DAY);
  expect(setup.mailsAbout(id)).toHaveLength(1);
  await setup.mailsAboutEventually(id, 2);
  const notes = await setup.harness.prisma.caseNote.findMany({ where: { applicationId: id }, orderBy: { number: 'asc' } });
  expect(notes.map((n) => [n.kind, (n.data as { totalDays: number }).totalDays])).toEqual([['extendDeadline', 2], ['extendDeadline', 3]]);
  const row = await setup.harness.prisma.application.findUniqueOrThrow({ where: { id } });
  expect(row.extensionDays).toBe(3);
});

test('a comment is a note, not a step: it keeps the wait’s clock, and a mention mails the organization once', async () => {
  const workflows = setup.gateway(policy({ categorization: 2 }));
  const id = await submitted(workflows);
  const before = await deadlineOf(id);
  const state = await workflows.caseWork(id, 'comment', { actor: official, text: 'Please hurry, @org-relief-committee.', mentions: [agency.organizationId] });
  expect(state.sequence).toBe(1);
  expect(state.notes).toBe(1);
  expect((await deadlineOf(id))!.getTime()).toBe(before!.getTime());
  expect(await codeOf(workflows.caseWork(id, 'comment', { actor: bank, text: 'not mine', mentions: [] }))).toBe('WRONG_PARTY');
  expect(await codeOf(workflows.caseWork(id, 'comment', { actor: agency, text: '   ', mentions: [] }))).toBe('INVALID_STEP_DATA');
  const mails = await setup.mailsAboutEventually(id, 1);
  expect(mails[0]!.subject).toMatch(/mentioned you/);
  await sleep(0.5 * DAY);
  expect(setup.mailsAbout(id).filter((mail) => /mentioned you/.test(mail.subject ?? ''))).toHaveLength(1);
  const steps = await setup.harness.prisma.applicationStep.count({ where: { applicationId: id } });
  expect(steps).toBe(1);
});

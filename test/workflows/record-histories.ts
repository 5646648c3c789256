/**
 * Records the histories that test/workflows/replay.test.ts replays, from real runs on a dev
 * server. Run it only when the workflow's behaviour changes on purpose, and keep the old files:
 *   TEMPORAL_CLI_PATH=$(bash scripts/temporal-cli.sh) npx tsx test/workflows/record-histories.ts <label> [scenario ...]
 * With scenario names, only those are recorded (a new scenario, without recording the others again).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkflowGateway } from '../../api/workflow-gateway';
import { loadConfig } from '../../config/config';
import { escalationPolicyOf } from '../../config/escalation-policy';
import { workflowIdFor } from '../../domain/contract';
import type { EscalationPolicy } from '../../domain/deadlines';
import { createMailer, type Mailer } from '../../mail/mailer';
import type { Actor } from '../../domain/commands';
import { agency, bank, otherBank } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { temporalCliPath } from '../support/temporal';
import { approved, atDecision, eventually, referredToBank, submitted } from '../support/walk';

const official: Actor = { userId: 'user-governors-office', organizationId: 'org-governors-office', role: 'official' };

async function main(): Promise<void> {
  const label = process.argv[2];
  if (!label) throw new Error('usage: record-histories.ts <label, e.g. v1>');
  const config = loadConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), 'record-histories-')) });
  const outbox = createMailer(config); // the file outbox: nothing leaves the machine
  // A scenario may hold every send for a while, so that a notice is still in flight when a step ends its wait.
  let holdSendsMs = 0;
  const mailer: Mailer = { send: async (message) => (await sleep(holdSendsMs), outbox.send(message)), close: () => outbox.close() };
  const escalation: EscalationPolicy = {
    ...escalationPolicyOf(config),
    dayLengthMs: 500,
    deadlineDays: { ...escalationPolicyOf(config).deadlineDays, categorization: 1, 'bank_review.documents': 2 },
    escalateAfterDays: 1,
    repeatEveryDays: 1,
    provinceAfterRepeats: null,
    followUpAfterDays: 1,
  };
  const harness = await startHarness({ followUpAfterMs: 200, escalation, notifications: { mailer, config } });
  const { workflows } = harness;
  try {
    const ladder = { ...escalation, escalateAfterDays: 1, repeatEveryDays: 1, provinceAfterRepeats: 1, maxRepeats: 2 };
    const laddered = new WorkflowGateway(harness.env.client, harness.taskQueue, 200, ladder);
    const continuing = new WorkflowGateway(harness.env.client, harness.taskQueue, 200, escalation, { continueAsNewAfterEvents: 25 });
    const scenarios: Record<string, () => Promise<string>> = {
      'full-lifecycle': async () => {
        const id = await approved(workflows, '2000');
        await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '500', paymentReference: 'P1' } });
        await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '1500', paymentReference: 'P2' } });
        await eventually(workflows, id, (s) => s.stage === 'employment_follow_up');
        await workflows.step(id, 'confirmJobs', { actor: agency, data: { jobsConfirmed: 2 } });
        return id;
      },
      rejection: async () => {
        const id = await atDecision(workflows);
        await workflows.step(id, 'reject', { actor: bank, data: { reason: 'insufficient_guarantee' } });
        return id;
      },
      'information-request': async () => {
        const id = await referredToBank(workflows);
        await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
        await workflows.step(id, 'requestInformation', { actor: bank, data: { questions: ['lease?'] } });
        await workflows.step(id, 'answerInformationRequest', { actor: agency, data: { answer: 'attached' } });
        await workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
        await workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'applicant moved' } });
        return id;
      },
      'escalated-categorization': async () => {
        const id = await submitted(workflows);
        await new Promise((resolve) => setTimeout(resolve, 1800)); // reminder, governor's office, one repeat
        await workflows.step(id, 'categorize', { actor: agency, data: { category: 'home_business', priority: 'normal', bankId: bank.organizationId } });
        await workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'applicant found a job' } });
        return id;
      },
      // The wait ends while its reminder is still being sent.
      'notice-in-flight': async () => {
        holdSendsMs = 3000;
        await harness.prisma.organization.update({ where: { id: agency.organizationId }, data: { contactEmail: 'desk@relief-committee.example' } });
        const id = await submitted(workflows);
        await waitForEscalations(harness, id, 1);
        await workflows.step(id, 'categorize', { actor: agency, data: { category: 'home_business', priority: 'normal', bankId: bank.organizationId } });
        await workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'applicant found a job' } });
        await harness.env.client.workflow.getHandle(workflowIdFor(id)).result();
        holdSendsMs = 0;
        return id;
      },
      // Every rung: reminder, governor's office, a repeat with the province, then abandoned.
      'ladder-to-abandoned': async () => {
        const id = await submitted(laddered);
        await eventually(laddered, id, () => true);
        await waitForEscalations(harness, id, 7);
        await laddered.step(id, 'withdraw', { actor: agency, data: { reason: 'left the county' } });
        return id;
      },
      // The bank's clock stops while the agency answers, then its reminder falls due.
      'bank-clock-paused': async () => {
        const id = await referredToBank(workflows);
        await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
        await sleep(500);
        await workflows.step(id, 'requestInformation', { actor: bank, data: { questions: ['lease?'] } });
        await sleep(1200);
        await workflows.step(id, 'answerInformationRequest', { actor: agency, data: { answer: 'attached' } });
        await waitForEscalations(harness, id, 1);
        await workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
        await workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'applicant moved' } });
        return id;
      },
      'continued-as-new': async () => {
        const id = await approved(continuing, '2000');
        await continuing.step(id, 'disburseTranche', { actor: bank, data: { amount: '2000', paymentReference: 'P1' } });
        await eventually(continuing, id, (s) => s.stage === 'employment_follow_up');
        await continuing.step(id, 'confirmJobs', { actor: agency, data: { jobsConfirmed: 1 } });
        return id;
      },
      // Case work: a comment that mentions the bank, more time, a reassignment; the new bank goes on.
      'case-work': async () => {
        const id = await referredToBank(workflows);
        await workflows.caseWork(id, 'comment', { actor: agency, text: 'lease attached, @org-bank-melli', mentions: [bank.organizationId] });
        await workflows.caseWork(id, 'extendDeadline', { actor: official, days: 2, reason: 'holiday week' });
        await workflows.caseWork(id, 'reassign', { actor: official, fromBankId: bank.organizationId, toBankId: otherBank.organizationId, reason: 'no_response' });
        await workflows.step(id, 'acknowledgeReceipt', { actor: otherBank, data: {} });
        await workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'applicant moved' } });
        return id;
      },
      // Four eyes: one bank user records the approval and a tranche, a second confirms each; a recorded tranche cancelled.
      'four-eyes': async () => {
        const id = await atDecision(workflows);
        const second: Actor = { ...bank, userId: `${bank.userId}-2` };
        const approval = { amount: '2000', terms: '4% over 5 years' };
        await workflows.step(id, 'approve', { actor: bank, data: approval, fourEyes: true });
        await workflows.step(id, 'approve', { actor: second, data: approval, fourEyes: true });
        await workflows.step(id, 'signContract', { actor: bank, data: { contractNumber: 'C-1' } });
        await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '500', paymentReference: 'P1' }, fourEyes: true });
        await workflows.caseWork(id, 'cancelTranche', { actor: second, reason: 'wrong account' });
        await workflows.step(id, 'disburseTranche', { actor: second, data: { amount: '500', paymentReference: 'P2' }, fourEyes: true });
        await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '500', paymentReference: 'P2' }, fourEyes: true });
        await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '1500', paymentReference: 'P3' }, fourEyes: true });
        await workflows.step(id, 'disburseTranche', { actor: second, data: { amount: '1500', paymentReference: 'P3' }, fourEyes: true });
        await eventually(workflows, id, (s) => s.stage === 'employment_follow_up');
        await workflows.step(id, 'confirmJobs', { actor: agency, data: { jobsConfirmed: 2 } });
        return id;
      },
      attachments: async () => {
        const id = await submitted(workflows);
        const file = (n: number, actor: Actor, fileName: string) => ({
          actor,
          attachment: { sha256: String(n).repeat(64), size: 1000, contentType: 'application/pdf' as const, fileName, purpose: actor.role === 'bank' ? ('contract' as const) : ('applicant_document' as const) },
          maxCaseBytes: 5000,
        });
        await workflows.step(id, 'returnForDocuments', { actor: agency, data: { missingDocuments: ['licence'] } });
        await workflows.caseWork(id, 'attach', file(1, agency, 'licence.pdf'));
        await workflows.step(id, 'resubmitDocuments', { actor: agency, data: { attachments: ['1'.repeat(64)] } });
        await workflows.step(id, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'high', bankId: bank.organizationId } });
        await workflows.caseWork(id, 'attach', file(2, bank, 'contract.pdf'));
        await workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'applicant moved' } });
        return id;
      },
      'returned-for-documents': async () => {
        const id = await submitted(workflows);
        await workflows.step(id, 'returnForDocuments', { actor: agency, data: { missingDocuments: ['licence'] } });
        await workflows.step(id, 'resubmitDocuments', { actor: agency, data: {} });
        await workflows.step(id, 'declareIneligible', { actor: agency, data: { reason: 'outside_program_scope' } });
        return id;
      },
    };
    const only = process.argv.slice(3);
    for (const [name, run] of Object.entries(scenarios).filter(([name]) => only.length === 0 || only.includes(name))) {
      const id = await run();
      const handle = harness.env.client.workflow.getHandle(workflowIdFor(id));
      await handle.result();
      // Every run of the workflow, oldest first: a run that continued as new is recorded too.
      const runs: string[] = [];
      for await (const execution of harness.env.client.workflow.list({ query: `WorkflowId = '${workflowIdFor(id)}'` })) runs.push(execution.runId);
      for (const [index, runId] of runs.reverse().entries()) {
        const file = path.join(__dirname, 'histories', `${label}-${name}${runs.length > 1 ? `-run${index + 1}` : ''}.json`);
        // The CLI writes the history in the proto3 JSON form that historyFromJSON reads.
        const { stdout } = await promisify(execFile)(
          temporalCliPath(),
          ['workflow', 'show', '--workflow-id', workflowIdFor(id), '--run-id', runId, '--address', harness.env.address, '--output', 'json'],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        await writeFile(file, stdout);
        console.log(`recorded ${file}`);
      }
    }
  } finally {
    await harness.stop();
    await mailer.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForEscalations(harness: Harness, applicationId: string, count: number): Promise<void> {
  while ((await harness.prisma.escalation.count({ where: { applicationId } })) < count) await sleep(100);
  await sleep(300); // the last notice's activity completes and the level is upserted
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { type Client, type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { WorkflowGateway } from '../../../api/workflow-gateway';
import type { ApplicationState } from '../../../domain/application-state';
import type { StepCommand, StepName } from '../../../domain/commands';
import { workflowIdFor } from '../../../domain/contract';
import { agency, aSubmission, bank } from '../../../support/fixtures';
import { aNationalId } from '../../../support/national-ids';

/** What a caller sees while workers come and go: how often it had to ask again. */
export interface CallerLog {
  retries: number;
  errors: string[];
}

export const newCallerLog = (): CallerLog => ({ retries: 0, errors: [] });

/**
 * Repeats a call until it answers, as the API's client would with its Idempotency-Key: the
 * Update id stays the same, so the workflow runs the step once whatever the number of calls.
 * A refusal (WorkflowUpdateFailedError) is an answer, not a transport failure, and is thrown.
 */
async function untilAnswered<T>(log: CallerLog, call: () => Promise<T>, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError || Date.now() > deadline) throw error;
      log.retries += 1;
      log.errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function submit(workflows: WorkflowGateway, log: CallerLog): Promise<string> {
  const id = randomUUID();
  const submission = aSubmission();
  const command = { actor: agency, submission: { ...submission, applicant: { ...submission.applicant, nationalId: aNationalId() } } };
  await untilAnswered(log, () => workflows.submit(id, command));
  return id;
}

export function step<K extends StepName>(
  workflows: WorkflowGateway,
  log: CallerLog,
  id: string,
  name: K,
  command: StepCommand<K>,
): Promise<ApplicationState> {
  return untilAnswered(log, () => workflows.step(id, name, command, { updateId: `${id}:${name}` }));
}

export const referToBank = (workflows: WorkflowGateway, log: CallerLog, id: string) =>
  step(workflows, log, id, 'categorize', {
    actor: agency,
    data: { category: 'micro_workshop', priority: 'high', bankId: bank.organizationId },
  });

/** The bank's review up to its decision: three steps, one after another. */
export async function reviewToDecision(workflows: WorkflowGateway, log: CallerLog, id: string): Promise<ApplicationState> {
  await step(workflows, log, id, 'acknowledgeReceipt', { actor: bank, data: {} });
  await step(workflows, log, id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
  return step(workflows, log, id, 'assessCredit', { actor: bank, data: { creditScore: 700 } });
}

/** Every audit row a case leaves from submission to closing, in order. */
export const wholeLifeSteps = [
  'submit', 'categorize', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit',
  'approve', 'signContract', 'disburseTranche', 'openFollowUp', 'confirmJobs',
];

/** One application's whole life, as its agency and bank would drive it. */
export async function wholeLife(workflows: WorkflowGateway, log: CallerLog): Promise<string> {
  const id = await submit(workflows, log);
  await referToBank(workflows, log, id);
  await reviewToDecision(workflows, log, id);
  await step(workflows, log, id, 'approve', { actor: bank, data: { amount: '90000000000', terms: '4% over 5 years' } });
  await step(workflows, log, id, 'signContract', { actor: bank, data: { contractNumber: `C-${id.slice(0, 8)}` } });
  await step(workflows, log, id, 'disburseTranche', { actor: bank, data: { amount: '90000000000', paymentReference: `PAY-${id.slice(0, 8)}` } });
  await untilFollowUpOpens(workflows, log, id);
  await step(workflows, log, id, 'confirmJobs', { actor: agency, data: { jobsConfirmed: 4 } });
  return id;
}

/** The follow-up opens on a workflow timer, so the agency waits for it rather than calling blindly. */
async function untilFollowUpOpens(workflows: WorkflowGateway, log: CallerLog, id: string): Promise<void> {
  const deadline = Date.now() + 150_000;
  while ((await untilAnswered(log, () => workflows.state(id)))?.stage !== 'employment_follow_up') {
    if (Date.now() > deadline) throw new Error(`the follow-up of ${id} never opened`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs `count` calls at once and collects their results, failing on the first failure. */
export function batch<T>(count: number, run: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => run(index)));
}

/** The identities of the workers that completed workflow tasks and started activities for these cases. */
export async function workerIdentities(client: Client, ids: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const id of ids) {
    for (const event of await historyEvents(client, id)) {
      const identity = event.workflowTaskCompletedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
      if (identity) counts.set(identity, (counts.get(identity) ?? 0) + 1);
    }
  }
  return counts;
}

export const identityOf = (pid: number, identities: Map<string, number>): string | undefined =>
  [...identities.keys()].find((identity) => identity.startsWith(`${pid}@`));

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

export async function historyEvents(client: Client, id: string): Promise<HistoryEvent[]> {
  const history = await client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
  return history.events ?? [];
}

/**
 * What recovery cost in these cases' histories: activity-task attempts re-run and workflow
 * tasks timed out. A persistence local activity re-run after a lost workflow task shows as the
 * timeout of that workflow task, not as an activity attempt.
 */
export interface Recoveries {
  /** Why each re-run activity attempt was needed, e.g. "activity StartToClose timeout". */
  activityRetryCauses: string[];
  workflowTaskTimeouts: number;
}

export async function recoveries(client: Client, ids: string[]): Promise<Recoveries> {
  const result: Recoveries = { activityRetryCauses: [], workflowTaskTimeouts: 0 };
  for (const id of ids) {
    for (const event of await historyEvents(client, id)) {
      const started = event.activityTaskStartedEventAttributes;
      if (started && (started.attempt ?? 1) > 1) result.activityRetryCauses.push(started.lastFailure?.message ?? 'unknown');
      if (event.workflowTaskTimedOutEventAttributes) result.workflowTaskTimeouts += 1;
    }
  }
  return result;
}

export const describeRecoveries = ({ activityRetryCauses, workflowTaskTimeouts }: Recoveries): string =>
  `${activityRetryCauses.length} activity attempts re-run (${[...new Set(activityRetryCauses)].join('; ') || 'none'}), ` +
  `${workflowTaskTimeouts} workflow tasks timed out`;

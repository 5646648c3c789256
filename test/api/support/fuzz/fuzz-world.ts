import { randomUUID } from 'node:crypto';
import type { WorkflowGateway } from '../../../../api/workflow-gateway';
import type { ApplicationState } from '../../../../domain/application-state';
import { type Actor, type StepCommand, type StepName, stepPerformer } from '../../../../domain/commands';
import { workflowIdFor } from '../../../../domain/contract';
import { checkStep } from '../../../../domain/transitions';
import { agency, bank, otherAgency, otherBank, submitCommand } from '../../../../support/fixtures';
import { approved, atDecision, eventually, referredToBank, submitted } from '../../../support/walk';
import type { ApiHarness, CallerName } from '../api-harness';
import { callers } from '../api-harness';
import { stepRequests } from '../bodies';

/**
 * What the fuzzer aims at: applications in every kind of stage, and the callers. It also knows
 * which requests a well-formed body could make succeed, so that it only ever sends those broken.
 */

export interface Target {
  name: string;
  id: string;
  state: ApplicationState;
}

/** Who calls: the six users, and callers that cannot authenticate. */
export type FuzzCaller = CallerName | 'none' | 'unknownKey' | 'revokedKey' | 'garbledHeader';
export const fuzzCallers: FuzzCaller[] = [...(Object.keys(callers) as CallerName[]), 'none', 'unknownKey', 'revokedKey', 'garbledHeader'];

export const actorOf = (caller: FuzzCaller): Actor | undefined => (caller in callers ? callers[caller as CallerName] : undefined);

/** Builds the applications, one per stage worth aiming at, through the workflows. */
export async function buildTargets(api: ApiHarness): Promise<Target[]> {
  const w: WorkflowGateway = api.harness.workflows;
  const end = (id: string) => api.harness.env.client.workflow.getHandle(workflowIdFor(id)).result();
  const walks: Record<string, () => Promise<string>> = {
    categorization: () => submitted(w),
    returnedForDocuments: async () => {
      const id = await submitted(w);
      await w.step(id, 'returnForDocuments', { actor: agency, data: { missingDocuments: ['licence'] } });
      return id;
    },
    acknowledge: () => referredToBank(w),
    decision: () => atDecision(w),
    informationRequested: async () => {
      const id = await referredToBank(w);
      await w.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
      await w.step(id, 'requestInformation', { actor: bank, data: { questions: ['Lease?'] } });
      return id;
    },
    disbursement: () => approved(w, '5000'),
    employmentFollowUp: async () => {
      const id = await approved(w, '5000');
      await w.step(id, 'disburseTranche', { actor: bank, data: { amount: '5000', paymentReference: 'PAY-1' } });
      await eventually(w, id, (s) => s.stage === 'employment_follow_up');
      return id;
    },
    rejected: async () => {
      const id = await atDecision(w);
      await w.step(id, 'reject', { actor: bank, data: { reason: 'poor_credit_history' } });
      await end(id);
      return id;
    },
    withdrawn: async () => {
      const id = await submitted(w);
      await w.step(id, 'withdraw', { actor: agency, data: { reason: 'moved away' } });
      await end(id);
      return id;
    },
    otherAgencys: async () => {
      const id = randomUUID();
      await w.submit(id, { ...submitCommand(), actor: otherAgency });
      return id;
    },
    otherBanks: async () => {
      const id = await submitted(w);
      await w.step(id, 'categorize', { actor: agency, data: { category: 'tourism', priority: 'normal', bankId: otherBank.organizationId } });
      return id;
    },
  };
  const targets: Target[] = [];
  for (const [name, walk] of Object.entries(walks)) {
    const id = await walk();
    targets.push({ name, id, state: (await w.state(id))! });
  }
  return targets;
}

/** Whether the caller sees the application (GET answers 200). */
export function sees(caller: FuzzCaller, target: Target): boolean {
  const actor = actorOf(caller);
  if (!actor) return false;
  if (actor.role === 'agency') return target.state.agencyId === actor.organizationId;
  if (actor.role === 'bank') return target.state.bankId === actor.organizationId;
  return true;
}

/**
 * Whether the step with its valid body could be taken: the caller performs it, holds the case,
 * and the workflow's own rule (checkStep) lets it happen now. Only then must the body be broken.
 */
export function couldTake(caller: FuzzCaller, step: StepName, segment: string, target: Target): boolean {
  const actor = actorOf(caller);
  if (!actor || stepPerformer[step] !== actor.role) return false;
  const holder = actor.role === 'agency' ? target.state.agencyId : target.state.bankId;
  if (holder !== actor.organizationId) return false;
  try {
    const { comment: _comment, ...data } = stepRequests[segment] as { comment?: string };
    checkStep(target.state, step, { actor, data } as StepCommand);
    return true;
  } catch {
    return false;
  }
}

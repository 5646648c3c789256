import { randomUUID } from 'node:crypto';
import type { WorkflowGateway } from '../../api/workflow-gateway';
import type { ApplicationState } from '../../domain/application-state';
import { agency, bank, submitCommand } from '../../support/fixtures';

/** Walks an application through the steps every scenario shares. */
export async function submitted(workflows: WorkflowGateway): Promise<string> {
  const id = randomUUID();
  await workflows.submit(id, submitCommand());
  return id;
}

export async function referredToBank(workflows: WorkflowGateway): Promise<string> {
  const id = await submitted(workflows);
  await workflows.step(id, 'categorize', {
    actor: agency,
    data: { category: 'micro_workshop', priority: 'high', bankId: bank.organizationId },
  });
  return id;
}

export async function atDecision(workflows: WorkflowGateway): Promise<string> {
  const id = await referredToBank(workflows);
  await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  await workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
  await workflows.step(id, 'assessCredit', { actor: bank, data: { creditScore: 720 } });
  return id;
}

export async function approved(workflows: WorkflowGateway, amount = '120000000000'): Promise<string> {
  const id = await atDecision(workflows);
  await workflows.step(id, 'approve', { actor: bank, data: { amount, terms: '4% over 5 years, 1 year grace' } });
  await workflows.step(id, 'signContract', { actor: bank, data: { contractNumber: `C-${id.slice(0, 6)}` } });
  return id;
}

/** Polls the workflow's Query until `predicate` holds: for system transitions driven by timers. */
export async function eventually(
  workflows: WorkflowGateway,
  id: string,
  predicate: (state: ApplicationState) => boolean,
  timeoutMs = 20_000,
): Promise<ApplicationState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await workflows.state(id);
    if (state && predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out; last state: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

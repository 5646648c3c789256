import { randomInt } from 'node:crypto';
import { aNationalId } from './national-ids';
import type { Answer, FailoverClient } from './failover-client';

export interface ApiKeys {
  agency: string;
  bank: string;
  /** A second user of the same bank: confirms what the first records (four eyes). */
  secondBank: string;
  admin: string;
}

/** What the API told the clients: the record the database and Temporal are counted against. */
export interface ClientLedger {
  /** agencyReference → application id, for each submission answered 201 or 200. */
  applications: Map<string, string>;
  /** One entry per step answered 200: `${applicationId}/${step}`, a tranche `${applicationId}/disburseTranche/${paymentReference}`. */
  steps: string[];
  /** One entry per tranche confirmed (200): `${applicationId}/${paymentReference}`. */
  payments: string[];
  /** Definitive answers other than the expected ones: each is a defect. */
  unexpected: string[];
}

export const newClientLedger = (): ClientLedger => ({ applications: new Map(), steps: [], payments: [], unexpected: [] });

const TRANCHE = '2000000000';
const pause = (maxMs: number) => new Promise((resolve) => setTimeout(resolve, randomInt(maxMs + 1)));

function expect(ledger: ClientLedger, what: string, answer: Answer, statuses: number[]): boolean {
  if (statuses.includes(answer.status)) return true;
  ledger.unexpected.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return false;
}

export async function submitCase(client: FailoverClient, keys: ApiKeys, ledger: ClientLedger, reference: string): Promise<string | undefined> {
  const body = {
    agencyReference: reference,
    applicant: { nationalId: aNationalId(), fullName: 'Fault Tolerance Test', phone: '09111234567', address: 'Test St', district: 'lahijan_city' },
    requestedAmount: '4000000000',
    purpose: 'Fault test',
    jobsCommitted: 2,
    district: 'lahijan_city',
  };
  const answer = await client.post('/applications', keys.agency, body, `submit-${reference}`);
  if (!expect(ledger, `submit ${reference}`, answer, [200, 201])) return undefined;
  const id = String(answer.body.id);
  ledger.applications.set(reference, id);
  return id;
}

async function step(client: FailoverClient, ledger: ClientLedger, key: string, id: string, path: string, name: string, data: object, statuses = [200]): Promise<Answer | undefined> {
  // One key per step and caller (a tranche's two users each have their own), the same on every retry.
  const reference = 'paymentReference' in data ? `-${String(data.paymentReference)}` : '';
  const answer = await client.post(`/applications/${id}/steps/${path}`, key, data, `${id}-${path}-${key.slice(-8)}${reference}`);
  if (!expect(ledger, `${name} ${id}`, answer, statuses)) return undefined;
  if (answer.status === 200) ledger.steps.push(`${id}/${name}${reference.replace('-', '/')}`);
  return answer;
}

/** A tranche recorded by one bank user (202, pending) and paid when the second confirms it (200). */
async function payTranche(client: FailoverClient, keys: ApiKeys, ledger: ClientLedger, id: string, paymentReference: string): Promise<boolean> {
  const data = { amount: TRANCHE, paymentReference };
  if (!(await step(client, ledger, keys.bank, id, 'disburse-tranche', 'disburseTranche', data, [202]))) return false;
  await pause(500);
  if (!(await step(client, ledger, keys.secondBank, id, 'disburse-tranche', 'disburseTranche', data))) return false;
  ledger.payments.push(`${id}/${paymentReference}`);
  return true;
}

/** A case its bank takes to the end of disbursement: submitted, reviewed, approved, paid in two tranches. */
export async function driveToDisbursement(client: FailoverClient, keys: ApiKeys, ledger: ClientLedger, reference: string, pauseMs: number): Promise<void> {
  const id = await submitCase(client, keys, ledger, reference);
  if (!id) return;
  const steps: Array<[string, string, string, object]> = [
    [keys.agency, 'categorize', 'categorize', { category: 'micro_workshop', priority: 'high', bankId: 'bank-melli' }],
    [keys.bank, 'acknowledge-receipt', 'acknowledgeReceipt', {}],
    [keys.bank, 'check-documents', 'checkDocuments', { guaranteesAccepted: true }],
    [keys.bank, 'assess-credit', 'assessCredit', { creditScore: 720 }],
    [keys.bank, 'approve', 'approve', { amount: '4000000000', terms: '4% over 5 years' }],
    [keys.bank, 'sign-contract', 'signContract', { contractNumber: `C-${reference}` }],
  ];
  for (const [key, path, name, data] of steps) {
    await pause(pauseMs);
    if (!(await step(client, ledger, key, id, path, name, data))) return;
  }
  for (const tranche of [1, 2]) {
    await pause(pauseMs);
    if (!(await payTranche(client, keys, ledger, id, `PAY-${reference}-${tranche}`))) return;
  }
}

/** A case referred to the bank and left there: its deadlines pass and it escalates. */
export async function driveToStall(client: FailoverClient, keys: ApiKeys, ledger: ClientLedger, reference: string): Promise<void> {
  const id = await submitCase(client, keys, ledger, reference);
  if (!id) return;
  await step(client, ledger, keys.agency, id, 'categorize', 'categorize', { category: 'micro_workshop', priority: 'high', bankId: 'bank-melli' });
}

import { randomUUID } from 'node:crypto';
import { runPool } from './stats';
import { submissionBody } from './submission-body';

/**
 * Drives applications through their whole lifecycle over HTTP, as the agencies and banks
 * would: submit, categorize, the bank's review, approval, contract, tranches, and after the
 * follow-up opens, confirm-jobs.
 *
 * Why a step's latency includes its persistence: the route (api/routes/applications.ts)
 * awaits `WorkflowGateway.step`, i.e. `handle.executeUpdate`, which returns only when the
 * Update has completed; the Update handler (workflows/loan-application.ts, `transition`)
 * awaits the `persistTransition` activity, which returns after its PostgreSQL transaction
 * commits (activities/persist-transition.ts). Submission is the same through
 * `executeUpdateWithStart`. The route then reads the row back from PostgreSQL, so each
 * response below is checked to show the step's stage already.
 */

export interface Party {
  organizationId: string;
  apiKey: string;
}

export interface LifecycleRun {
  applicationIds: string[];
  /** HTTP step calls (POST), call to response, in ms. */
  stepLatenciesMs: number[];
  /** From the last tranche's response until the follow-up was seen open, in ms. */
  followUpWaitsMs: number[];
  /** GET polls made while waiting for the follow-up. */
  polls: number;
}

export interface LifecycleSettings {
  baseUrl: string;
  agencies: Party[];
  banks: Party[];
  tranches: number;
  runId: string;
  nationalIdFor: (index: number) => string;
  idempotencyKeys: boolean;
}

interface Resource {
  id: string;
  stage: string;
  reviewStep: string | null;
  disbursements: unknown[];
}

const approvedAmount = 120_000_000_000n;
const requestTimeoutMs = 60_000;

export async function driveLifecycles(settings: LifecycleSettings, n: number, concurrency: number, offset = 0): Promise<LifecycleRun> {
  const run: LifecycleRun = { applicationIds: [], stepLatenciesMs: [], followUpWaitsMs: [], polls: 0 };

  const call = async (method: 'GET' | 'POST', path: string, party: Party, body?: unknown): Promise<Resource> => {
    const started = performance.now();
    const response = await fetch(`${settings.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${party.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(body !== undefined && settings.idempotencyKeys ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await response.text();
    if (method === 'POST') run.stepLatenciesMs.push(performance.now() - started);
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as Resource;
  };

  const expect = (resource: Resource, what: string, check: (r: Resource) => boolean): Resource => {
    if (!check(resource)) {
      throw new Error(`after ${what}, application ${resource.id} reads stage=${resource.stage} reviewStep=${resource.reviewStep}`);
    }
    return resource;
  };

  await runPool(n, concurrency, async (lane) => {
    const index = offset + lane;
    const agency = settings.agencies[index % settings.agencies.length]!;
    const bank = settings.banks[index % settings.banks.length]!;
    const submitted = await call('POST', '/applications', agency, submissionBody(`BENCH-${settings.runId}-${index}`, settings.nationalIdFor(index), index));
    const id = expect(submitted, 'submit', (r) => r.stage === 'categorization').id;
    run.applicationIds.push(id);
    const step = async (segment: string, party: Party, body: object, check: (r: Resource) => boolean) =>
      expect(await call('POST', `/applications/${id}/steps/${segment}`, party, body), segment, check);

    await step('categorize', agency, { category: 'micro_workshop', priority: 'high', bankId: bank.organizationId }, (r) => r.reviewStep === 'acknowledge');
    await step('acknowledge-receipt', bank, {}, (r) => r.reviewStep === 'documents');
    await step('check-documents', bank, { guaranteesAccepted: true }, (r) => r.reviewStep === 'credit_assessment');
    await step('assess-credit', bank, { creditScore: 720 }, (r) => r.reviewStep === 'decision');
    await step('approve', bank, { amount: approvedAmount.toString(), terms: '4% over 5 years, 1 year grace' }, (r) => r.stage === 'disbursement');
    await step('sign-contract', bank, { contractNumber: `C-${index}` }, (r) => r.stage === 'disbursement');
    for (let t = 1; t <= settings.tranches; t++) {
      await step('disburse-tranche', bank, { amount: trancheAmount(t, settings.tranches), paymentReference: `PAY-${index}-${t}` }, (r) => r.disbursements.length === t);
    }

    // The follow-up opens on a workflow timer; the agency sees it open on the application.
    const paidAt = performance.now();
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      run.polls += 1;
      const current = await call('GET', `/applications/${id}`, agency);
      if (current.stage === 'employment_follow_up') break;
      if (performance.now() - paidAt > requestTimeoutMs) throw new Error(`application ${id}: follow-up never opened (stage ${current.stage})`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    run.followUpWaitsMs.push(performance.now() - paidAt);
    await step('confirm-jobs', agency, { jobsConfirmed: 3 }, (r) => r.stage === 'closed');
  });
  return run;
}

/** Equal tranches, the last one taking the remainder, so the approved amount is paid exactly. */
function trancheAmount(number: number, count: number): string {
  const share = approvedAmount / BigInt(count);
  return (number < count ? share : approvedAmount - share * BigInt(count - 1)).toString();
}

/** The HTTP calls one application makes, in the order the bare workflow receives them as Updates. */
export function lifecycleStepNames(tranches: number): string[] {
  return [
    'categorize',
    'acknowledge-receipt',
    'check-documents',
    'assess-credit',
    'approve',
    'sign-contract',
    ...Array.from({ length: tranches }, () => 'disburse-tranche'),
    'confirm-jobs',
  ];
}

import type { Party } from './drive-lifecycle';
import { runPool } from './stats';
import { submissionBody } from './submission-body';

/** An application prepared for the measurements, with the party whose key reads or steps it. */
export interface Prepared {
  id: string;
  party: Party;
}

export interface FixtureSettings {
  baseUrl: string;
  agencies: Party[];
  banks: Party[];
  runId: string;
  nationalIdFor: (index: number) => string;
  concurrency: number;
}

interface Resource {
  id: string;
  stage: string;
  reviewStep: string | null;
}

/** Submits `n` applications through the API; each is read back by the agency that submitted it. */
export async function submitted(settings: FixtureSettings, n: number, offset: number): Promise<Prepared[]> {
  const prepared: Prepared[] = [];
  await runPool(n, settings.concurrency, async (lane) => {
    const index = offset + lane;
    const agency = settings.agencies[index % settings.agencies.length]!;
    const resource = await call(settings.baseUrl, 'POST', '/applications', agency, submission(settings, index));
    if (resource.stage !== 'categorization') throw new Error(`application ${resource.id} submitted at stage ${resource.stage}`);
    prepared.push({ id: resource.id, party: agency });
  });
  return prepared;
}

/**
 * Submits and categorizes `n` applications, each referred to one of the banks, so that each
 * waits for that bank's acknowledge-receipt; the bank is the party that will step it.
 */
export async function referred(settings: FixtureSettings, n: number, offset: number): Promise<Prepared[]> {
  const prepared: Prepared[] = [];
  await runPool(n, settings.concurrency, async (lane) => {
    const index = offset + lane;
    const agency = settings.agencies[index % settings.agencies.length]!;
    const bank = settings.banks[index % settings.banks.length]!;
    const { id } = await call(settings.baseUrl, 'POST', '/applications', agency, submission(settings, index));
    const categorized = await call(settings.baseUrl, 'POST', `/applications/${id}/steps/categorize`, agency, {
      category: 'micro_workshop',
      priority: 'high',
      bankId: bank.organizationId,
    });
    if (categorized.reviewStep !== 'acknowledge') throw new Error(`application ${id} categorized to reviewStep ${categorized.reviewStep}`);
    prepared.push({ id, party: bank });
  });
  return prepared;
}

function submission(settings: FixtureSettings, index: number) {
  return submissionBody(`API-BENCH-${settings.runId}-${index}`, settings.nationalIdFor(index), index);
}

async function call(baseUrl: string, method: 'POST', path: string, party: Party, body: unknown): Promise<Resource> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${party.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Resource;
}

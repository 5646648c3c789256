import { type Period, resolvePeriod } from '../../../../domain/figures/period';
import { type ApiHarness, as, type CallerName } from '../api-harness';

/** A figures answer that must be a 200; on anything else the assertion shows the problem. */
export async function figuresOf(api: ApiHarness, caller: CallerName, path: string) {
  const res = await as(api, caller).get(path);
  expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ status: 200, body: undefined });
  return res.body;
}

/** The period a figures query string names, resolved as the route resolves it. */
export const periodOf = (query: string): Period =>
  resolvePeriod(Object.fromEntries([...new URLSearchParams(query)].map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])), new Date());

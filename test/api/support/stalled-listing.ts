import { type ApiHarness, as, type CallerName } from './api-harness';

/** Reading GET /stalled-cases the way a client does: a page, or every page by `nextCursor`. */

export interface Listed {
  applicationId: string;
  stage: string;
  holdingOrganizationId: string | null;
  escalationLevel: number;
  deadline: string;
  hoursOverdue: number;
  links: { self: string };
}
export interface Page {
  asOf: string;
  items: Listed[];
  nextCursor: string | null;
}

export async function stalledPage(api: ApiHarness, caller: CallerName, query = ''): Promise<Page> {
  const res = await as(api, caller).get(`/stalled-cases${query}`);
  if (res.status !== 200) throw new Error(`GET /stalled-cases${query} answered ${res.status}: ${res.text}`);
  return res.body as Page;
}

export async function allStalled(api: ApiHarness, caller: CallerName, limit = 200): Promise<Listed[]> {
  const items: Listed[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const body: Page = await stalledPage(api, caller, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...body.items);
    cursor = body.nextCursor;
  }
  return items;
}

/** The listing's promise: the longest overdue first, ties by application id. */
export const longestOverdueFirst = (items: Listed[]): boolean =>
  items.every((item, i) => {
    const before = items[i - 1];
    return !before || before.deadline < item.deadline || (before.deadline === item.deadline && before.applicationId < item.applicationId);
  });

/** Polls until `attempt` gives a value. */
export async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

import fc from 'fast-check';
import type { Express } from 'express';
import request from 'supertest';
import { type ApiHarness, as, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { categorizeRequest, submissionRequest } from '../support/bodies';
import { databaseSnapshot } from '../support/fuzz/database-snapshot';
import { type Agent, consoleAgent, csrfOf } from './console-agent';

/**
 * The console's pages and forms under malformed input, from every kind of person and from
 * nobody: hostile path parameters and queries, and forms whose every field is unusable (NUL, a
 * lone surrogate, 5,000 characters, a repeated field, the wrong type of value) with a right or
 * wrong CSRF token. None may answer 5xx or hang, and no row may change but the sessions' own
 * bookkeeping (last seen, failed sign-ins).
 */

const REQUESTS = 1_600;
const BATCH = 16;

/** Every console route, as its router declares it (the admin's under /admin, relative to it). */
const ROUTES = [
  'GET /sign-in', 'POST /sign-in', 'POST /sign-out', 'GET /password', 'POST /password', 'GET /',
  'GET /inbox', 'GET /cases', 'GET /stalled', 'GET /escalations', 'GET /escalations/:id',
  'GET /applications/new', 'POST /applications/new', 'GET /cases/:id', 'GET /cases/:id/steps/:segment', 'POST /cases/:id/steps/:segment',
  'POST /cases/:id/work/:form', 'POST /cases/:id/pending/:item/cancel',
  'POST /cases/:id/attachments', 'GET /cases/:id/attachments', 'GET /cases/:id/attachments/:sha256',
  'GET /admin/organizations', 'GET /admin/people', 'GET /admin/people/new', 'POST /admin/people', 'POST /admin/people/:id/reset-password',
  'GET /admin/keys', 'GET /admin/keys/new', 'POST /admin/keys', 'POST /admin/keys/:id/revoke', 'GET /admin/cases/:id/history',
  'GET /admin/emails', 'POST /admin/emails/:id/:segment',
];
// Signing out ends the agent's session, which is what it is for: not fuzzed.
const FUZZED = ROUTES.filter((route) => route !== 'POST /sign-out');

/** Every field name the console's forms take, and some they do not. */
const FIELDS = [
  'username', 'password', 'currentPassword', 'newPassword', 'repeatPassword', 'agencyReference', 'applicant.nationalId', 'applicant.fullName',
  'applicant.phone', 'applicant.address', 'applicant.district', 'nationalId', 'fullName', 'phone', 'address', 'requestedAmount', 'purpose',
  'jobsCommitted', 'district', 'comment', 'category', 'priority', 'bankId', 'missingDocuments', 'reason', 'guaranteesAccepted', 'creditScore',
  'amount', 'terms', 'questions', 'answer', 'contractNumber', 'paymentReference', 'jobsConfirmed', 'formId', 'id', 'organization', 'role',
  'name', 'email', 'user', 'label', 'text', 'days', 'toBankId', 'fromBankId', 'note', '__proto__', 'constructor',
];

/** A value no field may accept: every one is unstorable, too long, or not text at all. */
const unusable = fc.oneof(
  fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\ud800', '\udfff'), fc.string({ maxLength: 12 })).map(([a, bad, b]) => a + bad + b),
  fc.constant('x'.repeat(5_000)),
  fc.constant(['<script>alert(1)</script>\u0000', '\ud800']),
);

const paramValues = fc.oneof(
  fc.constantFrom('%00', '..%2f..%2fpackage.json', '%ff', '%E2%80%AE', 'x'.repeat(300), '<script>', '00000000-0000-0000-0000-000000000000', '%D9%A1%D9%A2'),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

const queryValues = fc.oneof(
  fc.constantFrom('%00', '%ff', '-1', '99999999999999999999', '۱۴۰۵', '<script>', '', 'en', 'fa', 'closed', 'bank_review', 'x'.repeat(3000), '%E2%80%AE', 'a&b=c'),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);

let api: ApiHarness;
let app: Express;
let agents: Record<'agency' | 'bank' | 'official' | 'admin', { agent: Agent; csrf: string }>;
let caseIds: string[];
beforeAll(async () => {
  api = await startApiHarness();
  app = api.appWith({ rateLimit: { limit: 1_000_000, unauthenticatedLimit: 1_000_000 } });
  const own = (await as(api, 'agency').post('/applications', submissionRequest()).expect(201)).body.id as string;
  await as(api, 'agency').post(`/applications/${own}/steps/categorize`, categorizeRequest()).expect(200);
  const foreign = (await as(api, 'otherAgency').post('/applications', submissionRequest()).expect(201)).body.id as string;
  caseIds = [own, foreign];
  const signedIn = async (name: 'agency' | 'bank' | 'official' | 'admin') => consoleAgent(app, api.people[name].username, TEST_PASSWORD);
  agents = { agency: await signedIn('agency'), bank: await signedIn('bank'), official: await signedIn('official'), admin: await signedIn('admin') };
}, 180_000);
afterAll(() => api?.stop());

/** The routes the console's router serves, walked from the app (the figures it mounts are the API's, fuzzed there). */
function walkedRoutes(): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; slash?: boolean; rawPath?: string };
  const consoleLayer = (app as unknown as { router: { stack: Layer[] } }).router.stack.find((layer) => layer.rawPath === '/console');
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      else if (layer.handle?.stack && layer.rawPath !== '/figures') walk(layer.handle.stack, layer.slash ? prefix : `${prefix}${layer.rawPath ?? ''}`);
    }
  };
  walk(consoleLayer?.handle?.stack ?? [], '');
  return [...new Set(found)].sort();
}

const fuzzRequest = fc.record({
  route: fc.constantFrom(...FUZZED),
  who: fc.constantFrom('agency', 'bank', 'official', 'admin', 'nobody'),
  id: fc.oneof(paramValues, fc.constantFrom(0, 1).map((i) => `@case${i}`)),
  segment: fc.oneof(fc.constantFrom('approve', 'categorize', 'acknowledge-receipt', 'disburse-tranche', 'withdraw', 'resubmit-documents'), paramValues),
  query: fc.dictionary(fc.constantFrom('q', 'stage', 'district', 'category', 'bankId', 'page', 'cursor', 'lang', 'limit', 'level', 'from', 'to'), queryValues, { maxKeys: 4 }),
  fields: fc.subarray(FIELDS, { minLength: 1 }),
  values: fc.array(unusable, { minLength: FIELDS.length, maxLength: FIELDS.length }),
  rightCsrf: fc.boolean(),
})
  // Acknowledging takes no field at all: with the right token, the bank's own case and nothing
  // it reads, it is a valid form whatever else is sent (a step rightly taken), not a malformed one.
  .filter((r) => !(r.route === 'POST /cases/:id/steps/:segment' && r.segment === 'acknowledge-receipt' && r.rightCsrf));
type FuzzRequest = typeof fuzzRequest extends fc.Arbitrary<infer T> ? T : never;

async function send(r: FuzzRequest): Promise<{ status: number; type: string; what: string }> {
  const [method, template] = r.route.split(' ') as ['GET' | 'POST', string];
  const id = r.id.startsWith('@case') ? caseIds[Number(r.id.slice(5))]! : r.id;
  const query = Object.entries(r.query).map(([k, v]) => `${k}=${v}`).join('&');
  const path = `/console${template.replace(':id', id).replace(':segment', r.segment).replace(/\/$/, '')}${query ? `?${query}` : ''}`;
  const signed = r.who === 'nobody' ? undefined : agents[r.who as keyof typeof agents];
  const client = signed?.agent ?? request(app);
  const what = `${method} ${path.slice(0, 120)} as ${r.who}`;
  if (method === 'GET') {
    const answer = await client.get(path).timeout(15_000);
    return { status: answer.status, type: String(answer.headers['content-type'] ?? ''), what };
  }
  // Signing in takes the sign-in form's own token (a cookie and its copy in the form), not a session's.
  let csrf = r.rightCsrf && signed ? signed.csrf : 'not-the-token';
  let poster = client;
  if (template === '/sign-in' && r.rightCsrf) {
    poster = request.agent(app);
    csrf = csrfOf((await poster.get('/console/sign-in')).text);
  }
  const body = new URLSearchParams({ _csrf: csrf });
  r.fields.forEach((field, i) => {
    const value = r.values[i]!;
    for (const one of Array.isArray(value) ? value : [value]) body.append(field, one);
  });
  const answer = await poster.post(path).type('form').send(body.toString()).timeout(15_000);
  return { status: answer.status, type: String(answer.headers['content-type'] ?? ''), what };
}

/** The rows that matter: everything but the sessions' last sight and the sign-in failure counts. */
async function rows() {
  const snapshot = await databaseSnapshot(api.harness.prisma);
  delete snapshot.console_sessions;
  snapshot.users = snapshot.users!.map((row) => JSON.stringify({ ...JSON.parse(row), failed_sign_ins: null, locked_until: null }));
  return snapshot;
}

test(`${REQUESTS} malformed console requests from every kind of person: no 5xx, no hang, nothing changed`, async () => {
  expect(walkedRoutes()).toEqual([...ROUTES].sort());
  const before = await rows();
  const statuses = new Map<number, number>();
  // fc.check, not fc.assert: a counterexample of 5,000-character fields would bury the answers at fault.
  const outcome = await fc.check(
    fc.asyncProperty(fc.array(fuzzRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const answers = await Promise.all(batch.map(send));
      // A path the app cannot read (NUL, bad percent-encoding) is refused before the console by the
      // app's own guard, with its problem+json; everything else answers a page or a redirect.
      const wrong = answers.filter((a) => a.status >= 500 || (a.status !== 303 && !a.type.startsWith('text/html') && !(a.status === 400 && a.type.startsWith('application/problem+json'))));
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (wrong.length > 0) throw new Error(wrong.map((a) => `${a.status} ${a.type} ${a.what}`).join('\n'));
    }),
    { numRuns: REQUESTS / BATCH, endOnFailure: true },
  );
  if (outcome.failed) throw new Error(`after ${outcome.numRuns} batches: ${String(outcome.errorInstance)}`);
  expect(await rows()).toEqual(before);
  console.log(`console fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
}, 600_000);

import request from 'supertest';
import { referredToBank, submitted } from '../support/walk';
import { type ApiHarness, as, bearer, type CallerName, startApiHarness } from './support/api-harness';
import { stepRequests, submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

/** The application's row and audit trail, to check that a refused call changed nothing. */
const snapshot = async (id: string) => {
  const row = await api.harness.prisma.application.findUniqueOrThrow({ where: { id }, include: { steps: true } });
  return { stage: row.stage, reviewStep: row.reviewStep, lastSequence: row.lastSequence, steps: row.steps.length };
};

describe('authentication', () => {
  const endpoints = [
    ['get', '/applications'],
    ['get', '/applications/any-id'],
    ['get', '/applications/any-id/steps'],
    ['post', '/applications'],
    ['post', '/applications/any-id/steps/approve'],
  ] as const;

  test.each(endpoints)('%s %s answers 401 without a key, with a bad key and with a revoked key', async (method, path) => {
    for (const headers of [{}, bearer('lk_not-a-key'), bearer(api.revokedKey), { 'X-Api-Key': 'wrong' }]) {
      const res = await request(api.app)[method](path).set(headers).send(method === 'post' ? submissionRequest() : undefined);
      expect(res.status).toBe(401);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 401, type: '/problems/unauthenticated' });
    }
    expect(await api.harness.prisma.application.count()).toBe(0);
  });

  test('the key may also come in X-Api-Key', async () => {
    const res = await request(api.app).get('/applications').set('X-Api-Key', api.keys.official);
    expect(res.status).toBe(200);
  });
});

describe('reading: an agency sees its own, a bank those referred to it, officials and admins all', () => {
  let referred: string;
  let unreferred: string;
  beforeAll(async () => {
    referred = await referredToBank(api.harness.workflows);
    unreferred = await submitted(api.harness.workflows);
  });

  const expected: Record<CallerName, { referred: number; unreferred: number }> = {
    agency: { referred: 200, unreferred: 200 },
    otherAgency: { referred: 404, unreferred: 404 },
    bank: { referred: 200, unreferred: 404 },
    otherBank: { referred: 404, unreferred: 404 },
    official: { referred: 200, unreferred: 200 },
    admin: { referred: 200, unreferred: 200 },
  };

  test.each(Object.keys(expected) as CallerName[])('as %s', async (caller) => {
    const client = as(api, caller);
    for (const [which, id] of [['referred', referred], ['unreferred', unreferred]] as const) {
      const status = expected[caller][which];
      const one = await client.get(`/applications/${id}`);
      expect(one.status).toBe(status);
      const steps = await client.get(`/applications/${id}/steps`);
      expect(steps.status).toBe(status);
      if (status === 200) {
        expect(one.body).toMatchObject({ id, agency: { id: 'org-relief-committee' } });
        expect(steps.body.steps[0]).toMatchObject({ sequence: 1, step: 'submit' });
      } else {
        // A foreign application is indistinguishable from one that does not exist.
        const missing = await client.get('/applications/does-not-exist');
        expect(one.body).toEqual({ ...missing.body, detail: `application ${id} was not found`, instance: `/applications/${id}` });
        expect(JSON.stringify(one.body)).not.toContain('relief');
      }
      const list = await client.get('/applications');
      expect(list.status).toBe(200);
      expect(list.body.items.some((item: { id: string }) => item.id === id)).toBe(status === 200);
    }
  });
});

describe('submitting: only agencies', () => {
  test.each(['bank', 'otherBank', 'official', 'admin'] as const)('as %s → 403 and nothing is created', async (caller) => {
    const before = await api.harness.prisma.application.count();
    const res = await as(api, caller).post('/applications', submissionRequest());
    expect(res.status).toBe(403);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toContain('agency');
    expect(await api.harness.prisma.application.count()).toBe(before);
  });

  test.each(['agency', 'otherAgency'] as const)('as %s → 201, owned by its organization', async (caller) => {
    const res = await as(api, caller).post('/applications', submissionRequest());
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`http://api.test/applications/${res.body.id}`);
    const row = await api.harness.prisma.application.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.agencyId).toBe(caller === 'agency' ? 'org-relief-committee' : 'org-welfare');
  });
});

describe('steps: only the party that holds the case, and only its own steps', () => {
  test('a bank step on a referred case: foreign parties 404, wrong roles 403, nothing changes; the bank 200', async () => {
    const id = await referredToBank(api.harness.workflows);
    const before = await snapshot(id);
    const expected: Record<CallerName, number> = { agency: 403, otherAgency: 404, otherBank: 404, official: 403, admin: 403, bank: 200 };
    for (const [caller, status] of Object.entries(expected) as [CallerName, number][]) {
      const res = await as(api, caller).post(`/applications/${id}/steps/acknowledge-receipt`, {});
      expect({ caller, status: res.status }).toEqual({ caller, status });
      if (status !== 200) {
        expect(res.type).toBe('application/problem+json');
        expect(await snapshot(id)).toEqual(before);
      }
    }
    expect((await snapshot(id)).reviewStep).toBe('documents');
  });

  test('an agency step on an unreferred case: every bank 404, other agency 404, wrong roles 403; the agency 200', async () => {
    const id = await submitted(api.harness.workflows);
    const before = await snapshot(id);
    const expected: Record<CallerName, number> = { bank: 404, otherBank: 404, otherAgency: 404, official: 403, admin: 403, agency: 200 };
    for (const [caller, status] of Object.entries(expected) as [CallerName, number][]) {
      const res = await as(api, caller).post(`/applications/${id}/steps/categorize`, stepRequests.categorize);
      expect({ caller, status: res.status }).toEqual({ caller, status });
      if (status !== 200) expect(await snapshot(id)).toEqual(before);
    }
    expect((await snapshot(id)).stage).toBe('bank_review');
  });

  test('every step endpoint refuses a foreign party with 404 and the wrong role with 403, changing nothing', async () => {
    const id = await referredToBank(api.harness.workflows);
    const before = await snapshot(id);
    const agencySteps = ['categorize', 'return-for-documents', 'resubmit-documents', 'declare-ineligible', 'answer-information-request', 'confirm-jobs', 'withdraw'];
    for (const [segment, body] of Object.entries(stepRequests)) {
      const byAgency = agencySteps.includes(segment);
      const outcomes: Record<Exclude<CallerName, 'agency' | 'bank'>, number> & { wrongParty: [CallerName, number] } = {
        otherAgency: 404,
        otherBank: 404,
        official: 403,
        admin: 403,
        wrongParty: byAgency ? ['bank', 403] : ['agency', 403],
      };
      for (const caller of ['otherAgency', 'otherBank', 'official', 'admin'] as const) {
        const res = await as(api, caller).post(`/applications/${id}/steps/${segment}`, body);
        expect({ segment, caller, status: res.status }).toEqual({ segment, caller, status: outcomes[caller] });
      }
      const [caller, status] = outcomes.wrongParty;
      const res = await as(api, caller).post(`/applications/${id}/steps/${segment}`, body);
      expect({ segment, caller, status: res.status }).toEqual({ segment, caller, status });
    }
    expect(await snapshot(id)).toEqual(before);
  });
});

describe('refused attempts: only officials and admins', () => {
  test('GET /applications/:id/refusals: agencies and banks 403 (even the parties of the case), officials and admins 200, an unknown application 404', async () => {
    const id = await referredToBank(api.harness.workflows);
    const expected: Record<CallerName, number> = { agency: 403, otherAgency: 403, bank: 403, otherBank: 403, official: 200, admin: 200 };
    for (const [caller, status] of Object.entries(expected) as [CallerName, number][]) {
      const res = await as(api, caller).get(`/applications/${id}/refusals`);
      expect({ caller, status: res.status }).toEqual({ caller, status });
      if (status === 403) expect(res.body).toMatchObject({ type: '/problems/forbidden', detail: expect.stringContaining('for official or admin users') });
    }
    expect((await request(api.app).get(`/applications/${id}/refusals`)).status).toBe(401);
    expect((await as(api, 'official').get('/applications/does-not-exist/refusals')).status).toBe(404);
  });
});

describe('admin emails: only admins list unconfirmed emails and settle them', () => {
  test('every other role gets 403 and nobody without a key gets in; an admin is let through to the rules', async () => {
    const endpoints = [
      ['get', '/admin/emails?status=unconfirmed'],
      ['post', '/admin/emails/no-such-email/resend'],
      ['post', '/admin/emails/no-such-email/mark-delivered'],
    ] as const;
    const expected: Record<CallerName, [number, number, number]> = {
      agency: [403, 403, 403],
      otherAgency: [403, 403, 403],
      bank: [403, 403, 403],
      otherBank: [403, 403, 403],
      official: [403, 403, 403],
      // The admin passes the role check: the list answers, and an unknown email is a 404.
      admin: [200, 404, 404],
    };
    for (const [caller, statuses] of Object.entries(expected) as [CallerName, [number, number, number]][]) {
      const client = as(api, caller);
      const answers = await Promise.all(endpoints.map(([method, path]) => (method === 'get' ? client.get(path) : client.post(path, { reason: 'checking' }))));
      expect({ caller, statuses: answers.map((a) => a.status) }).toEqual({ caller, statuses });
    }
    for (const [method, path] of endpoints) expect((await request(api.app)[method](path).send({ reason: 'x' })).status).toBe(401);
  });
});

describe('case work: notes and comments for whoever sees the case; extensions and reassignments for officials only', () => {
  const seeing: Record<CallerName, number> = { agency: 200, otherAgency: 404, bank: 200, otherBank: 404, official: 200, admin: 200 };

  test('GET /notes and POST /comments follow what each caller may see; a refused comment changes nothing', async () => {
    const id = await referredToBank(api.harness.workflows);
    for (const [caller, status] of Object.entries(seeing) as [CallerName, number][]) {
      expect({ caller, status: (await as(api, caller).get(`/applications/${id}/notes`)).status }).toEqual({ caller, status });
      const res = await as(api, caller).post(`/applications/${id}/comments`, { text: `a word from ${caller}` });
      expect({ caller, status: res.status }).toEqual({ caller, status: status === 200 ? 201 : status });
    }
    const notes = await api.harness.prisma.caseNote.findMany({ where: { applicationId: id } });
    expect(notes.map((n) => n.actorRole).sort()).toEqual(['admin', 'agency', 'bank', 'official']);
  });

  test('POST /deadline-extensions and /reassignments: every role but official 403, nothing changes; an official 201', async () => {
    const id = await referredToBank(api.harness.workflows);
    const before = await snapshot(id);
    const calls = [
      [`/applications/${id}/deadline-extensions`, { days: 2, reason: 'papers delayed' }],
      [`/applications/${id}/reassignments`, { toBankId: 'org-bank-sepah', reason: 'no_response' }],
    ] as const;
    for (const [path, body] of calls) {
      for (const caller of ['agency', 'otherAgency', 'bank', 'otherBank', 'admin'] as const) {
        const res = await as(api, caller).post(path, body);
        expect({ path, caller, status: res.status }).toEqual({ path, caller, status: 403 });
      }
    }
    expect(await snapshot(id)).toEqual(before);
    expect(await api.harness.prisma.caseNote.count({ where: { applicationId: id } })).toBe(0);
    // This harness starts workflows without deadlines: the official passes, and the workflow's rule refuses the extension.
    const officials = [(await as(api, 'official').post(calls[0][0], calls[0][1])).status, (await as(api, 'official').post(calls[1][0], calls[1][1])).status];
    expect(officials).toEqual([409, 201]);
  });
});

describe('attachments: the parties of the case upload (agency documents, bank contract), everyone who sees it downloads', () => {
  const aPdf = (label: string) => Buffer.from(`%PDF-1.7\n% ${label} ${Math.random()}\n`);
  const upload = (caller: CallerName, id: string, bytes: Buffer) =>
    request(api.app).post(`/applications/${id}/attachments?name=${caller}.pdf`).set(bearer(api.keys[caller])).set('Content-Type', 'application/pdf').send(bytes);

  test('POST: the agency and the referred bank 201, officials and admins 403, other agencies and banks 404; GET list and file: who sees the case 200, others 404', async () => {
    const id = await referredToBank(api.harness.workflows);
    const uploads: Record<CallerName, number> = { agency: 201, bank: 201, official: 403, admin: 403, otherAgency: 404, otherBank: 404 };
    for (const [caller, status] of Object.entries(uploads) as [CallerName, number][]) {
      const res = await upload(caller, id, aPdf(caller));
      expect({ caller, status: res.status }).toEqual({ caller, status });
      if (status !== 201) expect(res.type).toBe('application/problem+json');
    }
    const stored = await api.harness.prisma.caseNote.findMany({ where: { applicationId: id, kind: 'attach' }, orderBy: { number: 'asc' } });
    expect(stored.map((n) => [n.actorRole, (n.data as { purpose: string }).purpose])).toEqual([['agency', 'applicant_document'], ['bank', 'contract']]);
    const digest = (stored[0]!.data as { sha256: string }).sha256;
    const reads: Record<CallerName, number> = { agency: 200, bank: 200, official: 200, admin: 200, otherAgency: 404, otherBank: 404 };
    for (const [caller, status] of Object.entries(reads) as [CallerName, number][]) {
      const list = await as(api, caller).get(`/applications/${id}/attachments`);
      const file = await as(api, caller).get(`/applications/${id}/attachments/${digest}`);
      expect({ caller, statuses: [list.status, file.status] }).toEqual({ caller, statuses: [status, status] });
    }
    for (const path of [`/applications/${id}/attachments`, `/applications/${id}/attachments/${digest}`]) expect((await request(api.app).get(path)).status).toBe(401);
    expect((await request(api.app).post(`/applications/${id}/attachments`).set('Content-Type', 'application/pdf').send(aPdf('anonymous'))).status).toBe(401);
  });

  test('a bank cannot attach to a case not yet referred to it, nor read its files', async () => {
    const id = await submitted(api.harness.workflows);
    expect((await upload('agency', id, aPdf('agency'))).status).toBe(201);
    expect((await upload('bank', id, aPdf('bank'))).status).toBe(404);
    expect((await as(api, 'bank').get(`/applications/${id}/attachments`)).status).toBe(404);
  });
});

describe('four eyes: only a user of the bank holding the case cancels a pending item', () => {
  test('POST /steps/cancel-tranche and /cancel-approval: other roles 403, another bank 404; the bank reaches the rule (nothing pending: 409)', async () => {
    const id = await referredToBank(api.harness.workflows);
    const before = await snapshot(id);
    const expected: Record<CallerName, number> = { agency: 403, otherAgency: 403, official: 403, admin: 403, otherBank: 404, bank: 409 };
    for (const segment of ['cancel-tranche', 'cancel-approval']) {
      for (const [caller, status] of Object.entries(expected) as [CallerName, number][]) {
        const res = await as(api, caller).post(`/applications/${id}/steps/${segment}`, { reason: 'entered twice' });
        expect({ segment, caller, status: res.status }).toEqual({ segment, caller, status });
      }
    }
    expect(await snapshot(id)).toEqual(before);
  });
});

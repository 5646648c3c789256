import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { PrismaPg } from '@prisma/adapter-pg';
import request from 'supertest';
import { httpServerOptions } from '../../api/request-deadline';
import { PrismaClient } from '../../generated/prisma/client';
import { referredToBank } from '../support/walk';
import { type ApiHarness, bearer, startApiHarness, testConfig } from './support/api-harness';
import { submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

const DEADLINE_SECONDS = 1.5;
const withShortDeadline = () => api.appWith({ config: { ...testConfig, REQUEST_DEADLINE_SECONDS: DEADLINE_SECONDS } });
const stepCount = (id: string) => api.harness.prisma.applicationStep.count({ where: { applicationId: id } });

async function withoutWorker<T>(work: () => Promise<T>): Promise<T> {
  await api.harness.worker.stop();
  try {
    return await work();
  } finally {
    api.harness.worker = await api.harness.startWorker();
  }
}

describe('a step the workflow cannot confirm in time', () => {
  test('answers 503 with Retry-After by the deadline; the retry with the same Idempotency-Key gets the step’s outcome, taken once', async () => {
    const id = await referredToBank(api.harness.workflows);
    const app = withShortDeadline();
    const key = `deadline-${id}`;
    const send = () => request(app).post(`/applications/${id}/steps/acknowledge-receipt`).set(bearer(api.keys.bank)).set('Idempotency-Key', key).send({}).timeout(10_000);

    const late = await withoutWorker(async () => {
      const started = Date.now();
      const res = await send();
      expect(Date.now() - started).toBeLessThan(DEADLINE_SECONDS * 1000 + 1_500);
      return res;
    });
    expect(late.status).toBe(503);
    expect(late.type).toBe('application/problem+json');
    expect(Number(late.headers['retry-after'])).toBeGreaterThan(0);
    expect(late.body).toMatchObject({ type: '/problems/not-confirmed-in-time', detail: expect.stringContaining('same Idempotency-Key') });
    // Not the final answer: the key is released for the retry.
    expect(await api.harness.prisma.idempotencyKey.findFirstOrThrow({ where: { key } })).toMatchObject({ responseStatus: null });

    // As a client does: retry while the answer is "not confirmed in time" (the restarted worker
    // may still be warming up on a loaded machine), always with the same key.
    let retry = await send();
    for (let attempt = 1; retry.status === 503 && attempt < 10; attempt++) retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id, stage: 'bank_review', reviewStep: 'documents' });
    expect(await stepCount(id)).toBe(3);
    const replay = await send();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(retry.body);
  });

  test('a submission answers 503 too, and its retry finds the one application', async () => {
    const app = withShortDeadline();
    const body = submissionRequest();
    const send = () => request(app).post('/applications').set(bearer(api.keys.agency)).send(body).timeout(10_000);
    const late = await withoutWorker(send);
    expect(late.status).toBe(503);
    expect(late.headers['retry-after']).toBeDefined();
    const retry = await send();
    expect([200, 201]).toContain(retry.status);
    expect(retry.body.agencyReference).toBe(body.agencyReference);
    expect(await api.harness.prisma.application.count({ where: { agencyReference: body.agencyReference } })).toBe(1);
  });
});

describe('every request has a deadline', () => {
  let blackHole: TcpServer;
  const held: Socket[] = [];
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => blackHole?.close(resolve));
  });

  test('a database that never answers → 503 problem+json shortly after the deadline, not a hanging request', async () => {
    // Accepts connections and never says a word: the database of an outage.
    blackHole = createTcpServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as AddressInfo;
    const silent = new PrismaClient({ adapter: new PrismaPg({ connectionString: `postgresql://postgres@127.0.0.1:${port}/none` }) });
    const app = api.appWith({ prisma: silent, config: { ...testConfig, REQUEST_DEADLINE_SECONDS: 1 } });
    try {
      const started = Date.now();
      const res = await request(app).get('/applications').set(bearer(api.keys.official)).timeout(10_000);
      expect(res.status).toBe(503);
      expect(res.type).toBe('application/problem+json');
      expect(res.headers['retry-after']).toBeDefined();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const socket of held) socket.destroy();
      await silent.$disconnect();
    }
  });

  test('the HTTP server closes a connection whose client never finishes its headers', async () => {
    const server: Server = createHttpServer(httpServerOptions(1_000), api.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      const closedAfter = new Promise<{ ms: number; said: string }>((resolve) => {
        const started = Date.now();
        let said = '';
        socket.on('data', (chunk) => (said += String(chunk)));
        socket.on('close', () => resolve({ ms: Date.now() - started, said }));
      });
      socket.write('GET /healthz HTTP/1.1\r\nHost: test\r\n'); // and never the blank line
      const { ms, said } = await closedAfter;
      expect(ms).toBeLessThan(5_000);
      expect(said).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

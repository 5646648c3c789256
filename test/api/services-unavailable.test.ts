import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { WorkflowGateway } from '../../api/workflow-gateway';
import { PrismaClient } from '../../generated/prisma/client';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { type ApiHarness, bearer, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';

// PostgreSQL or Temporal going away under the API (a restart, a failover): the line to a real
// database is cut by a proxy, and Temporal is an address where nothing listens. Callers get 503
// with Retry-After, never a 500, and service resumes by itself.
let api: ApiHarness;
let proxy: TcpProxy;
let prisma: PrismaClient;

beforeAll(async () => {
  api = await startApiHarness();
  const url = new URL(api.harness.database.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 2_000 }) });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await proxy?.close();
  await api?.stop();
});

test('with the database unreachable, reads and writes answer 503 with Retry-After; once it is back, they succeed', async () => {
  const app = api.appWith({ prisma });
  const agency = bearer(api.keys.agency);
  expect((await request(app).get('/applications').set(agency)).status).toBe(200);

  await proxy.cut();
  for (const answer of [
    await request(app).get('/applications').set(agency),
    await request(app).post('/applications').set(agency).set('Idempotency-Key', randomUUID()).send(submissionRequest()),
  ]) {
    expect({ status: answer.status, type: answer.body.type }).toEqual({ status: 503, type: '/problems/unavailable' });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  }

  await proxy.restore();
  expect((await request(app).get('/applications').set(agency)).status).toBe(200);
  expect((await request(app).post('/applications').set(agency).set('Idempotency-Key', randomUUID()).send(submissionRequest())).status).toBe(201);
});

test('with Temporal unreachable, a submission answers 503 with Retry-After', async () => {
  const connection = await Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 1_000 });
  const app = api.appWith({ workflows: new WorkflowGateway(new Client({ connection }), 'nowhere', 0) });
  const answer = await request(app).post('/applications').set(bearer(api.keys.agency)).set('Idempotency-Key', randomUUID()).send(submissionRequest());
  // The client retries an unreachable server by itself; whether it gives up before the request
  // deadline (unavailable) or the deadline answers first (not confirmed in time) is a race.
  // Either way: 503 with Retry-After, never 500.
  expect(answer.status).toBe(503);
  expect(['/problems/unavailable', '/problems/not-confirmed-in-time']).toContain(answer.body.type);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  await connection.close();
});

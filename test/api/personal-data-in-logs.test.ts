import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { loggableUrl } from '../../api/request-logging';
import { aNationalId } from '../../support/national-ids';
import { type ApiHarness, bearer, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';

/** The API's log lines (pino JSON, each with its request id) never hold an applicant's personal data. */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'trace', base: { service: 'loan-api' } }, stream), lines };
}

test('submitting, repeating, refusing and searching for an application logs none of the applicant’s personal data', async () => {
  const { logger, lines } = capturingLogger();
  const app = api.appWith({ logger });
  const agency = bearer(api.keys.agency);
  const applicant = {
    nationalId: aNationalId(),
    fullName: `Shirin Logcheck ${randomUUID().slice(0, 6)}`,
    phone: '09121239876',
    address: `Golsar Avenue ${randomUUID().slice(0, 6)}, Lahijan`,
    district: 'lahijan_city',
  };
  const body = submissionRequest({ applicant });

  const created = await request(app).post('/applications').set(agency).set('Idempotency-Key', randomUUID()).send(body);
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  expect((await request(app).post('/applications').set(agency).send(body)).status).toBe(200);
  // Invalid: the same person with a phone that is not a mobile number, and a wrong check digit.
  const invalid = { ...body, applicant: { ...applicant, phone: '12', nationalId: `${applicant.nationalId.slice(0, 9)}${(Number(applicant.nationalId[9]) + 1) % 10}` } };
  expect((await request(app).post('/applications').set(agency).send(invalid)).status).toBe(422);
  expect((await request(app).post(`/applications/${id}/steps/confirm-jobs`).set(agency).send({ jobsConfirmed: 2 })).status).toBe(409);
  expect((await request(app).get(`/applications/${id}`).set(agency)).status).toBe(200);
  // The console's search and an attachment's file name put personal data in the URL itself.
  await request(app).get(`/console/cases?q=${encodeURIComponent(applicant.nationalId)}`);
  await request(app).get(`/console/cases?q=${encodeURIComponent(applicant.fullName)}`);
  await request(app).post(`/applications/${id}/attachments?name=${encodeURIComponent(`${applicant.fullName}.pdf`)}`).set(agency).type('application/pdf').send(Buffer.from('%PDF-1.4 test'));

  expect(lines.length).toBeGreaterThanOrEqual(8);
  expect(lines.every((line) => typeof (JSON.parse(line) as { requestId?: string }).requestId === 'string')).toBe(true);
  const logged = lines.join('\n');
  for (const value of [applicant.nationalId, applicant.fullName, applicant.address, applicant.phone, '9121239876']) {
    expect(logged).not.toContain(value);
    expect(logged).not.toContain(encodeURIComponent(value));
    expect(logged).not.toContain(value.replace(/ /g, '+'));
  }
});

test('loggableUrl blanks the personal query parameters, however their names are encoded, and keeps the rest', () => {
  expect(loggableUrl('/console/cases?q=0013542419&stage=submitted')).toBe('/console/cases?q=[redacted]&stage=submitted');
  expect(loggableUrl('/applications/a1/attachments?%6Eame=Maryam.pdf')).toBe('/applications/a1/attachments?%6Eame=[redacted]');
  expect(loggableUrl('/applications?stage=submitted&limit=10')).toBe('/applications?stage=submitted&limit=10');
  expect(loggableUrl('/healthz')).toBe('/healthz');
});

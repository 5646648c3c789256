import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { referredToBank, submitted } from '../support/walk';
import { agency } from '../../support/fixtures';
import { type ApiHarness, as, bearer, type CallerName, startApiHarness, testConfig } from './support/api-harness';

/**
 * Attachments over HTTP against the real app, database, dev server and worker: the type read from
 * the bytes, the limits, who may upload and download, the headers of a download, one blob per
 * file, and a resubmission linking the files attached for it.
 */

let api: ApiHarness;
/** The same app with small limits: 2,000 bytes a file, 5,000 a case. */
let small: Express;
beforeAll(async () => {
  api = await startApiHarness();
  small = api.appWith({ config: { ...testConfig, ATTACHMENT_MAX_BYTES: 2000, ATTACHMENTS_MAX_BYTES_PER_CASE: 5000 } });
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const pdf = (size = 600) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size)]);
const jpeg = (size = 600) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size)]);
const png = (size = 600) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function upload(caller: CallerName, id: string, bytes: Buffer, options: { type?: string; name?: string; app?: Express; key?: string } = {}) {
  const query = options.name === undefined ? '' : `?name=${encodeURIComponent(options.name)}`;
  const req = request(options.app ?? api.app)
    .post(`/applications/${id}/attachments${query}`)
    .set(bearer(api.keys[caller]))
    .set('Content-Type', options.type ?? 'application/pdf');
  if (options.key) req.set('Idempotency-Key', options.key);
  return req.send(bytes);
}

/** Downloads as raw bytes. */
const download = (caller: CallerName, id: string, digest: string) =>
  request(api.app)
    .get(`/applications/${id}/attachments/${digest}`)
    .set(bearer(api.keys[caller]))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

const notesOf = (id: string) => api.harness.prisma.caseNote.findMany({ where: { applicationId: id, kind: 'attach' }, orderBy: { number: 'asc' } });
const blobOf = (digest: string) => api.harness.prisma.attachmentBlob.findUnique({ where: { sha256: digest } });

describe('uploading', () => {
  test('PDF, JPEG and PNG are accepted by their content, whatever the name says; each is stored with its SHA-256 and size', async () => {
    const id = await submitted(api.harness.workflows);
    const files = [
      { bytes: pdf(), name: 'national-id-card.pdf', type: 'application/pdf', expected: ['application/pdf', 'national-id-card.pdf'] },
      { bytes: jpeg(), name: 'C:\\scans\\licence', type: 'image/jpeg', expected: ['image/jpeg', 'licence.jpg'] },
      // A PNG declared as JPEG and named .jpg is a PNG: its name gets the extension of what it is.
      { bytes: png(), name: '../photo.jpg', type: 'image/jpeg', expected: ['image/png', 'photo.jpg.png'] },
    ];
    for (const file of files) {
      const res = await upload('agency', id, file.bytes, { type: file.type, name: file.name });
      expect(res.status).toBe(201);
      expect([res.body.contentType, res.body.fileName]).toEqual(file.expected);
      expect(res.body).toMatchObject({ sha256: sha(file.bytes), size: file.bytes.length, purpose: 'applicant_document', attachedBy: { organizationId: agency.organizationId } });
      expect(res.headers.location).toBe(`http://api.test/applications/${id}/attachments/${sha(file.bytes)}`);
      const blob = await blobOf(sha(file.bytes));
      expect({ size: blob?.size, type: blob?.contentType, same: Buffer.from(blob!.bytes).equals(file.bytes) }).toEqual({ size: file.bytes.length, type: file.expected[0], same: true });
    }
    const list = await as(api, 'agency').get(`/applications/${id}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { fileName: string }) => a.fileName)).toEqual(['national-id-card.pdf', 'licence.jpg', 'photo.jpg.png']);
    expect((await api.harness.workflows.state(id))?.attachedBytes).toBe(files.reduce((sum, f) => sum + f.bytes.length, 0));
  });

  test('an HTML file named x.pdf and sent as application/pdf is refused with 415 naming file, and nothing is stored', async () => {
    const id = await submitted(api.harness.workflows);
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const res = await upload('agency', id, html, { type: 'application/pdf', name: 'x.pdf' });
    expect(res.status).toBe(415);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('PDF, JPEG or PNG') }]);
    // A real PDF declared as HTML is refused too: the API takes files, not pages.
    expect((await upload('agency', id, pdf(), { type: 'text/html' })).status).toBe(415);
    expect(await blobOf(sha(html))).toBeNull();
    expect(await notesOf(id)).toHaveLength(0);
  });

  test('a file over ATTACHMENT_MAX_BYTES, and one that would take the case over ATTACHMENTS_MAX_BYTES_PER_CASE, are refused with 413 naming file', async () => {
    const id = await submitted(api.harness.workflows);
    const big = pdf(2100);
    const tooBig = await upload('agency', id, big, { app: small });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('2000 bytes') }]);
    expect(await blobOf(sha(big))).toBeNull();

    for (let i = 0; i < 3; i++) expect((await upload('agency', id, pdf(1500), { app: small })).status).toBe(201);
    const over = pdf(1500);
    const refused = await upload('agency', id, over, { app: small });
    expect(refused.status).toBe(413);
    expect(refused.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('5000 allowed') });
    expect(await notesOf(id)).toHaveLength(3);
    expect(await blobOf(sha(over))).toBeNull();
  });

  test('the workflow checks the case total too: a caller with a larger limit cannot slip past a smaller one recorded there', async () => {
    const id = await submitted(api.harness.workflows);
    const bytes = pdf(100);
    const refusal = await api.harness.workflows
      .caseWork(id, 'attach', { actor: agency, attachment: { sha256: sha(bytes), size: bytes.length, contentType: 'application/pdf', fileName: 'a.pdf', purpose: 'applicant_document' }, maxCaseBytes: 50 })
      .catch((error: unknown) => error);
    expect(String((refusal as { cause?: Error }).cause?.message)).toContain('more than the 50 allowed');
    expect(await notesOf(id)).toHaveLength(0);
  });

  test('the same file twice stores one blob: on two cases it is attached to both; on the same case again it is refused with 409', async () => {
    const [first, second] = [await submitted(api.harness.workflows), await submitted(api.harness.workflows)];
    const bytes = pdf();
    expect((await upload('agency', first, bytes, { name: 'deed.pdf' })).status).toBe(201);
    expect((await upload('agency', second, bytes, { name: 'deed.pdf' })).status).toBe(201);
    const again = await upload('agency', first, bytes, { name: 'deed-again.pdf' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ field: 'file', message: 'this file is already attached to the application' }]);
    expect(await api.harness.prisma.attachmentBlob.count({ where: { sha256: sha(bytes) } })).toBe(1);
    expect([(await notesOf(first)).length, (await notesOf(second)).length]).toEqual([1, 1]);
  });

  test('an upload repeated with its Idempotency-Key is answered again, not attached twice', async () => {
    const id = await submitted(api.harness.workflows);
    const bytes = png();
    const key = `attach-${sha(bytes).slice(0, 12)}`;
    const first = await upload('agency', id, bytes, { type: 'image/png', key });
    const second = await upload('agency', id, bytes, { type: 'image/png', key });
    expect([first.status, second.status, second.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(second.body).toEqual(first.body);
    // The same key with another file is another request.
    expect((await upload('agency', id, png(), { type: 'image/png', key })).status).toBe(422);
    expect(await notesOf(id)).toHaveLength(1);
  });

  test('the bank attaches its contract to the case referred to it; the agency sees it', async () => {
    const id = await referredToBank(api.harness.workflows);
    const contract = pdf();
    const res = await upload('bank', id, contract, { name: 'قرارداد ۱۴۰۵.pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ purpose: 'contract', fileName: 'قرارداد ۱۴۰۵.pdf', attachedBy: { role: 'bank' } });
    const seen = await download('agency', id, sha(contract));
    expect(seen.status).toBe(200);
    expect(seen.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('قرارداد ۱۴۰۵.pdf')}`);
  });

  test('a closed case takes no attachments', async () => {
    const id = await submitted(api.harness.workflows);
    await api.harness.workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'the applicant moved away' } });
    const res = await upload('agency', id, pdf());
    expect(res.status).toBe(409);
    expect(await notesOf(id)).toHaveLength(0);
  });
});

describe('downloading', () => {
  test('the file comes back byte for byte, as a download of its sniffed type that no browser renders', async () => {
    const id = await submitted(api.harness.workflows);
    const bytes = pdf();
    await upload('agency', id, bytes, { type: 'application/octet-stream', name: 'evil\u202Egpj.pdf' });
    const res = await download('official', id, sha(bytes));
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      // The right-to-left override that disguised the name is gone.
      'content-disposition': "attachment; filename*=UTF-8''evilgpj.pdf",
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
    });
  });

  test('another agency or bank gets 404 for the list and the file; a file of another case is 404 through this one', async () => {
    const id = await referredToBank(api.harness.workflows);
    const other = await submitted(api.harness.workflows);
    const bytes = jpeg();
    const foreign = pdf();
    await upload('agency', id, bytes, { type: 'image/jpeg' });
    await upload('agency', other, foreign);
    for (const caller of ['otherAgency', 'otherBank'] as const) {
      expect((await as(api, caller).get(`/applications/${id}/attachments`)).status).toBe(404);
      expect((await download(caller, id, sha(bytes))).status).toBe(404);
      expect((await upload(caller, id, pdf())).status).toBe(404);
    }
    expect((await download('agency', id, sha(foreign))).status).toBe(404);
    expect((await download('bank', id, sha(bytes))).status).toBe(200);
  });
});

describe('returning for documents', () => {
  test('a resubmission links the files attached for it, and refuses one not attached to the case', async () => {
    const id = await submitted(api.harness.workflows);
    const client = as(api, 'agency');
    expect((await client.post(`/applications/${id}/steps/return-for-documents`, { missingDocuments: ['business licence'] })).status).toBe(200);
    const licence = pdf();
    expect((await upload('agency', id, licence, { name: 'licence.pdf' })).status).toBe(201);

    const stranger = sha(pdf());
    const refused = await client.post(`/applications/${id}/steps/resubmit-documents`, { attachments: [stranger] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'attachments', message: `not attached to this application: ${stranger}` }]);

    const res = await client.post(`/applications/${id}/steps/resubmit-documents`, { attachments: [sha(licence)] });
    expect(res.status).toBe(200);
    const steps = await client.get(`/applications/${id}/steps`);
    expect(steps.body.steps.at(-1)).toMatchObject({ step: 'resubmitDocuments', data: { attachments: [sha(licence)] } });
  });
});

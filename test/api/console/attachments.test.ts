import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { referredToBank, submitted } from '../../support/walk';
import { type ApiHarness, startApiHarness, TEST_PASSWORD, testConfig } from '../support/api-harness';
import { csrfOf, fieldErrorsOf, formIdOf, signedInAgents } from './console-agent';

/** The case page's attachments, through the console's own forms, against the real app, database and workflows. */

let api: ApiHarness;
/** The same app with a 2,000-byte limit per file. */
let small: Express;

beforeAll(async () => {
  api = await startApiHarness();
  small = api.appWith({ config: { ...testConfig, ATTACHMENT_MAX_BYTES: 2000 } });
}, 120_000);
afterAll(() => api.stop());

/** People signed in through the sign-in form, one agent each for the file. */
const signedIn = signedInAgents(() => api.app, TEST_PASSWORD);

const pdf = (size = 800) => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size)]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const formIdOfUpload = (page: string): string => /action="\/console\/cases\/[^"]+\/attachments"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">\s*<input type="hidden" name="formId" value="([^"]+)"/.exec(page)![1]!;

/** Sends the case page's upload form as the person who sees it. */
async function uploadThroughTheForm(username: string, id: string, file: { bytes: Buffer; name: string; type: string } | null, app: Express = api.app) {
  const agent = await signedIn(username, 'en', app);
  const page = await agent.get(`/console/cases/${id}?lang=en`).expect(200);
  const post = agent.post(`/console/cases/${id}/attachments`).field('_csrf', csrfOf(page.text)).field('formId', formIdOfUpload(page.text));
  return file ? post.attach('file', file.bytes, { filename: file.name, contentType: file.type }) : post.attach('file', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
}

const blobOf = (bytes: Buffer) => api.harness.prisma.attachmentBlob.findUnique({ where: { sha256: sha(bytes) } });

describe('the attachments section of the case page', () => {
  test('an agency clerk uploads a PDF through the form; its link downloads it, for the bank too, never for another agency', async () => {
    const id = await referredToBank(api.harness.workflows);
    const bytes = pdf();
    const answer = await uploadThroughTheForm('agency', id, { bytes, name: 'business licence.pdf', type: 'application/pdf' });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(`/console/cases/${id}?attached=1`);

    const page = await (await signedIn('agency')).get(`/console/cases/${id}?attached=1&lang=en`).expect(200);
    expect(page.text).toContain('The file was attached.');
    const link = `/console/cases/${id}/attachments/${sha(bytes)}`;
    expect(page.text).toContain(`href="${link}" download><bdi>business licence.pdf</bdi>`);

    for (const person of ['agency', 'bank']) {
      const file = await (await signedIn(person)).get(link).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(file.status).toBe(200);
      expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);
      expect(file.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-disposition': "attachment; filename*=UTF-8''business%20licence.pdf",
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
      });
    }
    expect((await (await signedIn('otheragency')).get(link)).status).toBe(404);
    // The bank may attach its contract: it has the form; officials read but do not attach.
    expect((await (await signedIn('bank')).get(`/console/cases/${id}`)).text).toContain(`action="/console/cases/${id}/attachments"`);
    expect((await (await signedIn('official')).get(`/console/cases/${id}`)).text).not.toContain(`action="/console/cases/${id}/attachments"`);
  });

  test('an HTML file named x.pdf is refused beside the file field with 415, and nothing is stored', async () => {
    const id = await submitted(api.harness.workflows);
    const html = Buffer.from('<html><body onload="alert(1)">hello</body></html>');
    const answer = await uploadThroughTheForm('agency', id, { bytes: html, name: 'x.pdf', type: 'application/pdf' });
    expect(answer.status).toBe(415);
    expect(answer.text).toContain('The file was not attached.');
    expect(answer.text).toContain('href="#field-attachment-file"');
    expect(fieldErrorsOf(answer.text)).toEqual({ 'attachment-file': 'Only PDF, JPEG or PNG files are accepted; the type is read from the file’s content.' });
    expect(await blobOf(html)).toBeNull();
    expect(await api.harness.prisma.caseNote.count({ where: { applicationId: id } })).toBe(0);
  });

  test('a file over the limit is refused with 413 beside the field, in Persian by default; a form without a file asks for one', async () => {
    const id = await submitted(api.harness.workflows);
    const big = pdf(3000);
    const agent = await signedIn('agency', 'en', small);
    const page = await agent.get(`/console/cases/${id}?lang=fa`).expect(200);
    const answer = await agent
      .post(`/console/cases/${id}/attachments`)
      .field('_csrf', csrfOf(page.text))
      .field('formId', formIdOfUpload(page.text))
      .attach('file', big, { filename: 'big.pdf', contentType: 'application/pdf' });
    expect(answer.status).toBe(413);
    expect(fieldErrorsOf(answer.text)).toEqual({ 'attachment-file': 'پرونده بزرگ‌تر از اندازهٔ مجاز است.' });
    expect(await blobOf(big)).toBeNull();

    const empty = await uploadThroughTheForm('agency', id, null);
    expect(empty.status).toBe(422);
    expect(fieldErrorsOf(empty.text)).toEqual({ 'attachment-file': 'Choose a file to attach.' });
  });

  test('an upload without the CSRF token changes nothing', async () => {
    const id = await submitted(api.harness.workflows);
    const bytes = pdf();
    const answer = await (await signedIn('agency')).post(`/console/cases/${id}/attachments`).attach('file', bytes, { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(answer.status).toBe(403);
    expect(await blobOf(bytes)).toBeNull();
  });
});

describe('returning for documents', () => {
  test('the case page lists the missing documents; a file attached since the return is marked new, and the resubmission links it', async () => {
    const id = await submitted(api.harness.workflows);
    const agent = await signedIn('agency');
    expect((await uploadThroughTheForm('agency', id, { bytes: pdf(), name: 'id-card.pdf', type: 'application/pdf' })).status).toBe(303);
    let page = await agent.get(`/console/cases/${id}?lang=en`).expect(200);
    // The return form says what the case already holds.
    expect(page.text).toMatch(/steps\/return-for-documents"[\s\S]*?Files attached to the case so far:<\/p><ul><li dir="auto">id-card\.pdf<\/li><\/ul>/);
    const returned = await agent
      .post(`/console/cases/${id}/steps/return-for-documents`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), formId: formIdOf(page.text, 'return-for-documents'), missingDocuments: 'Business licence\nGuarantor letter' });
    expect(returned.status).toBe(303);
    page = await agent.get(`/console/cases/${id}?lang=en`).expect(200);
    expect(page.text).toContain('class="notice missing-documents"');
    expect(page.text).toMatch(/<li dir="auto">Guarantor letter<\/li>/);

    const letter = pdf();
    expect((await uploadThroughTheForm('agency', id, { bytes: letter, name: 'guarantor.pdf', type: 'application/pdf' })).status).toBe(303);
    page = await agent.get(`/console/cases/${id}?lang=en`).expect(200);
    expect(page.text).toContain('new: resubmitting the documents brings it');
    // The resubmission form says what was asked for and which files it brings: only those attached since the return.
    expect(page.text).toMatch(/steps\/resubmit-documents"[\s\S]*?Missing documents:<\/p><ul><li dir="auto">Business licence<\/li><li dir="auto">Guarantor letter<\/li><\/ul><p>Files this brings:<\/p><ul><li dir="auto">guarantor\.pdf<\/li><\/ul>/);

    const resubmitted = await agent
      .post(`/console/cases/${id}/steps/resubmit-documents`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), formId: formIdOf(page.text, 'resubmit-documents'), comment: '' });
    expect(resubmitted.status).toBe(303);
    const step = await api.harness.prisma.applicationStep.findFirstOrThrow({ where: { applicationId: id, step: 'resubmitDocuments' } });
    expect(step.data).toEqual({ attachments: [sha(letter)] });
    page = await agent.get(`/console/cases/${id}?lang=en`).expect(200);
    expect(page.text).toMatch(/<dt>Attachments brought<\/dt><dd><ul><li dir="auto">guarantor\.pdf<\/li><\/ul>/);
    expect(page.text).not.toContain('class="notice missing-documents"');
  });
});

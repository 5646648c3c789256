import { z } from 'zod';
import { attachmentPurposes, attachmentTypes } from '../domain/attachments';
import { attachmentParams, uploadQuery } from './routes/attachments';
import { idParams } from './schemas/listing';
import { errors, idempotencyErrors, idempotencyKey, json, parametersOf, problemResponse, schemaOf, secured } from './openapi-parts';

const attachment = z.object({
  sha256: z.string(),
  fileName: z.string(),
  contentType: z.enum(attachmentTypes),
  size: z.number().int(),
  purpose: z.enum(attachmentPurposes),
  attachedBy: z.object({ userId: z.string(), organizationId: z.string(), role: z.string() }),
  attachedAt: z.iso.datetime(),
  links: z.object({ download: z.string() }),
});
const attachmentList = z.object({ applicationId: z.string(), items: z.array(attachment) });

const fileTypes = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];

/** The OpenAPI paths of an application's attachments. */
export function attachmentPaths() {
  return {
    '/applications/{id}/attachments': {
      post: {
        operationId: 'attachFile',
        tags: ['case work'],
        summary: 'Attach a file: the applicant’s documents (agency) or the contract (bank)',
        description:
          'The body is the file itself. Its type is read from its first bytes (PDF, JPEG or PNG; anything else 415 naming `file`, whatever its name or Content-Type say). One file may have ATTACHMENT_MAX_BYTES (default 10 MiB), one application’s files together ATTACHMENTS_MAX_BYTES_PER_CASE (default 50 MiB): 413 naming `file`. The same file attached twice to one application is refused with 409. The agency attaches to its own application, the bank to the one referred to it, until the application is closed.',
        ...secured,
        parameters: [...parametersOf(idParams, 'path'), ...parametersOf(uploadQuery, 'query'), idempotencyKey],
        requestBody: { required: true, content: Object.fromEntries(fileTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) },
        responses: {
          201: { description: 'Attached', ...json(schemaOf(attachment, 'output')) },
          ...errors,
          ...idempotencyErrors,
          413: problemResponse('The file, or the application’s files together, are larger than allowed'),
          415: problemResponse('The file is not a PDF, JPEG or PNG by its content, or was not sent as one'),
        },
      },
      get: {
        operationId: 'listAttachments',
        tags: ['case work'],
        summary: 'The files attached to the application (anyone who sees it)',
        ...secured,
        parameters: parametersOf(idParams, 'path'),
        responses: { 200: { description: 'The attachments, in the order attached', ...json(schemaOf(attachmentList, 'output')) }, ...errors },
      },
    },
    '/applications/{id}/attachments/{sha256}': {
      get: {
        operationId: 'downloadAttachment',
        tags: ['case work'],
        summary: 'Download one attached file (anyone who sees the application)',
        description: 'Always a download (`Content-Disposition: attachment`), with the type read from its content, `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy; 404 unless the file is attached to this application.',
        ...secured,
        parameters: parametersOf(attachmentParams, 'path'),
        responses: {
          200: { description: 'The file', content: Object.fromEntries(fileTypes.slice(0, 3).map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) },
          ...errors,
        },
      },
    },
  };
}

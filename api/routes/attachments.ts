import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { sha256Pattern } from '../../domain/attachments';
import { attachFile, type AttachmentLimits, checkMayAttach, fileTooLarge, type Upload, unsupportedFile } from '../attachments';
import { attachmentResource, attachmentsOf, downloadDisposition, readAttachment } from '../attachment-store';
import { actorOf, requireRole } from '../auth';
import { idempotencyOf } from '../idempotency';
import { notFound } from '../problem';
import { deadlineOf } from '../request-deadline';
import { idParams } from '../schemas/listing';
import { parsed, validate } from '../validate';
import { findVisible } from './applications';
import type { RouteContext } from './context';

/** What these routes run before their own work; the app's other routes get them from where they are mounted. */
export interface AttachmentGuards {
  authenticate: RequestHandler;
  perUser: RequestHandler;
  idempotency: RequestHandler;
}

export const uploadQuery = z.strictObject({ name: z.string().max(1000).optional() });
export const attachmentParams = z.strictObject({
  id: idParams.shape.id,
  sha256: z.string().regex(sha256Pattern, 'must be a SHA-256 digest: 64 lowercase hex digits'),
});

/** The media types an upload may declare; the type kept is the one its bytes show. */
const declaredTypes = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];

/**
 * Reads the raw file, up to the limit, into `res.locals.upload`; the request body the
 * Idempotency-Key's hash covers becomes the file's digest, size and name, not its bytes.
 */
function rawFile(limits: AttachmentLimits): RequestHandler {
  const read = express.raw({ type: () => true, limit: limits.maxBytes });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(declaredTypes)) return next(unsupportedFile());
    read(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') return next(fileTooLarge(limits));
      if (error) return next(error);
      const bytes: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      // As sent: the query's validation folds Persian digits, which belong to a file's name.
      const name = typeof req.query.name === 'string' ? req.query.name : undefined;
      res.locals.upload = { bytes, name } satisfies Upload;
      req.body = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, name: name ?? null };
      next();
    });
  };
}

/**
 * The files of an application: the agency attaches the applicant's documents, the bank its
 * contract; every party who sees the case lists and downloads them. Mounted before the API's
 * JSON-only guard (an upload's body is the file itself), so each route carries its own guards.
 */
export function attachmentRoutes(context: RouteContext, limits: AttachmentLimits, guards: AttachmentGuards): Router {
  const { prisma, links } = context;
  const router = Router();

  router.post(
    '/:id/attachments',
    guards.authenticate,
    guards.perUser,
    requireRole('agency', 'bank'),
    validate('params', idParams),
    validate('query', uploadQuery),
    // Refused before its bytes are read: a case the caller may not attach to.
    async (_req, res, next) => {
      await checkMayAttach(prisma, parsed<{ id: string }>(res, 'params').id, actorOf(res));
      next();
    },
    rawFile(limits),
    guards.idempotency,
    async (req, res) => {
      const { id } = parsed<{ id: string }>(res, 'params');
      const attachment = await attachFile(context, id, actorOf(res), res.locals.upload as Upload, limits, {
        requestId: String(req.id),
        updateId: idempotencyOf(res)?.updateId,
        deadline: deadlineOf(res),
      });
      const resource = attachmentResource(attachment, links(id).self);
      res.status(201).location(resource.links.download).json(resource);
    },
  );

  router.get('/:id/attachments', guards.authenticate, guards.perUser, validate('params', idParams), async (_req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await findVisible(context, id, res);
    const items = (await attachmentsOf(prisma, id)).map((a) => attachmentResource(a, links(id).self));
    res.json({ applicationId: id, items });
  });

  // Always a download, never rendered: the sniffed type, nosniff, and a sandbox should a browser try.
  router.get('/:id/attachments/:sha256', guards.authenticate, guards.perUser, validate('params', attachmentParams), async (_req, res) => {
    const { id, sha256 } = parsed<z.infer<typeof attachmentParams>>(res, 'params');
    await findVisible(context, id, res);
    const found = await readAttachment(prisma, id, sha256);
    if (!found) throw notFound(`attachment ${sha256} of application ${id}`);
    sendAttachment(res, found.attachment.fileName, found.attachment.contentType, found.bytes);
  });

  return router;
}

/** Sends a file to be saved, not shown (the JSON API and the console alike). */
export function sendAttachment(res: Response, fileName: string, contentType: string, bytes: Uint8Array): void {
  res
    .status(200)
    .set({
      'Content-Type': contentType,
      'Content-Disposition': downloadDisposition(fileName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
    })
    .end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

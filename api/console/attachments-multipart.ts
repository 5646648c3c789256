import busboy from 'busboy';
import type { RequestHandler } from 'express';
import type { Upload } from '../attachments';
import { HttpProblem } from '../problem';

/**
 * Reads a multipart/form-data form (the console's upload form): its text fields into `req.body`,
 * for the CSRF check and the form id, and its one `file` into `res.locals.upload`, keeping at most
 * `maxBytes` of it (a longer file is marked truncated and refused later, beside the field).
 * Anything else in the form is read and dropped.
 */
export function multipartForm(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next(new HttpProblem(415, 'unsupported-media-type', 'the form must be sent as multipart/form-data'));
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12 }, defParamCharset: 'utf8' });
    } catch {
      return next(new HttpProblem(400, 'unreadable-body', 'the form could not be read'));
    }
    const fields: Record<string, string> = {};
    let upload: Upload | undefined;
    const reading: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      if (!Object.hasOwn(fields, name)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || upload) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const file: Upload = { bytes: Buffer.alloc(0), name: info.filename };
      upload = file;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        file.truncated = true;
      });
      reading.push(
        new Promise((resolve) =>
          stream.on('end', () => {
            file.bytes = Buffer.concat(chunks);
            resolve();
          }),
        ),
      );
    });
    parser.on('error', () => {
      req.unpipe(parser);
      next(new HttpProblem(400, 'unreadable-body', 'the form could not be read'));
    });
    parser.on('close', () => {
      void Promise.all(reading).then(() => {
        req.body = fields;
        res.locals.upload = upload;
        next();
      });
    });
    req.pipe(parser);
  };
}

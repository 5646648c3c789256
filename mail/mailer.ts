import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config/config';
import { isHeaderSafe } from './text';

/** A message ready to go: every header value already validated by whoever built it. */
export interface OutgoingMessage {
  /** `<id@domain>`; also names the file in the outbox. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves once the server (or the outbox) has accepted the message; rejects otherwise. */
  send(message: OutgoingMessage): Promise<void>;
  close(): Promise<void>;
}

/**
 * Upper bounds of one SMTP exchange. With them a send that has started ends, one way or the
 * other, well within the notify activity's start-to-close timeout, which keeps a retry from
 * running beside a send that is still in progress.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 } as const;

/** SMTP when `SMTP_URL` is set; otherwise one `.eml` file per message in `outboxDir`. */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'outboxDir'>): Mailer {
  return config.SMTP_URL ? createSmtpMailer(config.SMTP_URL) : createOutboxMailer(config.outboxDir);
}

export function createSmtpMailer(url: string): Mailer {
  // One connection per message, no pool: a message is either accepted on its own connection or
  // the send rejects, and nothing is left queued in memory when the process dies.
  const transport = nodemailer.createTransport({ url, pool: false, ...SMTP_TIMEOUTS });
  return {
    async send(message) {
      // Rejects when the server refuses the connection, the sender, every recipient or the data.
      await transport.sendMail(mailOptions(message));
    },
    async close() {
      transport.close();
    },
  };
}

export function createOutboxMailer(outboxDir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(message) {
      const info = await transport.sendMail(mailOptions(message));
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
      await mkdir(outboxDir, { recursive: true });
      await writeAtomically(path.join(outboxDir, outboxFileName(message.messageId)), info.message);
    },
    async close() {
      transport.close();
    },
  };
}

/** `<abc@loans.lahijan>` → `abc@loans.lahijan.eml`; anything odd becomes `_`. */
export const outboxFileName = (messageId: string): string => `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;

function mailOptions(message: OutgoingMessage) {
  const headers = [message.messageId, message.from, message.subject, ...message.to];
  if (!headers.every(isHeaderSafe)) throw new Error('refusing a message with control characters in a header');
  if (message.to.length === 0) throw new Error('refusing a message without recipients');
  return {
    messageId: message.messageId,
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    // Tells other robots not to answer (RFC 3834).
    headers: { 'Auto-Submitted': 'auto-generated' },
    // The envelope is exactly the listed recipients; nothing is read out of other headers.
    envelope: { from: message.from, to: message.to },
  };
}

/** Readers of the outbox see a whole file or none: written under a temporary name, then renamed. */
async function writeAtomically(file: string, content: Buffer): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { type Config, DEFAULT_POOL_CONNECTIONS, DEFAULT_POOL_MESSAGES } from '../config/config';
import { exchangeMessage, type RecipientOutcome, SMTP_DEADLINE_MS } from './smtp-exchange';
import { createSmtpPool, type SmtpPoolOptions } from './smtp-pool';
import { isHeaderSafe } from './text';

export type { RecipientOutcome } from './smtp-exchange';

/** A message ready to go: every header value already validated by whoever built it. */
export interface OutgoingMessage {
  /** `<id@domain>`; also names the file in the outbox. */
  messageId: string;
  from: string;
  /** The To header: everyone the message is for. */
  to: string[];
  /** Who this send delivers to (the envelope); `to` when absent. A retry names only those not yet reached. */
  deliverTo?: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /**
   * One verdict per recipient delivered to, once the server has answered for each of them;
   * rejects when the exchange failed before any recipient had an answer.
   */
  send(message: OutgoingMessage): Promise<RecipientOutcome[]>;
  close(): Promise<void>;
}

type PoolConfig = Pick<Config, 'SMTP_POOL_CONNECTIONS' | 'SMTP_POOL_MESSAGES'>;

/**
 * SMTP when `SMTP_URL` is set (pooled unless `SMTP_POOL_CONNECTIONS` is 0); otherwise one `.eml`
 * file per message in `outboxDir`. Without pool settings, the configuration's defaults.
 */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'outboxDir'> & Partial<PoolConfig>): Mailer {
  if (!config.SMTP_URL) return createOutboxMailer(config.outboxDir);
  const connections = config.SMTP_POOL_CONNECTIONS ?? DEFAULT_POOL_CONNECTIONS;
  const pool = connections > 0 ? { maxConnections: connections, maxMessages: config.SMTP_POOL_MESSAGES ?? DEFAULT_POOL_MESSAGES } : undefined;
  return createSmtpMailer(config.SMTP_URL, { pool });
}

/**
 * With `pool`, messages share a few long-lived connections (mail/smtp-pool.ts). Without, one
 * connection per message: a message is either answered on its own connection or the send
 * rejects. Either way `deadlineMs` bounds the whole send (see SMTP_DEADLINE_MS).
 */
export function createSmtpMailer(
  url: string,
  { deadlineMs = SMTP_DEADLINE_MS, pool }: { deadlineMs?: number; pool?: Omit<SmtpPoolOptions, 'deadlineMs'> } = {},
): Mailer {
  if (pool) {
    const smtp = createSmtpPool(url, { ...pool, deadlineMs });
    return {
      async send(message) {
        return smtp.send({ from: message.from, to: envelopeOf(message) }, await compose(message));
      },
      close: () => smtp.close(),
    };
  }
  return {
    async send(message) {
      const raw = await compose(message);
      return exchangeMessage(url, { from: message.from, to: envelopeOf(message) }, raw, deadlineMs);
    },
    // Each send closes its own connection: nothing is held between sends.
    async close() {},
  };
}

export function createOutboxMailer(outboxDir: string): Mailer {
  return {
    async send(message) {
      const raw = await compose(message);
      await mkdir(outboxDir, { recursive: true });
      await writeAtomically(path.join(outboxDir, outboxFileName(message.messageId)), raw);
      return envelopeOf(message).map((address) => ({ address, verdict: 'accepted', response: 'written to the outbox' }));
    },
    // Files are written and closed within each send.
    async close() {},
  };
}

/** `<abc@loans.lahijan>` → `abc@loans.lahijan.eml`; anything odd becomes `_`. */
export const outboxFileName = (messageId: string): string => `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;

// Builds the message only: the transport never connects anywhere.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/** The message as it goes on the wire, CRLF line ends, after its headers are checked. */
async function compose(message: OutgoingMessage): Promise<Buffer> {
  const envelope = envelopeOf(message);
  const headers = [message.messageId, message.from, message.subject, ...message.to, ...envelope];
  if (!headers.every(isHeaderSafe)) throw new Error('refusing a message with control characters in a header');
  if (envelope.length === 0) throw new Error('refusing a message without recipients');
  const info = await composer.sendMail({
    messageId: message.messageId,
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    // Tells other robots not to answer (RFC 3834).
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
  return info.message;
}

// The envelope is exactly the listed recipients; nothing is read out of other headers.
const envelopeOf = (message: OutgoingMessage): string[] => message.deliverTo ?? message.to;

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

import { createHash } from 'node:crypto';

const MAIL_DOMAIN = 'loans.lahijan';
const keyHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * The outbox row's id and the Message-ID of an escalation's email. Both follow from the
 * escalation key alone, so every attempt finds the same row and Message-ID, and a reader of an
 * escalation (the API, the console) finds its email without a join column.
 */
export const outgoingEmailIdFor = (key: string): string => `escalation-${keyHash(key)}`;
export const messageIdFor = (key: string): string => `<${keyHash(key)}@${MAIL_DOMAIN}>`;

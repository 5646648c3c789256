import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { waitKinds } from '../domain/deadlines';
import { categories } from '../domain/vocabulary';
import { parsePayloadKeys } from '../security/payload-keys';

/**
 * Every environment variable the system reads, with its default. Parsed once at start-up;
 * `loadConfig` throws one message listing each missing or invalid variable.
 * Keep `.env.example` and `docker-compose.yml` in step with this list (a test checks both).
 */
/** A few connections carry hundreds of mails a second; most servers allow ten or more per client. */
export const DEFAULT_POOL_CONNECTIONS = 5;
export const DEFAULT_POOL_MESSAGES = 100;
const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const workingDays = z.number().int().min(0).max(365);
function jsonOf<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
/**
 * Express's `trust proxy`: whom to believe about the client's address in X-Forwarded-For.
 * false (the default: the socket's peer is the client), true (anyone: only behind a proxy that
 * overwrites the header), a number of proxy hops, or a comma-separated list of addresses,
 * subnets (10.0.0.0/8) and the names loopback, linklocal, uniquelocal.
 */
export type TrustProxy = boolean | number | string[];
const proxyNames = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (entry: string): boolean => {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
};
const trustProxy = z.string().transform((value, ctx): TrustProxy => {
  const text = value.trim().toLowerCase();
  if (text === 'false' || text === 'true') return text === 'true';
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  const wrong = entries.filter((entry) => !proxyNames.includes(entry) && !isProxyAddress(entry));
  if (entries.length === 0 || wrong.length > 0) {
    ctx.addIssue({ code: 'custom', message: `must be false, true, a number of hops, or addresses, subnets and ${proxyNames.join('/')}; not ${wrong.join(', ') || 'empty'}` });
    return z.NEVER;
  }
  return entries;
});

const emailList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.email()));

/** `saturday 08:00`: a weekday and a 24-hour time, read in Tehran time by the digest's Schedule. */
const digestWeekdays = ['saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
export type DigestWeekday = Uppercase<(typeof digestWeekdays)[number]>;
export interface DigestTime { dayOfWeek: DigestWeekday; hour: number; minute: number }
const digestSchedule = z.string().transform((value, ctx): DigestTime => {
  const match = /^\s*([a-z]+)\s+([01]?\d|2[0-3]):([0-5]\d)\s*$/i.exec(value);
  const day = match?.[1]?.toLowerCase();
  if (!match || !digestWeekdays.some((d) => d === day)) {
    ctx.addIssue({ code: 'custom', message: 'must be a weekday and a time, e.g. "saturday 08:00"' });
    return z.NEVER;
  }
  return { dayOfWeek: day!.toUpperCase() as DigestWeekday, hour: Number(match[2]), minute: Number(match[3]) };
});

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** `all` runs the API and the worker in one process; `api` and `worker` run one each. */
  RUN_MODE: z.enum(['all', 'api', 'worker']).default('all'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The address people use to reach the API; links in emails point here. */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  /** Where the embedded database, the Temporal dev server's file and the mail outbox live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL connection string; when unset, an embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Connections to PostgreSQL per process; the worker runs at most this many activities at once. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20),
  /** Workflows a worker keeps in memory between their tasks (the sticky cache); bounds its memory. */
  MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(1000),
  /** host:port where each process (API, worker or both) serves Prometheus metrics at /metrics (the SDK's and ours); unset: none. */
  METRICS_BIND_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464').optional(),
  /** OTLP/HTTP collector (e.g. http://otel-collector:4318): traces go to its /v1/traces; unset: no tracing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Keys that encrypt workflow payloads in Temporal (security/payload-keys.ts): `id:base64,…`, the
   * first encrypts, all decrypt. Unset: the embedded run keeps one in DATA_DIR; api/worker processes write plain.
   */
  PAYLOAD_KEYS: z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      try {
        parsePayloadKeys(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^PAYLOAD_KEYS: /, '') });
      }
    })
    .optional(),
  /**
   * Keys that seal applicants' particulars in the database (security/field-cipher.ts), as
   * PAYLOAD_KEYS: `id:base64,…`, the first seals, all open. With BLIND_INDEX_KEY (32 bytes in
   * base64, never rotated), which finds national ids and names. Unset: the embedded run keeps both
   * in DATA_DIR; api/worker processes refuse to start.
   */
  FIELD_KEYS: z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      try {
        parsePayloadKeys(text, 'FIELD_KEYS');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^FIELD_KEYS: /, '') });
      }
    })
    .optional(),
  BLIND_INDEX_KEY: z
    .string()
    .refine((text) => Buffer.from(text, 'base64').length === 32, 'must be 32 bytes in base64')
    .optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('loan-applications'),
  /** Base URL of the Temporal Web UI, for links to a workflow's history. */
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  /** Start a Temporal dev server from this process (the embedded default). */
  TEMPORAL_DEV_SERVER: booleanFlag.default(false),
  /** Path of the Temporal CLI; found or built into .tools/ when unset. */
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  /** Use the prebuilt workflow bundle at this path instead of bundling at start-up. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** SMTP server, e.g. smtp://mailpit:1025; when unset, mails are written to OUTBOX_DIR. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** SMTP connections a process keeps open and shares between its mails; 0: a new connection per mail. */
  SMTP_POOL_CONNECTIONS: z.coerce.number().int().min(0).max(100).default(DEFAULT_POOL_CONNECTIONS),
  /** Mails one pooled connection carries before it is replaced by a fresh one. */
  SMTP_POOL_MESSAGES: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_POOL_MESSAGES),
  MAIL_FROM: z.email().default('loans@lahijan.example'),
  OUTBOX_DIR: z.string().min(1).optional(),
  /** The governor's office: who receives escalations. */
  GOVERNORS_OFFICE_EMAILS: emailList.default(['governor-office@lahijan.example']),
  /** The province's employment office: the optional higher escalation level. */
  PROVINCE_OFFICE_EMAILS: emailList.default([]),
  /** When the weekly digest is sent, Tehran time: `saturday 08:00` (default), any weekday and HH:MM. */
  DIGEST_SCHEDULE: digestSchedule.default({ dayOfWeek: 'SATURDAY', hour: 8, minute: 0 }),
  /** Who receives the weekly digest; unset: the governor's office (GOVERNORS_OFFICE_EMAILS). */
  DIGEST_RECIPIENTS: emailList.optional(),
  /** Length of one working day in seconds; 86400 in production, seconds in tests. */
  WORKING_DAY_SECONDS: z.coerce.number().positive().default(86400),
  /** Days off each week, comma-separated: `friday` (default) or `thursday,friday`. */
  WEEKEND: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.enum(['saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday'])).min(1).max(6))
    .default(['friday']),
  /** Working days per waiting step, as JSON, e.g. {"bank_review.decision":3}; merged over the defaults. */
  DEADLINE_DAYS: jsonOf(z.partialRecord(z.enum(waitKinds), workingDays)).default({}),
  /** Per-category deadlines as JSON, e.g. {"home_business":{"bank_review.credit_assessment":10}}. */
  CATEGORY_DEADLINE_DAYS: jsonOf(z.partialRecord(z.enum(categories), z.partialRecord(z.enum(waitKinds), workingDays))).default({}),
  /** Working days from the reminder at the deadline to the escalation to the governor's office. */
  ESCALATE_AFTER_DAYS: z.coerce.number().int().min(0).default(2),
  /** Working days between repeated escalations while a case stays stalled. */
  ESCALATION_REPEAT_DAYS: z.coerce.number().int().min(1).default(3),
  /** Escalations to the governor's office after which the province's office is added; unset: never. */
  PROVINCE_AFTER_REPEATS: z.coerce.number().int().min(0).optional(),
  /** Repeats of the escalation for one wait; one interval after the last, an `abandoned` notice ends it. */
  ESCALATION_MAX_REPEATS: z.coerce.number().int().min(0).max(100).default(6),
  /** Working days between the last tranche and the employment follow-up. */
  FOLLOW_UP_AFTER_DAYS: z.coerce.number().int().nonnegative().default(180),
  /** Working days an official may add to one wait, in all (deadline extensions). */
  MAX_EXTENSION_DAYS: z.coerce.number().int().min(0).max(365).default(10),
  /** Years within which a paid facility flags a new application of the same applicant (0: only open ones). */
  DUPLICATE_FACILITY_YEARS: z.coerce.number().int().min(0).max(50).default(5),
  /** Days after an application closes that its applicant's particulars are erased; five years by
   * default, as long as DUPLICATE_FACILITY_YEARS' duplicate check needs the national id. */
  RETENTION_AFTER_CLOSURE_DAYS: z.coerce.number().int().min(1).default(1825),
  /** Four eyes: approvals above this many rials need a second user of the bank (a whole number). */
  SECOND_APPROVAL_ABOVE_RIAL: z.string().regex(/^\d{1,30}$/, 'must be a whole number of rials, e.g. 10000000000').default('10000000000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Seconds the API waits for an answer (from Temporal, the database) before it answers 503 with Retry-After. */
  REQUEST_DEADLINE_SECONDS: z.coerce.number().positive().max(300).default(20),
  /** Which proxies to believe about the client's address (rate limits per address); see TrustProxy. */
  TRUST_PROXY: trustProxy.default(false),
  /** Milliseconds an API key read from the database is trusted: a revocation made in another process is honoured within this (0: read on every request). */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Minutes a console session lives without a request. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Hours a console session lives at most, however busy. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  /** Bytes one attachment may have (PDF, JPEG, PNG); default 10 MiB. Stored in PostgreSQL (bytea). */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(512 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Bytes all of one application's attachments may have together; default 50 MiB. */
  ATTACHMENTS_MAX_BYTES_PER_CASE: z.coerce.number().int().min(1).default(50 * 1024 * 1024),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config extends Environment {
  outboxDir: string;
  embeddedDatabaseDir: string;
  temporalDbFile: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as docker-compose passes them for unset variables.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  return {
    ...values,
    outboxDir: path.resolve(values.OUTBOX_DIR ?? path.join(dataDir, 'outbox')),
    embeddedDatabaseDir: path.join(dataDir, 'pglite'),
    temporalDbFile: path.join(dataDir, 'temporal.sqlite'),
  };
}

export const configVariableNames = Object.keys(environmentSchema.shape);

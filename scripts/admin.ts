import { parseArgs } from 'node:util';
import { z } from 'zod';
import { issueApiKey, revokeApiKey } from '../api/api-keys';
import { USERNAME_PATTERN } from '../api/console/people';
import { createPerson, ID_PATTERN, type PersonRefusal, resetPassword, setUsername } from '../api/console/person-records';
import { type AllocationChangeRequest, AllocationRefusal, allocationsOf, setAllocation } from '../api/allocation-store';
import { purgeExpiredIdempotencyKeys } from '../api/idempotency';
import { lendingAllocationBody } from '../api/schemas/allocations';
import { wholeNumber } from '../api/schemas/fields';
import { type AllocationKind, MAX_JOBS_TARGET } from '../domain/allocations';
import { MAX_PERIOD_YEAR, MIN_PERIOD_YEAR } from '../domain/figures/period';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/prisma-client';
import { organizationKinds, roleFitsKind } from '../domain/organization-kinds';
import { roles } from '../domain/vocabulary';
import { newPayloadKey } from '../security/payload-keys';
import type { FieldCipher } from '../security/field-cipher';
import { rotateFieldKeys } from '../security/field-rotation';
import { fieldCipherOf, newBlindIndexKey } from '../server/field-cipher';
import type { PrismaClient } from '../generated/prisma/client';

/**
 * Managing organizations, users, people who sign in to the console, API keys and annual allocations:
 * `npm run admin -- <command> [--option value]`. Keys and one-time passwords are printed once; only
 * their hashes are stored.
 */
const id = z.string().trim().regex(ID_PATTERN, 'must be lowercase letters, digits and dashes');
const username = z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'must be 3 to 64 lowercase letters, digits, dots, dashes or underscores');
const name = z.string().trim().min(1);
const jalaliYear = wholeNumber(MIN_PERIOD_YEAR, MAX_PERIOD_YEAR);
const allocationAmount = lendingAllocationBody.shape.amount;
/** Who changed an allocation, as its log records it: the command line, and the name given. */
const changedBy = (by: string | undefined): string => `cli:${by ?? 'admin'}`;

const commands = {
  'create-organization': {
    usage: '--id <id> --kind <kind> --name <name> --name-fa <name> [--email <contact email>]',
    options: z.strictObject({ id, kind: z.enum(organizationKinds), name, 'name-fa': name, email: z.email().optional() }),
    async run(prisma: PrismaClient, o: { id: string; kind: (typeof organizationKinds)[number]; name: string; 'name-fa': string; email?: string | undefined }) {
      await prisma.organization.create({ data: { id: o.id, kind: o.kind, name: o.name, nameFa: o['name-fa'], contactEmail: o.email ?? null } });
      return `created organization ${o.id} (${o.kind})`;
    },
  },
  'set-four-eyes': {
    usage: '--bank <id> --on <true|false>',
    options: z.strictObject({ bank: id, on: z.enum(['true', 'false']) }),
    async run(prisma: PrismaClient, o: { bank: string; on: 'true' | 'false' }) {
      const bank = await prisma.organization.findUnique({ where: { id: o.bank } });
      if (bank?.kind !== 'bank') throw new AdminError(`no bank ${o.bank}`);
      await prisma.organization.update({ where: { id: o.bank }, data: { fourEyes: o.on === 'true' } });
      return o.on === 'true'
        ? `four eyes on at ${o.bank}: a second user of the bank confirms each tranche, and each approval above SECOND_APPROVAL_ABOVE_RIAL`
        : `four eyes off at ${o.bank}: one user pays tranches and approves alone`;
    },
  },
  'create-user': {
    usage: '--id <id> --organization <id> --role <agency|bank|official|admin> --name <name> [--email <email>]',
    options: z.strictObject({ id, organization: id, role: z.enum(roles), name, email: z.email().optional() }),
    async run(prisma: PrismaClient, o: { id: string; organization: string; role: (typeof roles)[number]; name: string; email?: string | undefined }) {
      const organization = await prisma.organization.findUnique({ where: { id: o.organization } });
      if (!organization) throw new AdminError(`no organization ${o.organization}`);
      if (!roleFitsKind(o.role, organization.kind)) {
        throw new AdminError(`${withArticle(o.role)} user cannot belong to ${o.organization}, ${withArticle(organization.kind)} organization`);
      }
      await prisma.user.create({ data: { id: o.id, organizationId: o.organization, role: o.role, name: o.name, email: o.email ?? null } });
      return `created user ${o.id} (${o.role} at ${o.organization})`;
    },
  },
  'create-person': {
    usage: '--id <id> --organization <id> --role <agency|bank|official|admin> --name <name> --username <username> [--email <email>]',
    options: z.strictObject({ id, organization: id, role: z.enum(roles), name, username, email: z.email().optional() }),
    async run(prisma: PrismaClient, o: { id: string; organization: string; role: (typeof roles)[number]; name: string; username: string; email?: string | undefined }) {
      const outcome = await createPerson(prisma, { id: o.id, organizationId: o.organization, role: o.role, name: o.name, username: o.username, email: o.email });
      if (!outcome.ok) throw new AdminError(refusalText(outcome.refusal, o));
      return `created person ${o.id} (${o.role} at ${o.organization}), username ${o.username}\none-time password: ${outcome.value}\n${ONCE}`;
    },
  },
  'reset-password': {
    usage: '--user <id>',
    options: z.strictObject({ user: id }),
    async run(prisma: PrismaClient, o: { user: string }) {
      const outcome = await resetPassword(prisma, o.user);
      if (!outcome.ok) throw new AdminError(refusalText(outcome.refusal, o));
      return `new one-time password for ${outcome.value.username}: ${outcome.value.password}\n(their sessions have ended) ${ONCE}`;
    },
  },
  'set-username': {
    usage: '--user <id> --username <username>',
    options: z.strictObject({ user: id, username }),
    async run(prisma: PrismaClient, o: { user: string; username: string }) {
      const outcome = await setUsername(prisma, o.user, o.username);
      if (!outcome.ok) throw new AdminError(refusalText(outcome.refusal, o));
      return `user ${o.user} now signs in as ${o.username} (once a password is issued: reset-password --user ${o.user})`;
    },
  },
  'issue-key': {
    usage: '--user <id> [--label <label>]',
    options: z.strictObject({ user: id, label: name.optional() }),
    async run(prisma: PrismaClient, o: { user: string; label?: string | undefined }) {
      const user = await prisma.user.findUnique({ where: { id: o.user } });
      if (!user) throw new AdminError(`no user ${o.user}`);
      const key = await issueApiKey(prisma, user.id, o.label ?? `key for ${user.name}`);
      return `${key}\n(shown once: store it now; only its hash is kept)`;
    },
  },
  'revoke-key': {
    usage: '--id <key id from list-keys>',
    options: z.strictObject({ id: z.string().min(1) }),
    async run(prisma: PrismaClient, o: { id: string }) {
      if (!(await revokeApiKey(prisma, o.id))) throw new AdminError(`no active key ${o.id}`);
      return `revoked key ${o.id}`;
    },
  },
  'list-keys': {
    usage: '[--user <id>] [--organization <id>]',
    options: z.strictObject({ user: id.optional(), organization: id.optional() }),
    async run(prisma: PrismaClient, o: { user?: string | undefined; organization?: string | undefined }) {
      const keys = await prisma.apiKey.findMany({
        where: { userId: o.user, user: { organizationId: o.organization } },
        include: { user: true },
        orderBy: { createdAt: 'asc' },
      });
      const rows = keys.map((k) =>
        [k.id, k.user.id, k.user.organizationId, k.user.role, k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active', k.createdAt.toISOString(), k.label].join('\t'),
      );
      return ['id\tuser\torganization\trole\tstatus\tcreated\tlabel', ...rows].join('\n');
    },
  },
  'set-lending-allocation': {
    usage: '--year <Jalali year> --bank <id> --amount <rials> [--by <your name>]',
    options: z.strictObject({ year: jalaliYear, bank: id, amount: allocationAmount, by: name.optional() }),
    async run(prisma: PrismaClient, o: { year: number; bank: string; amount: string; by?: string | undefined }) {
      const outcome = await setAllocationOrExplain(prisma, 'lending_allocation', { year: o.year, organizationId: o.bank, value: o.amount, changedBy: changedBy(o.by) });
      return `${outcome.changed ? 'set' : 'unchanged:'} lending allocation of ${o.bank} for ${o.year}: ${outcome.value} rials`;
    },
  },
  'set-jobs-target': {
    usage: '--year <Jalali year> --organization <id> --jobs <number> [--by <your name>]',
    options: z.strictObject({ year: jalaliYear, organization: id, jobs: wholeNumber(0, MAX_JOBS_TARGET), by: name.optional() }),
    async run(prisma: PrismaClient, o: { year: number; organization: string; jobs: number; by?: string | undefined }) {
      const outcome = await setAllocationOrExplain(prisma, 'jobs_target', { year: o.year, organizationId: o.organization, value: String(o.jobs), changedBy: changedBy(o.by) });
      return `${outcome.changed ? 'set' : 'unchanged:'} jobs target of ${o.organization} for ${o.year}: ${outcome.value} jobs`;
    },
  },
  'list-allocations': {
    usage: '--year <Jalali year>',
    options: z.strictObject({ year: jalaliYear }),
    async run(prisma: PrismaClient, o: { year: number }) {
      const { banks, organizations } = await allocationsOf(prisma, o.year);
      const rows = [
        ...banks.map((b) => [b.organizationId, b.kind, 'lending_allocation', b.amount ?? '-', b.updatedBy ?? '', b.updatedAt ?? '']),
        ...organizations.map((a) => [a.organizationId, a.kind, 'jobs_target', a.jobsTarget ?? '-', a.updatedBy ?? '', a.updatedAt ?? '']),
      ];
      return ['organization\tkind\tallocation\tvalue\tset by\tset at', ...rows.map((r) => r.join('\t'))].join('\n');
    },
  },
  'new-payload-key': {
    usage: '',
    options: z.strictObject({}),
    async run() {
      return `${newPayloadKey()}\n(put it first in PAYLOAD_KEYS, keep the old keys after it, and restart every api and worker process)`;
    },
  },
  'new-field-keys': {
    usage: '',
    options: z.strictObject({}),
    async run() {
      return [
        `FIELD_KEYS entry:  ${newPayloadKey()}`,
        `BLIND_INDEX_KEY:   ${newBlindIndexKey()}`,
        'A new deployment sets both. To rotate, put the new entry first in FIELD_KEYS (keep the old ones after it)',
        'and restart every api and worker process, run rotate-field-keys, then drop the old key.',
        'Keep BLIND_INDEX_KEY: a new one would leave every row unfindable until re-indexed.',
      ].join('\n');
    },
  },
  'rotate-field-keys': {
    usage: '[--batch-size <rows>]',
    options: z.strictObject({ 'batch-size': wholeNumber(1, 100_000).optional() }),
    async run(prisma: PrismaClient, o: { 'batch-size'?: number | undefined }, keys: AdminKeys) {
      const cipher = await keys.fieldCipher();
      const counts = await rotateFieldKeys(prisma, cipher, { batchSize: o['batch-size'] });
      return `sealed under ${cipher.currentKeyId}: ${counts.applicants} applicants, ${counts.steps} submit steps, ${counts.idempotentResponses} idempotent responses`;
    },
  },
  'purge-idempotency-keys': {
    usage: '',
    options: z.strictObject({}),
    async run(prisma: PrismaClient) {
      return `deleted ${await purgeExpiredIdempotencyKeys(prisma)} expired idempotency keys`;
    },
  },
} as const;

export class AdminError extends Error {}

const withArticle = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
const ONCE = '(shown once: hand it over now; it must be changed at the first sign-in)';

/** A refusal of the people's records, in the words of the command line. */
function refusalText(refusal: PersonRefusal, o: { id?: string; user?: string; organization?: string; role?: string; username?: string }): string {
  if (refusal.problem === 'taken') return refusal.field === 'id' ? `a user ${o.id} already exists` : `the username ${o.username} is taken`;
  if (refusal.problem === 'wrongKind') return `${withArticle(o.role ?? '')} user cannot belong to ${o.organization}, ${withArticle(refusal.kind)} organization`;
  if (refusal.problem === 'noUsername') return `user ${o.user} has no username (a program only): set-username first`;
  return refusal.field === 'organization' ? `no organization ${o.organization}` : `no user ${o.user}`;
}

async function setAllocationOrExplain(prisma: PrismaClient, kind: AllocationKind, request: AllocationChangeRequest) {
  try {
    return await setAllocation(prisma, kind, request);
  } catch (error) {
    throw error instanceof AllocationRefusal ? new AdminError(error.message) : error;
  }
}

export const usage = (): string =>
  ['usage: npm run admin -- <command> [options]', ...Object.entries(commands).map(([c, { usage: u }]) => `  ${c} ${u}`)].join('\n');

/** The field keys, read only by the commands that need them (from config in main). */
export interface AdminKeys {
  fieldCipher: () => Promise<FieldCipher>;
}
const noKeys: AdminKeys = { fieldCipher: () => Promise.reject(new AdminError('FIELD_KEYS and BLIND_INDEX_KEY are needed')) };

/** Runs one command and returns what to print; throws AdminError with a message for the user. */
export async function runAdmin(prisma: PrismaClient, argv: string[], keys: AdminKeys = noKeys): Promise<string> {
  const [name, ...rest] = argv;
  const command = name ? commands[name as keyof typeof commands] : undefined;
  if (!command) throw new AdminError(name ? `unknown command ${name}\n${usage()}` : usage());
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: rest, options: optionsOf(command.options), strict: true }).values;
  } catch (error) {
    throw new AdminError(`${(error as Error).message}\nusage: ${name} ${command.usage}`);
  }
  const parsed = command.options.safeParse(values);
  if (!parsed.success) {
    throw new AdminError(`${parsed.error.issues.map((i) => `--${i.path.join('.') || '?'}: ${i.message}`).join('\n')}\nusage: ${name} ${command.usage}`);
  }
  return (command.run as (prisma: PrismaClient, options: unknown, keys: AdminKeys) => Promise<string>)(prisma, parsed.data, keys);
}

function optionsOf(schema: z.ZodObject): Record<string, { type: 'string' }> {
  return Object.fromEntries(Object.keys(schema.shape).map((key) => [key, { type: 'string' as const }]));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.embeddedDatabaseDir, migrate: true });
  try {
    console.log(await runAdmin(database.prisma, process.argv.slice(2), { fieldCipher: () => fieldCipherOf(config) }));
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const known = error instanceof AdminError || (error as { code?: string }).code === 'P2002';
    console.error(known ? (error instanceof AdminError ? error.message : 'already exists') : error);
    process.exit(1);
  });
}

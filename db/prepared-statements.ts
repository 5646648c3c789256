import { createHash } from 'node:crypto';

/**
 * Opt-in prepared statements (issue 13). A statement whose text starts with this comment is
 * given a name, so pg parses it once per connection and PostgreSQL keeps its plan, instead of
 * parsing and planning it on every call (≈0.35 ms for the joined application read).
 *
 * Opt-in, not for all: Prisma's own statements vary in text (an `IN` list has one placeholder
 * per value), and each distinct name stays prepared on the connection for its lifetime.
 * Mark only statements whose text is fixed (or takes a few variants) and whose columns are
 * listed rather than `*`. A migration that changes what a prepared statement returns (a column
 * added under `SELECT *`, a returned column's type) makes PostgreSQL refuse it with "cached plan
 * must not change result type". Migrations run before a process's first query, so only a process
 * outliving another's migration meets it: once per connection, as pg's pool drops a connection
 * whose query failed (test/db/prepared-statements.test.ts). Added columns leave listed ones be.
 * The marker is an ordinary comment, so the embedded PGlite database runs the same text.
 */
export const preparedMarker = '/* prepared */';

/** Names handed out by this process; past this many texts, statements run unprepared. */
export const maxPreparedStatements = 64;

const markedPattern = /^\s*\/\* prepared \*\//;
const names = new Map<string, string>();

/** The statement name for a marked SQL text, stable per text; undefined for any other text. */
export function preparedStatementName(sql: string): string | undefined {
  if (!markedPattern.test(sql)) return undefined;
  const known = names.get(sql);
  if (known !== undefined) return known;
  // A bound on what a marked statement with varying text could leave on each connection.
  if (names.size >= maxPreparedStatements) return undefined;
  // From the text, so two texts never share a name (pg refuses a name reused for another text).
  const name = `prepared_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  names.set(sql, name);
  return name;
}

import type pg from 'pg';
import type { PrismaClient } from '../../generated/prisma/client';

/**
 * The SQL behind each request (figures, listing), captured from Prisma's query log while the
 * request is served, and PostgreSQL's plan for each statement run again with the same parameters
 * (EXPLAIN (ANALYZE, BUFFERS)): what the database actually does, so an index that is missing or
 * unused shows in the bench's output.
 */

export interface CapturedQuery {
  sql: string;
  /** JSON array, as Prisma logs it. */
  params: string;
}

export interface QueryPlan {
  sql: string;
  params: unknown[];
  /** The plan as EXPLAIN prints it, one line per element. */
  plan: string[];
  executionMs: number;
  /** Indexes the plan reads, in plan order. */
  indexes: string[];
}

/** Collects the statements a Prisma client (created with `log: [{ emit: 'event', level: 'query' }]`) sends. */
export function queryRecorder(prisma: PrismaClient) {
  let recording: CapturedQuery[] | null = null;
  (prisma as unknown as { $on(event: 'query', listener: (e: { query: string; params: string }) => void): void }).$on('query', (event) => {
    recording?.push({ sql: event.query, params: event.params });
  });
  return {
    async during(work: () => Promise<unknown>): Promise<CapturedQuery[]> {
      const captured: CapturedQuery[] = [];
      recording = captured;
      try {
        await work();
      } finally {
        recording = null;
      }
      return captured;
    },
  };
}

// EXPLAIN ANALYZE runs the statement: only reads are run again.
const isRead = (sql: string) => /^\s*(SELECT|WITH)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql);

/** Plans each distinct read statement once, in the order first sent. */
export async function explain(client: pg.Client, queries: CapturedQuery[]): Promise<QueryPlan[]> {
  const seen = new Set<string>();
  const plans: QueryPlan[] = [];
  for (const query of queries) {
    const key = `${query.sql}\n${query.params}`;
    if (seen.has(key) || !isRead(query.sql)) continue;
    seen.add(key);
    const params = JSON.parse(query.params) as unknown[];
    const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, params);
    const plan = result.rows.map((row) => row['QUERY PLAN']);
    const execution = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)?.[1]).find(Boolean);
    const indexes = plan.flatMap((line) => {
      const used = /Index (?:Only )?Scan(?: Backward)? using (\S+)|Bitmap Index Scan on (\S+)/.exec(line);
      return used ? [used[1] ?? used[2]!] : [];
    });
    plans.push({ sql: query.sql, params, plan, executionMs: Number(execution ?? Number.NaN), indexes: [...new Set(indexes)] });
  }
  return plans;
}

/** The SQL on few lines: runs of white space made one space. */
export const compactSql = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

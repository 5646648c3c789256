import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { preparedStatementName } from './prepared-statements';

/**
 * The few SQL operations the migrator (and raw maintenance code) needs, over either driver.
 * `session` runs work on one connection: advisory locks and BEGIN/COMMIT belong to a
 * connection, so a pooled executor must not spread them over several.
 */
export interface SqlExecutor {
  /** Runs one or more statements without parameters (a migration script). */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T>;
}

/** An executor over a pg.Pool (each call may use another connection) or one pg connection. */
export function pgExecutor(target: pg.Pool | pg.ClientBase): SqlExecutor {
  const executor: SqlExecutor = {
    async exec(sql) {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await target.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      // A statement marked `/* prepared */` is parsed once per connection (db/prepared-statements.ts).
      const result = await target.query({ name: preparedStatementName(sql), text: sql, values: params });
      return result.rows as T[];
    },
    async session(work) {
      if (!(target instanceof pg.Pool)) return work(executor);
      const client = await target.connect();
      try {
        const result = await work(pgExecutor(client));
        client.release();
        return result;
      } catch (error) {
        // Destroy rather than reuse a connection that may hold a lock or an open transaction.
        client.release(true);
        throw error;
      }
    },
  };
  return executor;
}

/** PGlite is a single connection already, so its session is itself. */
export function pgliteExecutor(db: PGlite): SqlExecutor {
  const executor: SqlExecutor = {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await db.query<T>(sql, params);
      return result.rows;
    },
    session: (work) => work(executor),
  };
  return executor;
}

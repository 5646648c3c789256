import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

/** One relation of a database (table, index, TOAST table, materialized view) and the bytes of its files. */
export interface RelationBytes {
  name: string;
  kind: string;
  bytes: Buffer;
}

/**
 * The raw bytes PostgreSQL keeps on disk for every relation of the connected database, its
 * catalogs included: what a stolen disk or backup shows, dead row versions too. A CHECKPOINT
 * first, so the pages in shared buffers are written out. Reads the server's data directory,
 * so the server must be on this machine and its files readable by this user (here root; the
 * cluster of scripts/ensure-postgres.sh runs as `postgres`, mode 0700): an unreadable file fails
 * the scan rather than leaving it blind. Only the main fork: the free-space and visibility maps hold no data.
 */
export async function relationBytes(client: pg.Client): Promise<RelationBytes[]> {
  await client.query('CHECKPOINT');
  const dataDirectory = (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  const { rows } = await client.query<{ name: string; kind: string; file: string }>(
    // A TOAST table is named after the table whose long values it holds.
    `SELECT n.nspname || '.' || c.relname || COALESCE(' (TOAST of ' || owner.relname || ')', '') AS name, c.relkind AS kind, pg_relation_filepath(c.oid) AS file
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class owner ON c.relkind = 't' AND owner.reltoastrelid = c.oid
      WHERE c.relkind IN ('r', 'i', 't', 'm') AND pg_relation_filepath(c.oid) IS NOT NULL`,
  );
  return Promise.all(rows.map(async (row) => ({ name: row.name, kind: row.kind, bytes: await segmentsOf(path.join(dataDirectory, row.file)) })));
}

/** A relation's file and its 1 GB segments `.1`, `.2`, … (an empty relation may have no file yet). */
async function segmentsOf(file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let segment = 0; ; segment++) {
    try {
      parts.push(await readFile(segment === 0 ? file : `${file}.${segment}`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
      throw error;
    }
  }
  return Buffer.concat(parts);
}

/** The names of the relations whose bytes hold `needle`. */
export const relationsHolding = (relations: readonly RelationBytes[], needle: Buffer): string[] =>
  relations.filter((relation) => relation.bytes.includes(needle)).map((relation) => relation.name);

/**
 * Compression at rest protects nothing (anyone decompresses it), but it would hide a plain value
 * from a byte scan: every text-like column of the application's tables is set to store its
 * values uncompressed (EXTERNAL), before anything is written, so the scan sees what is there.
 */
export async function storeUncompressed(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND (c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea') OR c.data_type = 'ARRAY')`,
  );
  for (const row of rows) await client.query(`ALTER TABLE public."${row.table_name}" ALTER COLUMN "${row.column_name}" SET STORAGE EXTERNAL`);
  return rows.length;
}

import type { SqlExecutor } from '../../db/sql-executor';

/**
 * The parts of a database that Prisma's schema decides, in a form both sides can produce:
 * read from the catalog here, derived from schema.prisma in prisma-schema.ts.
 */
export interface DatabaseShape {
  enums: Record<string, string[]>;
  tables: Record<string, TableShape>;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  /** "name (columns)": names count, as `prisma migrate` compares them too. */
  primaryKey: string;
  /** Unique indexes other than the primary key, "name (a,b)", sorted. */
  uniques: string[];
  indexes: string[];
  /** "name (columns) -> table(columns) ON DELETE x ON UPDATE y", sorted. */
  foreignKeys: string[];
  /** CHECK constraints, "name (columns by name)", sorted: schema.prisma cannot declare them (database-guards.ts does). */
  checks: string[];
  /** "name BEFORE UPDATE OR DELETE FOR EACH ROW function()", sorted; declared in database-guards.ts too. */
  triggers: string[];
}

export interface ColumnShape {
  /** As PostgreSQL's format_type() prints it. */
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

const referentialActions: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

// Lists the attribute names of `keys` (attnums of `rel`) in key order, comma-separated.
const columnList = (keys: string, rel: string) => `(
  SELECT string_agg(a.attname, ',' ORDER BY k.ord)
  FROM unnest(${keys}::int2[]) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.attnum)`;

const inCurrentSchema = 'n.nspname = current_schema()';

export async function readDatabaseShape(executor: SqlExecutor): Promise<DatabaseShape> {
  const shape: DatabaseShape = { enums: {}, tables: {} };
  const table = (name: string): TableShape =>
    (shape.tables[name] ??= emptyTableShape());

  const enumLabels = await executor.query<{ name: string; label: string }>(`
    SELECT t.typname AS name, e.enumlabel AS label
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE ${inCurrentSchema} ORDER BY t.typname, e.enumsortorder`);
  for (const { name, label } of enumLabels) (shape.enums[name] ??= []).push(label);

  const columns = await executor.query<{ table_name: string; column_name: string } & ColumnShape>(`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, a.atthasdef AS "hasDefault"
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${inCurrentSchema} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`);
  for (const { table_name, column_name, type, nullable, hasDefault } of columns) {
    table(table_name).columns[column_name] = { type, nullable, hasDefault };
  }

  const indexes = await executor.query<{
    table_name: string; name: string; is_primary: boolean; is_unique: boolean; columns: string; method: string;
  }>(`
    SELECT c.relname AS table_name, ic.relname AS name, i.indisprimary AS is_primary, i.indisunique AS is_unique, am.amname AS method,
           ${columnList('i.indkey', 'i.indrelid')} AS columns
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${inCurrentSchema}`);
  for (const index of indexes) {
    const t = table(index.table_name);
    // A B-tree is said by nothing: it is every key's and most indexes' method.
    const key = `${index.name} (${index.columns})${index.method === 'btree' ? '' : ` using ${index.method}`}`;
    if (index.is_primary) t.primaryKey = key;
    else (index.is_unique ? t.uniques : t.indexes).push(key);
  }

  const foreignKeys = await executor.query<{
    table_name: string; name: string; columns: string; referenced_table: string; referenced_columns: string;
    on_delete: string; on_update: string;
  }>(`
    SELECT c.relname AS table_name, con.conname AS name, ${columnList('con.conkey', 'con.conrelid')} AS columns,
           r.relname AS referenced_table, ${columnList('con.confkey', 'con.confrelid')} AS referenced_columns,
           con.confdeltype AS on_delete, con.confupdtype AS on_update
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${inCurrentSchema} AND con.contype = 'f'`);
  for (const fk of foreignKeys) {
    table(fk.table_name).foreignKeys.push(
      `${fk.name} (${fk.columns}) -> ${fk.referenced_table}(${fk.referenced_columns}) ` +
        `ON DELETE ${referentialActions[fk.on_delete]} ON UPDATE ${referentialActions[fk.on_update]}`,
    );
  }

  // A check's columns are the ones its expression mentions; listed by name, not by where they appear.
  const checks = await executor.query<{ table_name: string; name: string; columns: string }>(`
    SELECT c.relname AS table_name, con.conname AS name,
           (SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM pg_attribute a
            WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)) AS columns
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${inCurrentSchema} AND con.contype = 'c'`);
  for (const check of checks) table(check.table_name).checks.push(`${check.name} (${check.columns})`);

  const triggers = await executor.query<{ table_name: string; name: string; type: number; function_name: string }>(`
    SELECT c.relname AS table_name, t.tgname AS name, t.tgtype::int AS type, p.proname AS function_name
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${inCurrentSchema} AND NOT t.tgisinternal`);
  for (const trigger of triggers) {
    table(trigger.table_name).triggers.push(`${trigger.name} ${triggerTiming(trigger.type)} ${trigger.function_name}()`);
  }

  for (const t of Object.values(shape.tables)) sortLists(t);
  return shape;
}

export function emptyTableShape(): TableShape {
  return { columns: {}, primaryKey: '', uniques: [], indexes: [], foreignKeys: [], checks: [], triggers: [] };
}

// pg_trigger.tgtype's bits (PostgreSQL's trigger.h), written the way CREATE TRIGGER reads.
function triggerTiming(type: number): string {
  const when = type & 64 ? 'INSTEAD OF' : type & 2 ? 'BEFORE' : 'AFTER';
  const events = [[4, 'INSERT'], [16, 'UPDATE'], [8, 'DELETE'], [32, 'TRUNCATE']] as const;
  const on = events.filter(([bit]) => type & bit).map(([, name]) => name).join(' OR ');
  return `${when} ${on} FOR EACH ${type & 1 ? 'ROW' : 'STATEMENT'}`;
}

export function sortLists(table: TableShape): void {
  table.uniques.sort();
  table.indexes.sort();
  table.foreignKeys.sort();
  table.checks.sort();
  table.triggers.sort();
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withDeclaredGuards } from './database-guards';
import { emptyTableShape, sortLists, type DatabaseShape, type TableShape } from './database-shape';

/**
 * What `prisma migrate` would build from schema.prisma, for the drift test, plus the CHECK
 * constraints and triggers only migrations can add (declared in database-guards.ts). The
 * generated client does not expose the DMMF, so this reads the schema itself: only the syntax
 * this project uses, and it throws on anything it does not know rather than guess.
 */
export const schemaPath = path.resolve(__dirname, '../../prisma/schema.prisma');

export interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: string;
}

export interface SchemaBlock {
  kind: 'model' | 'enum';
  name: string;
  lines: string[];
}

export function readSchemaBlocks(source = readFileSync(schemaPath, 'utf8')): SchemaBlock[] {
  const blocks: SchemaBlock[] = [];
  let current: SchemaBlock | undefined;
  for (const raw of source.split('\n')) {
    const line = stripComment(raw).trim();
    const start = /^(model|enum)\s+(\w+)\s*\{$/.exec(line);
    if (start) blocks.push((current = { kind: start[1] as 'model' | 'enum', name: start[2]!, lines: [] }));
    else if (line === '}') current = undefined;
    else if (current && line) current.lines.push(line);
  }
  return blocks;
}

export function modelFields(block: SchemaBlock): SchemaField[] {
  return block.lines
    .filter((line) => !line.startsWith('@@'))
    .map((line) => {
      const match = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
      if (!match) throw new Error(`Cannot read field of ${block.name}: ${line}`);
      const [, name = '', type = '', modifier, attributes = ''] = match;
      return { name, type, optional: modifier === '?', list: modifier === '[]', attributes };
    });
}

export function expectedDatabaseShape(blocks = readSchemaBlocks()): DatabaseShape {
  const models = new Map(blocks.filter((b) => b.kind === 'model').map((b) => [b.name, b]));
  const enums = new Map(blocks.filter((b) => b.kind === 'enum').map((b) => [b.name, b]));
  const tableName = (model: SchemaBlock) => stringArg(blockAttribute(model, '@@map')) ?? model.name;
  const columnName = (field: SchemaField) => stringArg(attribute(field.attributes, '@map')) ?? field.name;
  const columnsOf = (model: SchemaBlock, names: string[]) =>
    names.map((n) => columnName(modelFields(model).find((f) => f.name === n) ?? fail(`${model.name}.${n}?`))).join(',');

  const shape: DatabaseShape = { enums: {}, tables: {} };
  for (const e of enums.values()) {
    if (blockAttribute(e, '@@map') !== undefined || e.lines.some((l) => l.includes('@map'))) fail('mapped enums');
    shape.enums[e.name] = e.lines;
  }
  for (const model of models.values()) {
    const unknown = model.lines.find((l) => l.startsWith('@@') && !/^@@(map|id|unique|index)\(/.test(l));
    if (unknown) fail(`${model.name}: ${unknown}`);
    const table: TableShape = emptyTableShape();
    for (const field of modelFields(model)) {
      const target = models.get(field.type);
      if (target) {
        const relation = attribute(field.attributes, '@relation');
        if (relation?.includes('fields:')) table.foreignKeys.push(foreignKey(model, relation, target));
        continue;
      }
      const type = enums.has(field.type) ? quoteIdentifier(field.type) : columnType(field);
      table.columns[columnName(field)] = {
        type: field.list ? scalarListType(model, field, type) : type,
        // A list is never optional in schema.prisma, so NOT NULL; `prisma migrate` omits that
        // (prisma/prisma#4729) and its diff cannot see it, so migrations must say it themselves.
        nullable: field.optional,
        hasDefault: hasDatabaseDefault(field.attributes),
      };
      const id = attribute(field.attributes, '@id');
      const unique = attribute(field.attributes, '@unique');
      if (id !== undefined) table.primaryKey = keyName(id, tableName(model), [columnName(field)], 'pkey');
      if (unique !== undefined) table.uniques.push(keyName(unique, tableName(model), [columnName(field)], 'key'));
    }
    const key = (args: string, suffix: string) =>
      keyName(args, tableName(model), columnsOf(model, fieldList(args)).split(','), suffix);
    for (const args of blockAttributes(model, '@@id')) table.primaryKey = key(args, 'pkey');
    for (const args of blockAttributes(model, '@@unique')) table.uniques.push(key(args, 'key'));
    for (const args of blockAttributes(model, '@@index')) table.indexes.push(key(indexArgs(model, args), 'idx') + (/type:\s*Gin\b/.test(args) ? ' using gin' : ''));
    sortLists(table);
    shape.tables[tableName(model)] = table;
  }
  return withDeclaredGuards(shape);

  function foreignKey(model: SchemaBlock, relation: string, target: SchemaBlock): string {
    const fields = fieldList(/fields:\s*(\[[^\]]*\])/.exec(relation)?.[1] ?? fail(relation));
    const references = fieldList(/references:\s*(\[[^\]]*\])/.exec(relation)?.[1] ?? fail(relation));
    const anyOptional = modelFields(model).some((f) => fields.includes(f.name) && f.optional);
    // Prisma's defaults: an optional relation is cut loose, a required one blocks the delete.
    const onDelete = /onDelete:\s*(\w+)/.exec(relation)?.[1] ?? (anyOptional ? 'SetNull' : 'Restrict');
    const onUpdate = /onUpdate:\s*(\w+)/.exec(relation)?.[1] ?? 'Cascade';
    const name = keyName(relation, tableName(model), columnsOf(model, fields).split(','), 'fkey');
    const referenced = `${tableName(target)}(${columnsOf(target, references)})`;
    return `${name} -> ${referenced} ON DELETE ${sqlAction(onDelete)} ON UPDATE ${sqlAction(onUpdate)}`;
  }
}

// "name (columns)", with the name Prisma gives a key or index unless `map:` names it.
function keyName(args: string, table: string, columns: string[], suffix: string): string {
  const defaultName = suffix === 'pkey' ? `${table}_pkey` : `${table}_${columns.join('_')}_${suffix}`;
  const name = /map:\s*"([^"]*)"/.exec(args)?.[1] ?? defaultName;
  // Prisma shortens names beyond PostgreSQL's 63 bytes by rules this reader does not copy.
  if (Buffer.byteLength(name) > 63) fail(`the default name of a key on ${table}(${columns.join(',')})`);
  return `${name} (${columns.join(',')})`;
}

// PostgreSQL's array of the scalar type; only the plain lists this project uses.
function scalarListType(model: SchemaBlock, field: SchemaField, type: string): string {
  if (/@db\./.test(field.attributes)) fail(`native type of scalar list ${model.name}.${field.name}`);
  const initial = attribute(field.attributes, '@default');
  if (initial !== undefined && initial.replace(/\s/g, '') !== '[]') fail(`default ${initial} of ${model.name}.${field.name}`);
  return `${type}[]`;
}

// `@@index(...)` arguments this reader understands: plain fields, `map:`, and `type: Gin` or BTree
// (the access method, compared with the catalog's). A field's sort or operator class is not
// compared, so it is refused rather than passed unchecked.
function indexArgs(model: SchemaBlock, args: string): string {
  const rest = args.replace(/^\s*\[[\w\s,]*\]/, '').replace(/,\s*map:\s*"[^"]*"/, '').replace(/,\s*type:\s*(Gin|BTree)\b/, '');
  if (rest.trim() !== '') fail(`@@index(${args}) of ${model.name}`);
  return args;
}

// Prisma's PostgreSQL type for each scalar, as format_type() prints it.
const defaultTypes: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function columnType(field: SchemaField): string {
  const native = /@db\.(\w+)(?:\(([^)]*)\))?/.exec(field.attributes);
  if (!native) return defaultTypes[field.type] ?? fail(`type ${field.type}`);
  const args = native[2]?.replace(/\s/g, '');
  switch (native[1]) {
    case 'Text': return 'text';
    case 'VarChar': return args ? `character varying(${args})` : 'character varying';
    case 'Uuid': return 'uuid';
    case 'Integer': return 'integer';
    case 'SmallInt': return 'smallint';
    case 'BigInt': return 'bigint';
    case 'Decimal': return `numeric(${args ?? '65,30'})`;
    case 'Timestamptz': return `timestamp(${args ?? 6}) with time zone`;
    case 'Timestamp': return `timestamp(${args ?? 6}) without time zone`;
    case 'Date': return 'date';
    case 'JsonB': return 'jsonb';
    default: return fail(`native type @db.${native[1]}`);
  }
}

// Defaults that Prisma Client fills in itself leave no default in the database.
function hasDatabaseDefault(attributes: string): boolean {
  const value = attribute(attributes, '@default');
  return value !== undefined && !/^(uuid|cuid|nanoid|ulid)\(/.test(value);
}

function sqlAction(action: string): string {
  const actions: Record<string, string> = {
    Cascade: 'CASCADE', Restrict: 'RESTRICT', NoAction: 'NO ACTION', SetNull: 'SET NULL', SetDefault: 'SET DEFAULT',
  };
  return actions[action] ?? fail(`referential action ${action}`);
}

/** The argument text of `name(...)` in `text` ('' when written without parentheses). */
function attribute(text: string, name: string): string | undefined {
  const match = new RegExp(`${name.replace(/[.@]/g, '\\$&')}(?![\\w.])`).exec(text);
  if (!match) return undefined;
  let i = match.index + match[0].length;
  if (text[i] !== '(') return '';
  const start = ++i;
  for (let depth = 1; depth > 0; i++) {
    if (i >= text.length) fail(`unbalanced ${name} in ${text}`);
    if (text[i] === '(') depth++;
    if (text[i] === ')') depth--;
  }
  return text.slice(start, i - 1);
}

function blockAttributes(block: SchemaBlock, name: string): string[] {
  return block.lines.flatMap((line) => (line.startsWith(`${name}(`) ? [attribute(line, name)!] : []));
}

function blockAttribute(block: SchemaBlock, name: string): string | undefined {
  return blockAttributes(block, name)[0];
}

const stringArg = (args: string | undefined) => (args === undefined ? undefined : /"([^"]*)"/.exec(args)?.[1]);
// "[a, b(sort: Desc)], map: ..." -> ['a', 'b']
const fieldList = (args: string) =>
  (/\[([^\]]*)\]/.exec(args)?.[1] ?? fail(args)).split(',').map((f) => f.replace(/\(.*\)/, '').trim());
const quoteIdentifier = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`);

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== '\\') inString = !inString;
    if (!inString && line.startsWith('//', i)) return line.slice(0, i);
  }
  return line;
}

function fail(what: string): never {
  throw new Error(`prisma-schema.ts cannot read ${what}; extend it before relying on the drift test`);
}

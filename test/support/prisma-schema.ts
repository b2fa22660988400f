import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/** What the schema says about one column, in the terms Postgres reports it. */
export interface ExpectedColumn {
  name: string;
  /** information_schema.columns.udt_name (`text`, `int4`, `_text`, the enum's name, ...). */
  udt: string;
  nullable: boolean;
}

export interface ExpectedIndex {
  name: string;
  unique: boolean;
  columns: string[];
}

export interface ExpectedForeignKey {
  name: string;
  column: string;
  references: string;
  onDelete: 'CASCADE' | 'NO ACTION';
}

export interface ExpectedTable {
  name: string;
  columns: ExpectedColumn[];
  indexes: ExpectedIndex[];
  foreignKeys: ExpectedForeignKey[];
}

const SCALAR_UDT: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Boolean: 'bool',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Bytes: 'bytea',
  Float: 'float8',
};

/** Native types (`@db.<Type>`) a field may declare instead of its scalar's default. */
const NATIVE_UDT: Record<string, string> = {
  Json: 'json',
};

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Reads prisma/schema.prisma and derives the tables `prisma migrate` would create, with Prisma's
 * naming (`<Model>_pkey`, `<Model>_<cols>_key`, `<Model>_<cols>_idx`, `<Model>_<col>_fkey`). Only
 * the constructs this schema uses are understood; anything else fails loudly.
 */
export function expectedTables(schemaPath = join(ROOT, 'prisma', 'schema.prisma')): ExpectedTable[] {
  const text = readFileSync(schemaPath, 'utf8').replace(/\/\/.*$/gm, '');
  const enums = new Set([...text.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1] as string));
  const models = [...text.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)];
  const modelNames = new Set(models.map((m) => m[1] as string));
  return models.map(([, name = '', body = '']) => {
    const table: ExpectedTable = { name, columns: [], indexes: [], foreignKeys: [] };
    for (const raw of body.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      const block = /^@@(unique|index|id)\(\[([^\]]*)\]\)$/.exec(line);
      if (block) {
        const cols = list(block[2] ?? '');
        const kind = block[1];
        if (kind === 'id') table.indexes.push({ name: `${name}_pkey`, unique: true, columns: cols });
        else
          table.indexes.push({
            name: `${name}_${cols.join('_')}_${kind === 'unique' ? 'key' : 'idx'}`,
            unique: kind === 'unique',
            columns: cols,
          });
        continue;
      }
      const field = /^(\w+)\s+(\w+)(\[\]|\?)?\s*(.*)$/.exec(line);
      if (!field) throw new Error(`schema.prisma: cannot read line ${JSON.stringify(line)} of model ${name}`);
      const [, fieldName = '', type = '', modifier, attributes = ''] = field;
      if (modelNames.has(type)) {
        const relation = /@relation\(fields:\s*\[([^\]]*)\],\s*references:\s*\[([^\]]*)\](?:,\s*onDelete:\s*(\w+))?\)/.exec(attributes);
        if (relation) {
          const [column = ''] = list(relation[1] ?? '');
          table.foreignKeys.push({
            name: `${name}_${column}_fkey`,
            column,
            references: `${type}.${list(relation[2] ?? '')[0]}`,
            onDelete: relation[3] === 'Cascade' ? 'CASCADE' : 'NO ACTION',
          });
        }
        continue;
      }
      const native = /@db\.(\w+)/.exec(attributes)?.[1];
      const udt = enums.has(type) ? type : native === undefined ? SCALAR_UDT[type] : NATIVE_UDT[native];
      if (udt === undefined)
        throw new Error(`schema.prisma: unknown type ${type}${native === undefined ? '' : ` @db.${native}`} of ${name}.${fieldName}`);
      const isList = modifier === '[]';
      // Prisma creates scalar lists as nullable array columns.
      table.columns.push({ name: fieldName, udt: isList ? `_${udt}` : udt, nullable: modifier === '?' || isList });
      if (/@id\b/.test(attributes)) table.indexes.push({ name: `${name}_pkey`, unique: true, columns: [fieldName] });
      if (/@unique\b/.test(attributes)) table.indexes.push({ name: `${name}_${fieldName}_key`, unique: true, columns: [fieldName] });
    }
    return table;
  });
}

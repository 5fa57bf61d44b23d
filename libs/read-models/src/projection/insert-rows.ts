import { type Client, type ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A row as a projection writes it: column name → value (JSON-serialisable). */
export type Row = Record<string, unknown>;

/** On a key already present: update these columns, or (none given) keep the stored row. */
export interface OnConflict {
  key: readonly string[];
  update?: readonly string[];
}

/**
 * One INSERT of many rows, typed by the target table's own row type (`jsonb_populate_recordset`),
 * so arrays, jsonb and timestamps arrive as the columns declare them, in one round trip however
 * many rows. Every row has the first row's columns. With `onConflict`, an upsert; rows of one
 * statement must not share a key when it updates (PostgreSQL refuses to update a row twice).
 * jsonb rather than json input: the server parses the array once, and a jsonb column's value is
 * then a slice of it; with json every object is parsed again per row (half the server time of
 * a change request's ~3 KB row).
 */
export async function insertRows(
  tx: ClientBase,
  target: string,
  rows: readonly Row[],
  onConflict?: OnConflict,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).join(', ');
  const update = onConflict?.update ?? [];
  const conflict = !onConflict
    ? ''
    : update.length === 0
      ? `ON CONFLICT (${onConflict.key.join(', ')}) DO NOTHING`
      : `ON CONFLICT (${onConflict.key.join(', ')}) DO UPDATE SET ${update
          .map((column) => `${column} = EXCLUDED.${column}`)
          .join(', ')}`;
  await tx.query(
    `INSERT INTO ${target} (${columns})
     SELECT ${columns} FROM jsonb_populate_recordset(NULL::${target}, $1::jsonb) ${conflict}`,
    [JSON.stringify(rows)],
  );
}

/**
 * Rows that are new to the table (no key of theirs is there yet), written with COPY: the server
 * only converts each field with its column's input function and inserts, a third of the CPU of
 * the same rows through `insertRows` (measured on change requests' rows, ADR 0015). A key that is
 * already there fails the whole statement, as an INSERT would: COPY has no ON CONFLICT. Every row
 * has the first row's columns; values are encoded by the target's column types (a JS array is a
 * PostgreSQL array, or JSON in a json/jsonb column).
 */
export async function copyRows(
  tx: ClientBase,
  target: string,
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const kinds = await columnKinds(tx, target, columns);
  const encoders = columns.map((column) => encoderFor(kinds.get(column)!));
  const stream = tx.query(copyFrom(`COPY ${target} (${columns.join(', ')}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let failed = false;
  done.catch(() => (failed = true)); // awaited below, after the rows are sent
  try {
    // Sent in chunks, yielding between them, so the server converts and inserts one chunk while
    // the next is encoded (and the page read ahead is parsed).
    let chunk = '';
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) chunk += '\t';
        chunk += encoders[i]!(row[columns[i]!]);
      }
      chunk += '\n';
      if (chunk.length >= CHUNK_CHARS) {
        stream.write(chunk);
        chunk = '';
        await new Promise((resolve) => setImmediate(resolve));
        if (failed) break; // the server refused a row: `done` says why
      }
    }
    if (!failed) stream.end(chunk);
  } catch (error) {
    // A value that cannot be encoded: CopyFail ends the COPY, and the connection is usable again.
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  }
  await done;
}

const CHUNK_CHARS = 256 * 1024;

type ColumnKind = 'json' | 'array' | 'scalar';

/**
 * Column kinds per database and table, looked up once per process (a shadow table has its live
 * table's; a column added later by a migration is looked up again when a row first carries it).
 */
const kindsByTable = new Map<string, Map<string, ColumnKind>>();

async function columnKinds(
  tx: ClientBase,
  target: string,
  columns: readonly string[],
): Promise<Map<string, ColumnKind>> {
  const { host, port, database } = tx as Partial<Pick<Client, 'host' | 'port' | 'database'>>;
  const cacheKey = `${host}:${port}/${database}/${target}`;
  const known = kindsByTable.get(cacheKey);
  if (known && columns.every((column) => known.has(column))) return known;
  const { rows } = await tx.query<{ name: string; kind: ColumnKind }>(
    `SELECT a.attname AS name,
            CASE WHEN t.typname IN ('json', 'jsonb') THEN 'json'
                 WHEN t.typcategory = 'A' THEN 'array' ELSE 'scalar' END AS kind
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [target],
  );
  const kinds = new Map(rows.map((row) => [row.name, row.kind]));
  for (const column of columns)
    if (!kinds.has(column)) throw new Error(`${target} has no column ${column}`);
  kindsByTable.set(cacheKey, kinds);
  return kinds;
}

function encoderFor(kind: ColumnKind): (value: unknown) => string {
  switch (kind) {
    case 'json':
      // JSON text escapes its own control characters: only its backslashes need doubling.
      return (value) => {
        if (isAbsent(value)) return NULL;
        const json = JSON.stringify(value);
        return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
      };
    case 'array':
      return (value) => (isAbsent(value) ? NULL : escapeCopy(arrayLiteral(value)));
    case 'scalar':
      return (value) => (isAbsent(value) ? NULL : escapeCopy(scalar(value)));
    default: {
      const unknownKind: never = kind;
      throw new Error(`unknown column kind ${String(unknownKind)}`);
    }
  }
}

const NULL = '\\N';

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') {
    // What insertRows stores for them (JSON turns them into null) would differ from 'NaN'.
    if (!Number.isFinite(value)) throw new Error(`cannot COPY the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  throw new Error(`cannot COPY ${typeof value} into a scalar column`);
}

/** A PostgreSQL array literal: every element quoted, so commas, braces and blanks are data. */
function arrayLiteral(value: unknown): string {
  if (!Array.isArray(value)) throw new Error('cannot COPY a non-array into an array column');
  const elements = value.map((element: unknown) =>
    isAbsent(element)
      ? 'NULL'
      : Array.isArray(element)
        ? arrayLiteral(element)
        : `"${scalar(element).replace(/["\\]/g, '\\$&')}"`,
  );
  return `{${elements.join(',')}}`;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** COPY's text format: backslash, newline, carriage return and tab are escaped; all else is data. */
function escapeCopy(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (ch) => COPY_ESCAPES[ch]!) : text;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

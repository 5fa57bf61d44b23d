import { type Client } from 'pg';
import { createClient } from '@change-ledger/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { copyRows, insertRows, type Row } from './insert-rows';

let database: TestDatabase;
let client: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createClient('insert-rows test', { connectionString: database.url });
  await client.connect();
  for (const name of ['copied', 'inserted'])
    await client.query(
      `CREATE TABLE ${name} (
         id text PRIMARY KEY, title text NOT NULL, tags text[], state jsonb, items jsonb,
         at timestamptz, flag boolean, revision bigint,
         search tsvector GENERATED ALWAYS AS (to_tsvector('english', title)) STORED)`,
    );
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

/** Values that COPY's text format and array literals treat specially, and their neighbours. */
const awkward: Row[] = [
  {
    id: 'a',
    title: 'tab\there, newline\nthere, return\r, backslash \\ and \\N, quote " and \' end',
    tags: ['plain', 'with,comma', 'with "quote"', 'back\\slash', '{braces}', ' blank ', 'NULL', ''],
    state: { text: 'a "quoted" \\ \n\t line', nested: { list: [1, 'two', null] }, empty: '' },
    items: [{ n: 1 }, 'x'],
    at: '2026-11-20T09:00:01.123Z',
    flag: true,
    revision: 42,
  },
  {
    id: 'b',
    title: 'unicode: é ü 漢字 🙂',
    tags: [],
    state: {},
    items: [],
    at: null,
    flag: false,
    revision: 0,
  },
  {
    id: 'c',
    title: '\\N',
    tags: null,
    state: null,
    items: null,
    at: null,
    flag: null,
    revision: null,
  },
];

describe('copyRows', () => {
  it('stores exactly what insertRows stores, awkward values included', async () => {
    await copyRows(client, 'copied', awkward);
    await insertRows(client, 'inserted', awkward);
    const read = (table: string) =>
      client.query(`SELECT * FROM ${table} ORDER BY id`).then((result) => result.rows);
    const copied = await read('copied');
    expect(copied).toEqual(await read('inserted'));
    expect(copied.map((row: Row) => row.title)).toEqual(awkward.map((row) => row.title));
    expect(copied[0].tags).toEqual(awkward[0]!.tags);
    expect(copied[0].state).toEqual(awkward[0]!.state);
  });

  it('fails on a key already there, and leaves the connection usable', async () => {
    await client.query('BEGIN');
    await client.query('SAVEPOINT attempt');
    await expect(
      copyRows(client, 'copied', [
        { ...awkward[1]!, id: 'new' },
        { ...awkward[1]!, id: 'a' },
      ]),
    ).rejects.toThrow(/duplicate key/);
    await client.query('ROLLBACK TO SAVEPOINT attempt');
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM copied`);
    await client.query('COMMIT');
    expect(rows[0].n).toBe(3);
  });

  it('fails on a value its column cannot take, and leaves the connection usable', async () => {
    await expect(copyRows(client, 'copied', [{ id: 'd', title: { not: 'text' } }])).rejects.toThrow(
      /cannot COPY object/,
    );
    await expect(copyRows(client, 'copied', [{ id: 'e', title: null }])).rejects.toThrow(
      /not-null/,
    );
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM copied`);
    expect(rows[0].n).toBe(3);
  });

  it('sends many rows in chunks and stores them all', async () => {
    const many = Array.from({ length: 3000 }, (_, n) => ({
      id: `many-${n}`,
      title: `row ${n}`,
      state: { n, padding: 'x'.repeat(200) },
    }));
    await copyRows(client, 'copied', many);
    const { rows } = await client.query(
      `SELECT count(*)::int AS n, sum((state->>'n')::int)::int AS total FROM copied WHERE id LIKE 'many-%'`,
    );
    expect(rows[0]).toEqual({ n: 3000, total: (2999 * 3000) / 2 });
  });
});

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { byCodeUnit } from '../code-unit-order';
import { ExternalLineSort } from './external-sort';

describe('ExternalLineSort', () => {
  let dir = '';
  beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'external-sort-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const collect = async (sort: ExternalLineSort) => {
    const lines: string[] = [];
    for await (const line of sort.sorted()) lines.push(line);
    return lines;
  };
  // Paths as a bundle has them, in the order they are written (not sorted), with duplicates
  // and characters on both sides of '/' and beyond U+FFFF.
  const lines = Array.from({ length: 50 }, (_, n) =>
    n % 7 === 0
      ? `unauthorized/ci-event-${(n * 7919).toString(16)}/events.jsonl`
      : `changes/CHG-2026-${String(97 - n).padStart(3, '0')}${['/', '-', '.', '😀', 'ﬀ'][n % 5]}x`,
  );

  it('gives every line in code-unit order, holding no more than a run in memory', async () => {
    const sort = new ExternalLineSort(dir, 'paths', 3);
    for (const line of [...lines, lines[4]!]) await sort.add(line);
    expect(await collect(sort)).toEqual([...lines, lines[4]!].sort(byCodeUnit));
    expect(sort.mostHeld).toBe(3);
    expect((await readdir(dir)).length).toBe(Math.ceil(51 / 3));
  });

  it('sorts in memory when everything fits in one run', async () => {
    const sort = new ExternalLineSort(dir, 'paths', 100);
    for (const line of lines) await sort.add(line);
    expect(await collect(sort)).toEqual([...lines].sort(byCodeUnit));
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a line holding a newline, and a run of no lines', async () => {
    await expect(new ExternalLineSort(dir, 'paths', 3).add('a\nb')).rejects.toThrow('newline');
    expect(() => new ExternalLineSort(dir, 'paths', 0)).toThrow('runLines');
  });
});

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { byCodeUnit } from '../code-unit-order';
import { SpillFile } from './spill-file';

/**
 * Lines (no newline in them) sorted in code-unit order with at most `runLines` of them in memory:
 * each full run is sorted and spilled to a file, and the runs are merged when read. Small enough
 * to own (no maintained npm package does only this); control-matrix.csv, sorted by path, is
 * written with it so its memory does not grow with the number of files in the bundle.
 */
export class ExternalLineSort {
  /** The most lines held in memory at once, for the test that bounds it. */
  mostHeld = 0;
  private run: string[] = [];
  private readonly runs: SpillFile[] = [];

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly runLines: number,
  ) {
    if (!Number.isInteger(runLines) || runLines < 1)
      throw new RangeError(`runLines must be a positive integer, got ${runLines}`);
  }

  async add(line: string): Promise<void> {
    if (line.includes('\n'))
      throw new Error(`a line to sort holds a newline: ${JSON.stringify(line)}`);
    this.run.push(line);
    this.mostHeld = Math.max(this.mostHeld, this.run.length);
    if (this.run.length >= this.runLines) await this.spill();
  }

  /** Every line added, in order; reads each spilled run once. */
  async *sorted(): AsyncGenerator<string> {
    if (this.runs.length === 0) {
      yield* this.run.sort(byCodeUnit);
      return;
    }
    if (this.run.length > 0) await this.spill();
    const heads = await Promise.all(
      this.runs.map(async (run) => {
        const lines = createInterface({ input: createReadStream(run.path), crlfDelay: Infinity })[
          Symbol.asyncIterator
        ]();
        return { lines, line: await nextLine(lines) };
      }),
    );
    try {
      for (;;) {
        let smallest: (typeof heads)[number] | undefined;
        for (const head of heads)
          if (head.line !== undefined && (!smallest || byCodeUnit(head.line, smallest.line!) < 0))
            smallest = head;
        if (!smallest) return;
        yield smallest.line!;
        smallest.line = await nextLine(smallest.lines);
      }
    } finally {
      // Stopped early (a failed export): close every run's file now, not when collected.
      await Promise.all(heads.map((head) => head.lines.return?.()));
    }
  }

  private async spill(): Promise<void> {
    const file = new SpillFile(this.dir, `${this.name}.run-${this.runs.length}`);
    this.run.sort(byCodeUnit);
    await file.write(this.run.map((line) => `${line}\n`).join(''));
    await file.close();
    this.runs.push(file);
    this.run = [];
  }
}

async function nextLine(lines: AsyncIterator<string>): Promise<string | undefined> {
  const next = await lines.next();
  return next.done ? undefined : next.value;
}

import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import path from 'node:path';

/**
 * A file of the export's temporary folder that what must not stay in memory is written to as it
 * is produced (the population's files, the manifest's lines, the members to export), and read
 * back once, in order, when its place in the archive comes. Writes wait for the disk (`drain`).
 */
export class SpillFile {
  bytes = 0;
  private readonly out: WriteStream;

  constructor(
    dir: string,
    name: string,
    readonly path = join(dir, name),
  ) {
    this.out = createWriteStream(this.path);
  }

  async write(text: string | Buffer): Promise<void> {
    const chunk = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Done writing: the bytes are on disk once this resolves. */
  async close(): Promise<void> {
    this.out.end();
    await finished(this.out);
  }

  read(): Readable {
    return createReadStream(this.path);
  }
}

function join(dir: string, name: string): string {
  if (name.includes('/') || name.includes('\\')) throw new Error(`not a plain file name: ${name}`);
  return path.join(dir, name);
}

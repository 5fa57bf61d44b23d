import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * A witness's own storage: per log origin, the latest checkpoint it cosigned (the note as it was
 * submitted), in `<dir>/logs/<sha256(origin)>.checkpoint`; refused submissions, kept as evidence of
 * a misbehaving log, in `<dir>/evidence/`. Plain files written whole (temp file, fsync, rename):
 * the witness shares nothing with the ledger, least of all its database.
 */
export class WitnessState {
  constructor(private readonly dir: string) {}

  async latest(origin: string): Promise<string | undefined> {
    try {
      return await readFile(this.fileOf(origin), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Durable before it returns: the spec has the witness persist before it answers. */
  async record(origin: string, note: string): Promise<void> {
    await writeDurably(this.fileOf(origin), note);
  }

  async keepEvidence(origin: string, reason: string, request: string): Promise<string> {
    const file = path.join(
      this.dir,
      'evidence',
      `${digest(origin)}-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`,
    );
    await writeDurably(file, `origin: ${origin}\nrefused: ${reason}\n\n${request}`);
    return file;
  }

  private fileOf(origin: string): string {
    return path.join(this.dir, 'logs', `${digest(origin)}.checkpoint`);
  }
}

const digest = (origin: string) => createHash('sha256').update(origin, 'utf8').digest('hex');

async function writeDurably(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

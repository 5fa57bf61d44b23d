import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { type ManifestEntry } from './bundle-format';

type Pack = ReturnType<typeof tarPack>;
import { type SpillFile } from './spill-file';

/** A part of a file written from the temporary folder: text, or a spilled file's whole content. */
export type FilePart = string | SpillFile;

/**
 * The gzip'd tar the bundle is written into (tar-stream + zlib), one member at a time: a member's
 * promise resolves once tar-stream has taken its bytes, which it does only as fast as `out`
 * drains, so a slow disk or a slow client slows the export instead of filling memory. Every
 * member's SHA-256 and size are handed to `record` (the manifest) as it is written. When `out`
 * fails or closes early (a client that went away) the archive is destroyed: the member being
 * written rejects, and `outputFailed` says why, so the producer stops reading.
 */
export class BundleArchive {
  bytes = 0;
  files = 0;
  /** Why `out` failed or closed before the end (a client gone, a full disk), once it has. */
  outputFailed: Error | undefined;
  private aborted = false;
  private readonly tar = tarPack();
  private readonly written: Promise<void>;

  constructor(
    out: Writable,
    private readonly mtime: Date,
    private readonly record: (entry: ManifestEntry) => Promise<void>,
  ) {
    this.written = pipeline(this.tar, coalesced(64 * 1024), createGzip(), out);
    this.written.catch((error: unknown) => {
      if (this.aborted) return;
      this.outputFailed = error instanceof Error ? error : new Error(String(error));
      // A producer waiting on a member must not wait for a stream that will never drain.
      this.tar.destroy(this.outputFailed);
    });
  }

  /** A member held in memory whole (a change's files are small). */
  async add(path: string, content: string | Buffer): Promise<void> {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sha256 = createHash('sha256').update(body).digest('hex');
    await new Promise<void>((resolve, reject) => {
      this.throwIfFailed();
      this.tar.entry(this.header(path, body.length), body, (error) =>
        error ? reject(error) : resolve(),
      );
    });
    await this.recorded({ path, sha256, bytes: body.length });
  }

  /** A member streamed from its parts (a spilled population, the manifest), hashed as it goes. */
  async addParts(path: string, parts: readonly FilePart[]): Promise<{ sha256: string }> {
    this.throwIfFailed();
    const size = parts.reduce(
      (sum, part) =>
        sum + (typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.bytes),
      0,
    );
    const hash = createHash('sha256');
    let entry!: ReturnType<Pack['entry']>;
    const taken = new Promise<void>((resolve, reject) => {
      entry = this.tar.entry(this.header(path, size), (error) =>
        error ? reject(error) : resolve(),
      );
    });
    // Awaited below; until then a destroyed archive must not count as an unhandled rejection.
    taken.catch(() => undefined);
    for (const part of parts) {
      const chunks = typeof part === 'string' ? [Buffer.from(part, 'utf8')] : part.read();
      for await (const chunk of chunks as AsyncIterable<Buffer> | Buffer[]) {
        hash.update(chunk);
        if (!entry.write(chunk)) await Promise.race([once(entry, 'drain'), taken]);
      }
    }
    entry.end(undefined);
    await taken;
    const sha256 = hash.digest('hex');
    await this.recorded({ path, sha256, bytes: size });
    return { sha256 };
  }

  /** Every member is in: write the end of the tar and wait until `out` has all of it. */
  async finish(): Promise<void> {
    this.throwIfFailed();
    this.tar.finalize();
    await this.written;
  }

  /** Stop: the archive is cut, and `out` is closed by the pipeline. */
  async abort(error: Error): Promise<void> {
    this.aborted = true;
    this.tar.destroy(error);
    await this.written.catch(() => undefined);
  }

  private async recorded(entry: ManifestEntry): Promise<void> {
    this.files += 1;
    this.bytes += entry.bytes;
    await this.record(entry);
  }

  private header(name: string, size: number) {
    return { name, size, mtime: this.mtime, mode: 0o644 };
  }

  private throwIfFailed(): void {
    if (this.outputFailed) throw this.outputFailed;
  }
}

/**
 * tar-stream pushes every header, body and padding as a chunk of its own (512 bytes, often), and
 * zlib compresses each write as a task of its own on the thread pool: gathering them into chunks
 * of `size` before gzip made the export's compression several times cheaper (bench:export's CPU
 * profile). Back-pressure is kept: a chunk is passed on only once `size` bytes are there.
 */
function coalesced(size: number): Transform {
  let pending: Buffer[] = [];
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      bytes += chunk.length;
      if (bytes >= size) {
        this.push(Buffer.concat(pending, bytes));
        pending = [];
        bytes = 0;
      }
      done();
    },
    flush(done) {
      if (bytes > 0) this.push(Buffer.concat(pending, bytes));
      done();
    },
  });
}

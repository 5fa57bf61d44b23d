import { createHash, type Hash } from 'node:crypto';
import {
  CONTROL_MATRIX_HEADER,
  controlMatrixRow,
  jsonAroundLastArray,
  type Manifest,
  type ManifestEntry,
  nestedJson,
} from './bundle-format';
import { ExternalLineSort } from './external-sort';
import { type FilePart } from './bundle-archive';
import { SpillFile } from './spill-file';

/**
 * manifest.json and control-matrix.csv without every file's line in memory: each file's entry is
 * appended to a spill file, in manifest.json's own text (`nestedJson`), and hashed as it comes, so
 * the manifest's SHA-256 (what the signature covers) is known without reading it back; its paths
 * go to an external sort for the control matrix, which lists them sorted. The bytes are those of
 * the whole documents stringified at once (write-bundle.int-spec.ts compares them).
 */
export class ManifestWriter {
  private readonly hash: Hash = createHash('sha256');
  private readonly spill: SpillFile;
  private readonly paths: ExternalLineSort;
  private readonly text: ReturnType<typeof jsonAroundLastArray>;
  private entries = 0;
  private matrixWritten = false;
  private finished = false;

  constructor(
    private readonly dir: string,
    head: Omit<Manifest, 'files'>,
    linesInMemory: number,
  ) {
    this.spill = new SpillFile(dir, 'manifest-files');
    this.paths = new ExternalLineSort(dir, 'paths', linesInMemory);
    this.text = jsonAroundLastArray({ ...head, files: [] });
    this.hash.update(this.text.head, 'utf8');
  }

  /** The most paths held in memory at once. */
  get mostHeld(): number {
    return this.paths.mostHeld;
  }

  async record(entry: ManifestEntry): Promise<void> {
    // manifest.json and its signature, written after it, are not listed in it.
    if (this.finished) return;
    const text = `${this.entries === 0 ? '' : ',\n'}${nestedJson(entry, 2)}`;
    this.entries += 1;
    this.hash.update(text, 'utf8');
    await this.spill.write(text);
    if (!this.matrixWritten) await this.paths.add(entry.path);
  }

  /** control-matrix.csv of every path recorded and its own, ready to be streamed into the tar. */
  async controlMatrix(ownPath: string): Promise<FilePart[]> {
    await this.paths.add(ownPath);
    this.matrixWritten = true;
    const csv = new SpillFile(this.dir, 'control-matrix');
    await csv.write(CONTROL_MATRIX_HEADER);
    for await (const path of this.paths.sorted()) await csv.write(controlMatrixRow(path));
    await csv.close();
    return [csv];
  }

  /** manifest.json (every entry recorded so far) and its SHA-256. */
  async finish(): Promise<{ parts: FilePart[]; sha256: string }> {
    this.finished = true;
    await this.spill.close();
    if (this.entries === 0) {
      return {
        parts: [this.text.empty],
        sha256: createHash('sha256').update(this.text.empty, 'utf8').digest('hex'),
      };
    }
    this.hash.update(this.text.tail, 'utf8');
    return { parts: [this.text.head, this.spill, this.text.tail], sha256: this.hash.digest('hex') };
  }
}

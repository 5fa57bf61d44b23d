import { createHash } from 'node:crypto';
import { createServer, get, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { type EventStore } from '@change-ledger/event-store';
import { parseVerifierKey, verifierKey } from '@change-ledger/integrity';
import {
  EXPORT_PERIOD,
  type ExportLedger,
  openExportLedger,
  seedExportLedger,
} from '../../../../test/support/export-ledger';
import { readBundleFiles } from '../../../../test/support/bundle-files';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { populationCsv } from '../population/population';
import { controlMatrixCsv, MANIFEST, MANIFEST_SIGNATURE, type Manifest } from './bundle-format';
import { verifyBundle } from './verify-bundle';
import { type BundleLimits, type BundleSummary, writeEvidenceBundle } from './write-bundle';

jest.setTimeout(120_000);

const CHANGES = 12;
const UNAUTHORIZED = 5;
const NOW = new Date('2026-04-02T00:00:00Z');

describe('writeEvidenceBundle', () => {
  let database: TestDatabase;
  let ledger: ExportLedger;
  let scratch = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const { signingKey } = await seedExportLedger(database.url, {
      changes: CHANGES,
      unauthorized: UNAUTHORIZED,
    });
    ledger = openExportLedger(database.url, signingKey);
    scratch = await mkdtemp(path.join(tmpdir(), 'bundle-int-'));
  });
  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  const exportBundle = async (limits: Partial<BundleLimits>, sources = ledger.sources) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const summary = await writeEvidenceBundle(
      sources,
      { period: EXPORT_PERIOD, now: NOW, limits, tempDir: scratch },
      out,
    );
    return { bytes: Buffer.concat(chunks), summary };
  };

  describe('with pages of 2 members and runs of 3 paths in memory', () => {
    let small: { bytes: Buffer; summary: BundleSummary };
    let files: Map<string, string>;
    const members = CHANGES + UNAUTHORIZED;

    beforeAll(async () => {
      small = await exportBundle({ pageSize: 2, linesInMemory: 3, membersAhead: 1 });
      files = await readBundleFiles(Readable.from([small.bytes]));
    });

    it('reads the population a page at a time and never holds more than 3 paths', () => {
      expect(small.summary.members).toBe(members);
      expect(small.summary.held.populationMembers).toBeLessThanOrEqual(2);
      expect(small.summary.held.manifestPaths).toBeLessThanOrEqual(3);
      // The manifest lists every file; far more than 3 of them went through the sort.
      // 13: README, log (3), policy (2), exceptions (2), population (2), control matrix,
      // manifest and its signature.
      expect(small.summary.files).toBe(13 + CHANGES * 9 + UNAUTHORIZED * 2);
    });

    it('writes the same bytes as with everything in one page and one run', async () => {
      const large = await exportBundle({
        pageSize: 10_000,
        linesInMemory: 10_000,
        membersAhead: 8,
      });
      expect(large.summary.held.populationMembers).toBeGreaterThan(2);
      expect(sha256(large.bytes)).toBe(sha256(small.bytes));
    });

    it('holds what the whole documents give: population, control matrix, manifest', async () => {
      const population = await ledger.sources.populations.population(EXPORT_PERIOD);
      expect(population.members).toHaveLength(members);
      expect(files.get('population.json')).toBe(`${JSON.stringify(population, null, 2)}\n`);
      expect(files.get('population.csv')).toBe(populationCsv(population));
      const paths = [...files.keys()].filter(
        (file) => file !== MANIFEST && file !== MANIFEST_SIGNATURE,
      );
      expect(files.get('control-matrix.csv')).toBe(controlMatrixCsv(paths));
      const manifest = JSON.parse(files.get(MANIFEST)!) as Manifest;
      expect(files.get(MANIFEST)).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
      expect(manifest.files.map((file) => file.path)).toEqual(paths);
      // Unauthorized folders are written in population order, listed in path order.
      const unauthorized = paths.filter((file) => file.startsWith('unauthorized/'));
      expect(unauthorized).not.toEqual([...unauthorized].sort());
    });

    it('verifies offline', async () => {
      const verified = await verifyBundle(Readable.from([small.bytes]), {
        verifierKeys: [parseVerifierKey(verifierKey(ledger.sources.signer))],
      });
      expect(verified.firstFailure).toBeNull();
      expect(verified).toMatchObject({ valid: true, filesChecked: small.summary.files });
    });

    it('leaves nothing in its temporary folder', async () => {
      expect(await readdir(scratch)).toEqual([]);
    });
  });

  it('writes an empty period as a bundle that verifies, with an empty population', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const empty = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') };
    const summary = await writeEvidenceBundle(
      ledger.sources,
      { period: empty, now: NOW, tempDir: scratch },
      out,
    );
    expect(summary.members).toBe(0);
    const bytes = Buffer.concat(chunks);
    const files = await readBundleFiles(Readable.from([bytes]));
    const population = await ledger.sources.populations.population(empty);
    expect(files.get('population.json')).toBe(`${JSON.stringify(population, null, 2)}\n`);
    expect(files.get('population.csv')).toBe(populationCsv(population));
    const verified = await verifyBundle(Readable.from([bytes]), {
      verifierKeys: [parseVerifierKey(verifierKey(ledger.sources.signer))],
    });
    expect(verified.firstFailure).toBeNull();
  });

  it('rejects with the cause when a read fails mid-export, and leaves nothing behind', async () => {
    let changesRead = 0;
    const store: EventStore = Object.create(ledger.store);
    store.readStream = async (streamId, options) => {
      if (streamId.startsWith('change-request-') && ++changesRead === 5)
        throw new Error('connection terminated unexpectedly');
      return ledger.store.readStream(streamId, options);
    };
    const out = new PassThrough();
    out.resume();
    await expect(
      writeEvidenceBundle(
        { ...ledger.sources, store },
        { period: EXPORT_PERIOD, now: NOW, limits: { membersAhead: 2 }, tempDir: scratch },
        out,
      ),
    ).rejects.toThrow('connection terminated unexpectedly');
    expect(out.destroyed).toBe(true);
    expect(await readdir(scratch)).toEqual([]);
  });

  describe('when the client goes away mid-download', () => {
    let server: Server;
    afterEach(
      () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    );

    it('stops reading, rejects with AUDIT.EXPORT_INTERRUPTED and leaves nothing behind', async () => {
      // The third change's read waits until the client has gone: the rest must never be read.
      let changesRead = 0;
      let clientGone!: () => void;
      const gone = new Promise<void>((resolve) => (clientGone = resolve));
      const store: EventStore = Object.create(ledger.store);
      store.readStream = async (streamId, options) => {
        if (streamId.startsWith('change-request-') && ++changesRead === 3) await gone;
        return ledger.store.readStream(streamId, options);
      };
      const exported = new Promise<unknown>((resolve) => {
        server = createServer((_request, response) => {
          response.setHeader('content-type', 'application/gzip');
          response.flushHeaders();
          // Let the pipeline see the close before the read resumes (no timing: the next turn).
          response.on('close', () => setImmediate(clientGone));
          writeEvidenceBundle(
            { ...ledger.sources, store },
            {
              period: EXPORT_PERIOD,
              now: NOW,
              limits: { membersAhead: 1 },
              tempDir: scratch,
            },
            response,
          ).then(resolve, resolve);
        }).listen(0, '127.0.0.1');
      });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as AddressInfo;
      get({ host: '127.0.0.1', port, path: '/' }, (response) => response.destroy());

      const outcome = await exported;
      expect(outcome).toMatchObject({ code: 'AUDIT.EXPORT_INTERRUPTED', kind: 'unavailable' });
      expect(changesRead).toBeLessThan(CHANGES);
      expect(await readdir(scratch)).toEqual([]);
    });
  });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

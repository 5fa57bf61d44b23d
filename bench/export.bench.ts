/**
 * npm run bench:export — the evidence bundle of a period beside `tar` of the same bytes, same
 * run, and the exporter's peak memory at each size, so flatness shows. Not a test: it asserts
 * nothing and prints a table.
 *
 *   BENCH_CHANGES      sizes, completed change requests in the period, 11 events each
 *                      (default "1000,10000"; each size its own database)
 *   BENCH_CPU_PROFILE  a folder: a .cpuprofile of each export (not of the loading) is written there
 *   BENCH_HEAP_CAP_MB  run each export under --max-old-space-size=N: it completes only if its
 *                      memory is bounded
 *   DATABASE_URL       a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *
 * Per size, in a process of its own: 1. `writeEvidenceBundle` of every change (events, inclusion proofs, derived files,
 * summary.html, manifest signed) to a file, with the heap and RSS sampled every 20 ms.
 * 2. The same files extracted to a directory, then `tar -czf` of that directory: what writing
 * the same bytes costs without the ledger's reading, proving and deriving.
 * Run it with `node --expose-gc` (the npm script does) so each export starts from a collected heap.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { type BundleSummary, writeEvidenceBundle } from '@change-ledger/audit';
import { migrateLedger } from '@change-ledger/operations';
import { EXPORT_PERIOD, openExportLedger, seedExportLedger } from '../test/support/export-ledger';
import { openBenchDatabase } from './bench-database';

const SIZES = (process.env.BENCH_CHANGES ?? '1000,10000').split(',').map(Number);
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const HEAP_CAP_MB = process.env.BENCH_HEAP_CAP_MB;

interface Run {
  changes: number;
  summary: BundleSummary;
  exportSeconds: number;
  tarSeconds: number;
  rawBytes: number;
  bundleBytes: number;
  tarBytes: number;
  heapAbove: number;
  retained: number;
  rssAbove: number;
  peakHeap: number;
  peakRss: number;
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [(performance.now() - start) / 1000, result];
}

/** The export of a seeded database, in this process: its memory is the export's alone. */
async function benchExport(url: string, signingKey: string, changes: number): Promise<Run> {
  const ledger = openExportLedger(url, signingKey);
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-export-'));
  try {
    const bundle = path.join(dir, 'evidence.tar.gz');
    const profiler = CPU_PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    global.gc?.();
    const baseline = process.memoryUsage();
    const peak = { heapUsed: baseline.heapUsed, rss: baseline.rss };
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
      peak.rss = Math.max(peak.rss, usage.rss);
    }, 20);
    // What the export keeps, not what it has yet to collect: the heap after a full collection at
    // ten points of the run (ten forced GCs, a few hundred ms in all, are in the timed run).
    let retained = 0;
    const [exportSeconds, summary] = await timed(() =>
      writeEvidenceBundle(
        ledger.sources,
        {
          period: EXPORT_PERIOD,
          now: new Date(),
          onProgress: ({ members, of }) => {
            if (!global.gc || members % Math.max(1, Math.floor(of / 10)) !== 0) return;
            global.gc();
            retained = Math.max(retained, process.memoryUsage().heapUsed - baseline.heapUsed);
          },
        },
        createWriteStream(bundle),
      ),
    );
    clearInterval(sampler);
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      await mkdir(CPU_PROFILE!, { recursive: true });
      await writeFile(
        path.join(CPU_PROFILE!, `export-${changes}.cpuprofile`),
        JSON.stringify(profile),
      );
      profiler.disconnect();
    }

    // The same bytes, extracted, then written by tar.
    const files = path.join(dir, 'files');
    await mkdir(files);
    const extract = tarExtract();
    const reading = pipeline(createReadStream(bundle), createGunzip(), extract);
    let rawBytes = 0;
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
      const target = path.join(files, entry.header.name);
      await mkdir(path.dirname(target), { recursive: true });
      const body = Buffer.concat(chunks);
      rawBytes += body.length;
      await writeFile(target, body);
    }
    await reading;
    const [tarSeconds] = await timed(async () =>
      execFileSync('tar', ['-czf', path.join(dir, 'plain.tar.gz'), '-C', files, '.']),
    );
    return {
      changes,
      summary,
      exportSeconds,
      tarSeconds,
      rawBytes,
      bundleBytes: (await stat(bundle)).size,
      tarBytes: (await stat(path.join(dir, 'plain.tar.gz'))).size,
      heapAbove: peak.heapUsed - baseline.heapUsed,
      retained,
      rssAbove: peak.rss - baseline.rss,
      peakHeap: peak.heapUsed,
      peakRss: peak.rss,
    };
  } finally {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Each size seeded here, then exported in a process of its own: RSS never shrinks, so the
 * loading's (or a smaller size's) peak would hide the export's.
 */
async function runSize(changes: number): Promise<Run> {
  const bench = await openBenchDatabase();
  try {
    console.error(`${bench.description}, ${changes} change requests`);
    await migrateLedger(bench.url, { eventsInPostgres: true });
    const { signingKey } = await seedExportLedger(bench.url, { changes }, (step) =>
      process.stderr.write(`${step}\n`),
    );
    process.stderr.write('exporting…\n');
    const cap = HEAP_CAP_MB ? [`--max-old-space-size=${HEAP_CAP_MB}`] : [];
    const child = spawnSync(process.execPath, [...process.execArgv, ...cap, __filename], {
      env: {
        ...process.env,
        BENCH_EXPORT: JSON.stringify({ url: bench.url, signingKey, changes }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    const line = child.stdout.split('\n').find((text) => text.startsWith(RESULT));
    if (child.status !== 0 || !line)
      throw new Error(`the ${changes}-change export failed (${child.status})`);
    return JSON.parse(line.slice(RESULT.length)) as Run;
  } finally {
    await bench.close();
  }
}

const RESULT = 'BENCH_RESULT ';

async function main(): Promise<void> {
  const one = process.env.BENCH_EXPORT;
  if (one) {
    const { url, signingKey, changes } = JSON.parse(one) as Record<string, string>;
    console.log(
      `${RESULT}${JSON.stringify(await benchExport(url!, signingKey!, Number(changes)))}`,
    );
    return;
  }
  const runs: Run[] = [];
  for (const size of SIZES) runs.push(await runSize(size));
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(
    `\n| changes | files | MiB in files | MiB gzip'd (ours / tar) | export s | tar -czf s | tar ÷ export | heap kept after GC, MiB | peak heap MiB (above start) | peak RSS MiB (above start) |`,
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const run of runs)
    console.log(
      `| ${run.summary.members} | ${run.summary.files} | ${mib(run.rawBytes)} | ${mib(run.bundleBytes)} / ${mib(run.tarBytes)} | ${run.exportSeconds.toFixed(1)} | ${run.tarSeconds.toFixed(1)} | ${(run.tarSeconds / run.exportSeconds).toFixed(2)}× | +${mib(run.retained)} | ${mib(run.peakHeap)} (+${mib(run.heapAbove)}) | ${mib(run.peakRss)} (+${mib(run.rssAbove)}) |`,
    );
  if (HEAP_CAP_MB) console.log(`\neach export ran under --max-old-space-size=${HEAP_CAP_MB}`);
  if (runs.length > 1) {
    const [first, last] = [runs[0]!, runs.at(-1)!];
    const growth = (a: number, b: number) => (a <= 0 ? 'n/a' : `${(b / a).toFixed(2)}×`);
    const from = (pick: (run: Run) => number) => `+${mib(pick(first))} → +${mib(pick(last))} MiB`;
    console.log(
      `\n${last.changes / first.changes}× the changes (${first.changes} → ${last.changes}): ${growth(first.rawBytes, last.rawBytes)} the bytes; ` +
        `heap kept after GC ${from((run) => run.retained)}, peak heap ${from((run) => run.heapAbove)}, peak RSS ${from((run) => run.rssAbove)} above the export's start; ` +
        `most members and manifest paths held at once: ${last.summary.held.populationMembers} and ${last.summary.held.manifestPaths}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

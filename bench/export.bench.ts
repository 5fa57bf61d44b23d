/**
 * npm run bench:export — the evidence bundle of a period beside `tar` of the same bytes, same
 * run, and the exporter's peak memory. Not a test: it asserts nothing and prints a table.
 *
 *   BENCH_CHANGES  completed change requests in the period, 11 events each (default 10000)
 *   DATABASE_URL   a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *
 * 1. `writeEvidenceBundle` of every change (events, inclusion proofs, derived files,
 *    summary.html, manifest signed) to a file, with the heap and RSS sampled every 20 ms.
 * 2. The same files extracted to a directory, then `tar -czf` of that directory: what writing
 *    the same bytes costs without the ledger's reading, proving and deriving.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Pool } from 'pg';
import { extract as tarExtract } from 'tar-stream';
import { PopulationQuery, writeEvidenceBundle } from '@change-ledger/audit';
import { POLICY_VERSIONS_STREAM } from '@change-ledger/change-requests';
import {
  type ChangeContent,
  type ChangeRequestEvent,
  changeRequestStream,
  formatChangeRequestId,
} from '@change-ledger/domain';
import { jsonData, type JsonObject, PostgresEventStore } from '@change-ledger/event-store';
import {
  Checkpointer,
  CheckpointPublisher,
  generateSignerKey,
  LogStore,
  parseSignerKey,
  Sequencer,
} from '@change-ledger/integrity';
import { loadPolicyFile } from '@change-ledger/policy';
import {
  ChangeRequestQueries,
  CiEventQueries,
  PROJECTIONS,
  ProjectionRunner,
} from '@change-ledger/read-models';
import { migrateLedger } from '@change-ledger/operations';
import { openBenchDatabase, quietOnDrop } from './bench-database';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 10_000);
const PERIOD = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

function lifecycle(id: string, n: number, policyVersion: string): ChangeRequestEvent[] {
  const t = (minutes: number) =>
    new Date(PERIOD.from.getTime() + (n % 28) * 86_400_000 + minutes * 60_000).toISOString();
  const stamp = (minutes: number, by = 'user-123') => ({ changeRequestId: id, by, at: t(minutes) });
  const content: ChangeContent = {
    title: `Change ${n}`,
    description: `Rotate the signing keys of service ${n % 50}`,
    businessJustification: 'Key hygiene',
    changeTypeRequested: 'security',
    changeType: 'security',
    category: 'normal',
    priority: 'high',
    urgency: 'medium',
    affectedSystems: ['authentication-service'],
    impactScope: 'internal',
    riskLevel: 'medium',
    riskAssessment: 'Sessions may be refreshed once',
    rollbackPlan: {
      triggerCondition: 'error rate above 1%',
      steps: ['revert the deployment'],
      owner: 'engineer-456',
      verificationSteps: ['error rate back to baseline'],
      timeEstimateMinutes: 10,
    },
    testingRequired: true,
    testPlan: 'The suite CI runs',
    testEnvironment: 'staging',
    securityConsiderations: null,
    implementationPlan: 'Blue/green',
    scheduledFor: null,
    links: { commitSha: `${n.toString(16).padStart(7, '0')}abc` },
    standardTemplateId: null,
  };
  const roles = ['security-team', 'engineering-manager', 'change-manager', 'qa'];
  const approvers = ['sam', 'erin', 'carl', 'quinn'];
  return [
    {
      type: 'ChangeRequestCreated',
      data: { ...stamp(0), content, emergency: false, policyVersion },
    },
    {
      type: 'ChangeRequestSubmitted',
      data: {
        ...stamp(0),
        requiredApprovals: roles.map((role) => ({ role })),
        approvalDueAt: t(1440),
        policyVersion,
        contentVersion: 1,
      },
    },
    ...roles.map((role, i): ChangeRequestEvent => ({
      type: 'ChangeApproved',
      data: {
        ...stamp(60 + i, approvers[i]),
        role,
        comments: 'fine',
        conditions: [],
        contentVersion: 1,
        policyVersion,
        retroactive: false,
      },
    })),
    {
      type: 'ChangeRequestApproved',
      data: {
        ...stamp(63, 'quinn'),
        approvers: roles.map((role, i) => ({ approverId: approvers[i]!, role })),
        policyVersion,
      },
    },
    {
      type: 'ChangeImplementationStarted',
      data: {
        ...stamp(120, 'engineer-456'),
        implementationPlan: 'Blue/green',
        scheduledTime: null,
        maintenanceWindow: false,
        approvedBeforeImplementation: true,
        documentationDueAt: null,
        postHocReviewDueAt: null,
      },
    },
    {
      type: 'ChangeVerified',
      data: {
        ...stamp(160, 'engineer-456'),
        outcome: 'passed',
        monitoringMinutes: 40,
        checks: ['smoke'],
        notes: null,
      },
    },
    {
      type: 'ChangeCompleted',
      data: {
        ...stamp(170, 'engineer-456'),
        testResults: 'green',
        postImplementationReview: null,
        nextReview: t(10_000),
      },
    },
    {
      type: 'ChangeReviewed',
      data: {
        ...stamp(200, 'erin'),
        kind: 'post_implementation',
        findings: 'as planned',
        dueAt: null,
        withinDeadline: null,
      },
    },
  ];
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [(performance.now() - start) / 1000, result];
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  const url = bench.url;
  console.log(`${bench.description}, ${CHANGES} change requests\n`);
  await migrateLedger(url, { eventsInPostgres: true });
  const store = new PostgresEventStore({
    connectionString: url,
    role: 'ledger_writer',
    poolSize: 8,
  });
  const sequencerPool = quietOnDrop(
    new Pool({ connectionString: url, options: '-c role=ledger_sequencer', max: 4 }),
  );
  const projectorPool = quietOnDrop(
    new Pool({ connectionString: url, options: '-c role=ledger_projector', max: 4 }),
  );
  const readerPool = quietOnDrop(
    new Pool({ connectionString: url, options: '-c role=ledger_reader', max: 4 }),
  );
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-export-'));
  try {
    process.stderr.write('loading change requests…\n');
    const loaded = await loadPolicyFile(path.resolve(__dirname, '../config/policy.yaml'));
    const metadata = (at: string) => ({
      actor: {
        id: 'bench',
        kind: 'user' as const,
        roles: ['engineer'],
        authenticatedBy: 'api-token',
      },
      occurredAt: at,
      correlationId: randomUUID(),
      source: { kind: 'api' as const, requestId: randomUUID() },
    });
    await store.appendToStream(
      POLICY_VERSIONS_STREAM,
      [
        {
          id: randomUUID(),
          type: 'PolicyVersionActivated',
          data: {
            version: loaded.policy.version,
            sha256: loaded.sha256,
            source: loaded.source,
            document: loaded.document as JsonObject,
          },
          metadata: metadata(PERIOD.from.toISOString()),
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < CHANGES) {
          const n = next++;
          const id = formatChangeRequestId(2026, n + 1);
          await store.appendToStream(
            changeRequestStream(id),
            lifecycle(id, n, loaded.policy.version).map((event) => ({
              id: randomUUID(),
              type: event.type,
              data: jsonData(event.data),
              metadata: metadata(event.data.at),
            })),
            { expectedRevision: 'no_stream' },
          );
        }
      }),
    );
    process.stderr.write('sequencing, checkpointing, projecting…\n');
    await new Sequencer({ store, pool: sequencerPool }).catchUp(2000);
    const signer = parseSignerKey(generateSignerKey('bench.example/log'));
    await new Checkpointer({
      pool: sequencerPool,
      signer,
      publisher: new CheckpointPublisher([]),
      intervalMs: 0,
    }).checkpoint();
    const runner = new ProjectionRunner({ store, pool: projectorPool, projections: PROJECTIONS });
    for (const projection of PROJECTIONS) await runner.catchUp(projection);

    process.stderr.write('exporting…\n');
    const populations = new PopulationQuery(
      store,
      new ChangeRequestQueries(readerPool),
      new CiEventQueries(readerPool),
    );
    const bundle = path.join(dir, 'evidence.tar.gz');
    global.gc?.();
    const baseline = process.memoryUsage();
    const peak = { heapUsed: baseline.heapUsed, rss: baseline.rss };
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
      peak.rss = Math.max(peak.rss, usage.rss);
    }, 20);
    const [exportSeconds, summary] = await timed(() =>
      writeEvidenceBundle(
        { store, log: new LogStore(readerPool), populations, signer },
        { period: PERIOD, now: new Date() },
        createWriteStream(bundle),
      ),
    );
    clearInterval(sampler);

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
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const bundleBytes = (await stat(bundle)).size;
    const tarBytes = (await stat(path.join(dir, 'plain.tar.gz'))).size;
    console.log("| writer | changes | files | MiB in files | MiB gzip'd | seconds | ratio |");
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| ledger export | ${summary.members} | ${summary.files} | ${mib(rawBytes)} | ${mib(bundleBytes)} | ${exportSeconds.toFixed(1)} | ${(tarSeconds / exportSeconds).toFixed(2)}× |`,
    );
    console.log(
      `| tar -czf of the same files | ${summary.members} | ${summary.files} | ${mib(rawBytes)} | ${mib(tarBytes)} | ${tarSeconds.toFixed(1)} | 1× |`,
    );
    console.log(
      `\nexporter memory: peak heap ${mib(peak.heapUsed)} MiB (${mib(peak.heapUsed - baseline.heapUsed)} above the ${mib(baseline.heapUsed)} MiB before), peak RSS ${mib(peak.rss)} MiB (${mib(peak.rss - baseline.rss)} above); ${summary.events} events proved against checkpoint ${summary.checkpointSize}`,
    );
  } finally {
    await store.close();
    await Promise.all([sequencerPool.end(), projectorPool.end(), readerPool.end()]);
    await rm(dir, { recursive: true, force: true });
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

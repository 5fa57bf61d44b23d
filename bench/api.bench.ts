/**
 * npm run bench:api — the real API (compiled, its own process, PostgreSQL event store) against a
 * bare Node `http` + `pg` server doing the same INSERT / SELECT (bench/bare-pg-server.mjs, its own
 * process), same database server, same run, with autocannon. Not a test: it asserts nothing and
 * prints a table: req/s, p50/p99 latency, answers that were not 2xx (by status), the ratio, and
 * the peak RSS of each server process.
 *
 *   BENCH_API_CONNECTIONS   concurrent connections (default 10)
 *   BENCH_API_SECONDS       seconds per create and get case (default 10)
 *   BENCH_API_APPROVALS     at most this many approvals (default 2000): one per change request
 *                           the create case made, each a first approval
 *   BENCH_API_WARMUP        requests per server before its create case is measured (default 200)
 *   BENCH_API_LOG_LEVEL     the API's LOG_LEVEL (default info: one line per request, as deployed)
 *   BENCH_API_CASES         which cases, comma-separated (default create,create-idempotent,approve,get)
 *   BENCH_API_PROFILE       a directory: the API runs under `node --cpu-prof` and writes there
 *                           (`npm run bench:profile -- <file> <requests>` summarises it)
 *   BENCH_API_NODE_ARGS     more node flags for the API process (`--max-semi-space-size=64`)
 *   BENCH_API_ROOT          another checkout, built, whose API to run (to compare two commits)
 *   DATABASE_URL            a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *
 * Cases: create (POST change-requests), create with an Idempotency-Key (the bare server ignores
 * the header: what it costs shows), approve (POST …/approve, the change manager's first approval
 * of a change the create case made), get (GET one change request, folded from its stream).
 * The API runs as deployed: compiled (`npm run build`, done here when stale), JSON logs to a file,
 * no projector in its process (the projector is its own process in production).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Request, type Result } from 'autocannon';
import { migrateLedger } from '@change-ledger/operations';
import { openBenchDatabase } from './bench-database';

const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const MAX_APPROVALS = Number(process.env.BENCH_API_APPROVALS ?? 2000);
const WARMUP = Number(process.env.BENCH_API_WARMUP ?? 200);
const CASES = new Set(
  (process.env.BENCH_API_CASES ?? 'create,create-idempotent,approve,get').split(','),
);
const ROOT = path.resolve(__dirname, '..');
const API_ROOT = path.resolve(process.env.BENCH_API_ROOT ?? ROOT);
/** USER_HZ: 100 on every Linux build Node runs on. */
const CLOCK_TICKS = 100;
const API_PATH = '/api/v1/change-management/change-requests';

const TOKENS = {
  requester: {
    token: `bench-requester-${randomUUID()}`,
    principal: 'bench-requester',
    roles: ['engineer'],
  },
  approver: {
    token: `bench-approver-${randomUUID()}`,
    principal: 'bench-approver',
    roles: ['change-manager'],
  },
};

/** A low-priority normal change: what most requests are; the change manager approves it. */
const CREATE_BODY = JSON.stringify({
  title: 'Raise the connection pool of the billing service',
  description: 'Measured saturation at peak; raise the pool from 10 to 20 connections.',
  change_type: 'configuration',
  priority: 'low',
  affected_systems: ['billing-service'],
  test_plan: 'Load test in staging at twice the peak',
  rollback_plan: {
    trigger_condition: 'error rate above 1 % for 5 minutes',
    steps: ['revert the configuration commit', 'redeploy'],
    owner: 'bench-requester',
    verification_steps: ['error rate back under 0.1 %'],
    time_estimate_minutes: 10,
  },
});
const APPROVE_BODY = JSON.stringify({ approved: true, comments: 'Looks safe' });

interface Server {
  name: string;
  base: string;
  child: ChildProcess;
  /** Where the routes of change requests are on this server. */
  route: string;
  headers(who: keyof typeof TOKENS): Record<string, string>;
}

interface Measured {
  result: Result;
  perSecond: number;
  /** CPU time (user + system) the server process spent per answered request. */
  cpuMsPerRequest: number;
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  const work = mkdtempSync(path.join(tmpdir(), 'cl-bench-api-'));
  const servers: Server[] = [];
  try {
    console.log(
      `${bench.description}; ${CONNECTIONS} connections, ${SECONDS} s per create and get case, up to ${MAX_APPROVALS} approvals\n`,
    );
    await migrateLedger(bench.url, { eventsInPostgres: true });
    if (API_ROOT === ROOT)
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale'], {
        cwd: ROOT,
        stdio: 'inherit',
      });
    else console.log(`API of ${API_ROOT}`);
    const ledger = await startLedgerApi(bench.url, work);
    const bare = await startBareServer(bench.url);
    servers.push(ledger, bare);

    const rows: string[][] = [];
    const row = (name: string, ours: Measured, baseline: Measured) => {
      rows.push([
        name,
        describe(ours),
        describe(baseline),
        (ours.perSecond / baseline.perSecond).toFixed(3),
      ]);
      console.log(`  done: ${name}`);
    };

    const created = new Map<Server, string[]>([
      [ledger, []],
      [bare, []],
    ]);
    const create = (server: Server, options: { idempotencyKeys?: boolean; amount?: number }) =>
      load(server, {
        amount: options.amount,
        request: {
          method: 'POST',
          path: server.route,
          headers: server.headers('requester'),
          body: CREATE_BODY,
          setupRequest: (request: Request) =>
            options.idempotencyKeys
              ? { ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }
              : request,
          onResponse: (status: number, body: string) => {
            if (status === 201) created.get(server)!.push(JSON.parse(body).change_request_id);
          },
        },
      });

    for (const server of servers) await create(server, { amount: WARMUP });
    if (CASES.has('create')) row('create', await create(ledger, {}), await create(bare, {}));
    if (CASES.has('create-idempotent'))
      row(
        'create, Idempotency-Key',
        await create(ledger, { idempotencyKeys: true }),
        await create(bare, { idempotencyKeys: true }),
      );

    const approvals = Math.min(
      MAX_APPROVALS,
      created.get(ledger)!.length,
      created.get(bare)!.length,
    );
    const eachOnce = (server: Server, suffix: string) => {
      const ids = created.get(server)!.slice(0, approvals);
      let next = 0;
      return (request: Request) => ({
        ...request,
        path: `${server.route}/${ids[next++ % ids.length]}${suffix}`,
      });
    };
    const approve = (server: Server) =>
      load(server, {
        amount: approvals,
        request: {
          method: 'POST',
          headers: server.headers('approver'),
          body: APPROVE_BODY,
          setupRequest: eachOnce(server, '/approve'),
        },
      });
    if (CASES.has('approve'))
      row(`approve (${approvals})`, await approve(ledger), await approve(bare));

    const get = (server: Server) =>
      load(server, {
        request: {
          method: 'GET',
          headers: server.headers('approver'),
          setupRequest: eachOnce(server, ''),
        },
      });
    if (CASES.has('get')) row('get', await get(ledger), await get(bare));

    const rss = servers.map((server) => `${server.name} ${peakRssMb(server.child)} MB`);
    console.log(
      `\nreq/s, p50 / p99 latency, server CPU per request, answers that were not 2xx; ratio = API ÷ bare req/s\n`,
    );
    printTable(['case', 'API', 'bare pg server', 'ratio'], rows);
    console.log(
      `\npeak RSS: ${rss.join(', ')}, this process ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB (now)`,
    );
  } finally {
    for (const server of servers) await stop(server.child);
    rmSync(work, { recursive: true, force: true });
    await bench.close();
  }
}

async function load(
  server: Server,
  options: { amount?: number; request: autocannon.Request },
): Promise<Measured> {
  const cpuBefore = cpuMs(server.child);
  const result = await autocannon({
    url: server.base,
    connections: CONNECTIONS,
    ...(options.amount === undefined ? { duration: SECONDS } : { amount: options.amount }),
    requests: [
      {
        ...options.request,
        headers: { 'content-type': 'application/json', ...options.request.headers },
      },
    ],
  });
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    result,
    perSecond: answered / result.duration,
    cpuMsPerRequest: (cpuMs(server.child) - cpuBefore) / Math.max(answered, 1),
  };
}

function describe({ result, perSecond, cpuMsPerRequest }: Measured): string {
  const failed = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, { count }]) => `${count}×${status}`);
  if (result.errors > 0) failed.push(`${result.errors} errors`);
  return `${perSecond.toFixed(0)}/s, ${result.latency.p50} / ${result.latency.p99} ms, ${cpuMsPerRequest.toFixed(2)} ms CPU${failed.length ? `, ${failed.join(' ')}` : ''}`;
}

async function startLedgerApi(databaseUrl: string, work: string): Promise<Server> {
  const tokensFile = path.join(work, 'tokens.yaml');
  writeFileSync(tokensFile, JSON.stringify(Object.values(TOKENS)));
  const port = await freePort();
  const logFile = path.join(work, 'api.log');
  const profile = process.env.BENCH_API_PROFILE;
  const child = spawn(
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : []),
      ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
      path.join(API_ROOT, 'dist/apps/api/src/main.js'),
    ],
    {
      cwd: API_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        METRICS_PORT: '0',
        LEDGER_TOKENS_FILE: tokensFile,
        LEDGER_DATA_DIR: work,
        LEDGER_RUN_PROJECTOR: 'false',
        LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null || tries > 600)
      throw new Error(`the API did not start:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    const ready = await fetch(`${base}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await sleep(100);
  }
  return {
    name: 'API',
    base,
    child,
    route: API_PATH,
    headers: (who) => ({ authorization: `Bearer ${TOKENS[who].token}` }),
  };
}

async function startBareServer(databaseUrl: string): Promise<Server> {
  const child = spawn(process.execPath, [path.join(__dirname, 'bare-pg-server.mjs')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', POOL_SIZE: '10' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (line: Buffer) => resolve(JSON.parse(line.toString()).port));
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return {
    name: 'bare',
    base: `http://127.0.0.1:${port}`,
    child,
    route: '/change-requests',
    headers: () => ({}),
  };
}

/** CPU time the process has used so far (user + system), from /proc; NaN where there is none. */
function cpuMs(child: ChildProcess): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses, in ticks.
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** The process's peak resident set (VmHWM), read before it is stopped. */
function peakRssMb(child: ChildProcess): number | string {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return 'n/a (no /proc)';
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  // The API writes its CPU profile on a clean exit; give it the time to.
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify as toYaml } from 'yaml';
// Relative: used by test files and benchmarks outside jest's module mapper too.
import { freePort } from '../../libs/local-postgres/src';
import { HAPROXY_CHECKS, PATRONI_DCS } from './ha-topology';

/**
 * A real PostgreSQL cluster for the high-availability tests (issue 29): three PostgreSQL nodes
 * under Patroni, with one etcd as its store of who leads, and HAProxy in front routing by
 * Patroni's REST health checks — `/primary` for the writers' port, `/replica` for the readers'.
 * node-postgres takes one host (libpq's multi-host `target_session_attrs` is not the pure-JS
 * driver's), so the ledger reaches the primary as most Patroni deployments do: through HAProxy.
 *
 * Synchronous replication (`synchronous_mode`): a commit is acknowledged once one standby has
 * it, and Patroni promotes only that standby, so nothing acknowledged is lost by a failover.
 * Patroni 3.0 (Debian 12) has no quorum commit (`synchronous_mode: quorum` came in Patroni 4).
 *
 * Everything runs from Debian's packages (`apt-get install patroni etcd-server haproxy`, which
 * `.ci/run` does) on free loopback ports, in a temporary folder. PostgreSQL refuses to run as
 * root: as root, Patroni (and so PostgreSQL) runs as the `postgres` OS user.
 */
export interface PatroniCluster {
  /** Through HAProxy to whichever node leads (read-write). */
  primaryUrl: string;
  /** Through HAProxy to the replicas, round robin (read-only). */
  replicaUrl: string;
  nodes: readonly string[];
  /** The node that leads now, by Patroni's REST API. */
  leader(): Promise<string>;
  /** Each running node's role as Patroni states it (`leader`, `sync_standby`, `replica`). */
  roles(): Promise<Record<string, string>>;
  /** A planned switchover to another node, waited for until HAProxy routes to it. */
  switchover(): Promise<{ from: string; to: string }>;
  /** The node lost: Patroni and its PostgreSQL killed with SIGKILL. */
  kill(node: string): Promise<void>;
  /** A lost node back: Patroni started again on its data (it rejoins as a replica). */
  restart(node: string): Promise<void>;
  /** Until a leader, a synchronous standby and `running` replicas for every node up. */
  healthy(withinMs?: number): Promise<void>;
  /** Until the primary port answers a read-write query on a node other than `not`. */
  primaryMovedFrom(not: string, withinMs?: number): Promise<string>;
  description: string;
  stop(): Promise<void>;
}

const NODES = ['pg0', 'pg1', 'pg2'] as const;
const SCOPE = 'change-ledger-ha';
const PASSWORD = 'postgres';

export async function startPatroniCluster(): Promise<PatroniCluster> {
  const binDir = requirePackages();
  const dir = await mkdtemp(path.join(tmpdir(), 'change-ledger-patroni-'));
  const asRoot = userInfo().uid === 0;
  const postgresUser = asRoot ? osUser('postgres') : null;
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const keep = (name: string, child: ChildProcess) => {
    const add = (chunk: Buffer) => {
      output.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => `${name}: ${line}`),
      );
      output.splice(0, Math.max(0, output.length - 300));
    };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
    children.push(child);
    return child;
  };
  const explain = (what: string) =>
    new Error(`${what}\nlast lines of etcd, Patroni and HAProxy:\n${output.join('\n')}`);

  const [etcdClient, etcdPeer, writePort, readPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const ports = new Map<string, { pg: number; rest: number }>();
  for (const node of NODES) ports.set(node, { pg: await freePort(), rest: await freePort() });

  keep(
    'etcd',
    spawn(
      'etcd',
      [
        '--name=etcd0',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=etcd0=http://127.0.0.1:${etcdPeer}`,
        '--log-level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );

  const configOf = (node: string) => path.join(dir, `${node}.yml`);
  for (const node of NODES) {
    const { pg, rest } = ports.get(node)!;
    await writeFile(
      configOf(node),
      toYaml({
        scope: SCOPE,
        name: node,
        log: { level: 'WARNING' },
        restapi: { listen: `127.0.0.1:${rest}`, connect_address: `127.0.0.1:${rest}` },
        etcd3: { hosts: `127.0.0.1:${etcdClient}` },
        bootstrap: {
          dcs: PATRONI_DCS,
          initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, { auth: 'trust' }],
        },
        postgresql: {
          listen: `127.0.0.1:${pg}`,
          connect_address: `127.0.0.1:${pg}`,
          data_dir: path.join(dir, node),
          bin_dir: binDir,
          pgpass: path.join(dir, `${node}.pgpass`),
          authentication: {
            superuser: { username: 'postgres', password: PASSWORD },
            replication: { username: 'replicator', password: 'replicator' },
          },
          pg_hba: [
            'local all all trust',
            'host all all 127.0.0.1/32 trust',
            'host replication all 127.0.0.1/32 trust',
          ],
          parameters: { unix_socket_directories: dir },
        },
      }),
    );
  }
  if (postgresUser) await chownTree(dir, postgresUser);

  const patroni = new Map<string, ChildProcess>();
  const startNode = (node: string) => {
    const command = postgresUser
      ? spawn('runuser', ['-u', 'postgres', '--', 'patroni', configOf(node)], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn('patroni', [configOf(node)], { stdio: ['ignore', 'pipe', 'pipe'] });
    patroni.set(node, keep(node, command));
  };
  // One at a time: the first bootstraps the cluster, the others clone it.
  startNode(NODES[0]);
  const rest = (node: string) => `http://127.0.0.1:${ports.get(node)!.rest}`;
  const cluster = async (): Promise<Array<{ name: string; role: string; state: string }>> => {
    for (const node of NODES) {
      try {
        const answer = await fetch(`${rest(node)}/cluster`, { signal: AbortSignal.timeout(2_000) });
        if (answer.ok) return ((await answer.json()) as { members: never[] }).members;
      } catch {
        // that node is down: ask the next
      }
    }
    return [];
  };
  const until = async <T>(withinMs: number, what: string, probe: () => Promise<T | null>) => {
    for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
      const found = await probe();
      if (found !== null) return found;
      await sleep(250);
    }
    throw explain(`The Patroni cluster: ${what} not within ${withinMs} ms`);
  };
  const roles = async () =>
    Object.fromEntries(
      (await cluster())
        .filter((member) => member.state === 'running')
        .map((member) => [member.name, member.role]),
    );
  const leader = () =>
    until(
      30_000,
      'a leader',
      async () => (await cluster()).find((m) => m.role === 'leader')?.name ?? null,
    );
  await leader();
  startNode(NODES[1]);
  startNode(NODES[2]);

  await writeFile(path.join(dir, 'haproxy.cfg'), haproxyConfig(writePort, readPort, ports));
  keep(
    'haproxy',
    spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );

  const primaryUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${writePort}/postgres`;
  const servingPrimary = async (): Promise<string | null> => {
    const answer = spawnSync(
      path.join(binDir, 'psql'),
      ['-X', '-At', '-c', 'SELECT inet_server_port() WHERE NOT pg_is_in_recovery()', primaryUrl],
      { encoding: 'utf8', timeout: 3_000, env: { ...process.env, PGCONNECT_TIMEOUT: '2' } },
    );
    const port = Number(answer.stdout.trim());
    return [...ports].find(([, p]) => p.pg === port)?.[0] ?? null;
  };
  const healthy = async (withinMs = 60_000) => {
    const up = [...patroni].filter(
      ([, child]) => child.exitCode === null && child.signalCode === null,
    );
    await until(withinMs, 'healthy (a leader, a sync standby, every node running)', async () => {
      const now = await roles();
      const running = Object.keys(now).length;
      const synced = Object.values(now).includes('sync_standby') || up.length < 2;
      return Object.values(now).includes('leader') && synced && running === up.length ? true : null;
    });
    await until(withinMs, 'HAProxy routing to the leader', servingPrimary);
  };
  await healthy(120_000);

  const kill = async (node: string) => {
    const pid = await readFile(path.join(dir, node, 'postmaster.pid'), 'utf8').then(
      (text) => Number(text.split('\n')[0]),
      () => 0, // PostgreSQL not running on that node
    );
    const child = patroni.get(node)!;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // runuser's child is Patroni: kill the whole group, then the postmaster it left behind.
    killTree(child.pid!);
    if (pid > 0) killQuietly(pid);
    await exited;
  };

  return {
    primaryUrl,
    replicaUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${readPort}/postgres`,
    nodes: NODES,
    leader,
    roles,
    healthy,
    switchover: async () => {
      const from = await leader();
      const candidate = Object.entries(await roles()).find(
        ([, role]) => role === 'sync_standby',
      )?.[0];
      const answer = await fetch(`${rest(from)}/switchover`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ leader: from, ...(candidate ? { candidate } : {}) }),
      });
      if (!answer.ok) throw explain(`switchover refused: ${answer.status} ${await answer.text()}`);
      const to = await until(60_000, `HAProxy routing away from ${from}`, async () => {
        const now = await servingPrimary();
        return now !== null && now !== from ? now : null;
      });
      return { from, to };
    },
    primaryMovedFrom: (not, withinMs = 60_000) =>
      until(withinMs, `a primary other than ${not} behind HAProxy`, async () => {
        const now = await servingPrimary();
        return now !== null && now !== not ? now : null;
      }),
    kill,
    restart: async (node) => startNode(node),
    description: `Patroni ${patroniVersion()} with etcd, 3 × PostgreSQL (${binDir}), HAProxy, synchronous_mode`,
    stop: async () => {
      // Thrown away with its data: nothing to shut down cleanly.
      for (const child of children.reverse()) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        killTree(child.pid!);
        await exited;
      }
      // A postmaster whose Patroni was killed keeps running on its own: stop them all.
      for (const node of NODES) {
        const pid = await readFile(path.join(dir, node, 'postmaster.pid'), 'utf8').then(
          (text) => Number(text.split('\n')[0]),
          () => 0, // never started, or stopped cleanly
        );
        if (pid > 0) killQuietly(pid);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function haproxyConfig(
  writePort: number,
  readPort: number,
  ports: ReadonlyMap<string, { pg: number; rest: number }>,
): string {
  const servers = [...ports]
    .map(([node, { pg, rest }]) => `    server ${node} 127.0.0.1:${pg} check port ${rest}`)
    .join('\n');
  const backend = (name: string, port: number, check: string, balance = '') => `
listen ${name}
    bind 127.0.0.1:${port}
${balance}    option httpchk GET ${check}
    http-check expect status 200
    default-server ${HAPROXY_CHECKS.serverDefaults}
${servers}
`;
  return `global
    maxconn 1000
defaults
    mode tcp
    retries 2
    timeout connect 4s
    timeout client 30m
    timeout server 30m
    timeout check 2s
${backend('primary', writePort, HAPROXY_CHECKS.primary)}${backend('replicas', readPort, HAPROXY_CHECKS.replicas, '    balance roundrobin\n')}`;
}

/** Debian's packages the cluster needs, or an error that says how to get them. */
function requirePackages(): string {
  const missing = ['patroni', 'etcd', 'haproxy'].filter(
    (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0,
  );
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  const binDir = versions
    .map((version) => `/usr/lib/postgresql/${version}/bin`)
    .find((candidate) => existsSync(path.join(candidate, 'postgres')));
  if (missing.length > 0 || !binDir)
    throw new Error(
      `The high-availability tests run a real Patroni cluster, and this machine lacks ${[
        ...missing,
        ...(binDir ? [] : ['a PostgreSQL server under /usr/lib/postgresql']),
      ].join(
        ', ',
      )}. On Debian or Ubuntu: apt-get install patroni etcd-server haproxy postgresql (.ci/run does it as root).`,
    );
  return binDir;
}

function patroniVersion(): string {
  return (
    spawnSync('patroni', ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').pop() ?? '?'
  );
}

function osUser(name: string): { uid: number; gid: number } {
  const [uid, gid] = ['-u', '-g'].map((flag) =>
    Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim()),
  );
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error(`Running as root, the cluster runs as the '${name}' OS user, which is missing`);
  return { uid: uid!, gid: gid! };
}

async function chownTree(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  await mkdir(dir, { recursive: true });
  spawnSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
  await chown(dir, owner.uid, owner.gid);
}

/** The process and everything it started (runuser → patroni → its helpers). */
function killTree(pid: number): void {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  // Children first, while they can still be found by their parent.
  for (const child of children) killTree(child);
  killQuietly(pid);
}

function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

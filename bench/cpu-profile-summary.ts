/**
 * Where a process's CPU went, from a V8 `.cpuprofile` (written by `node --cpu-prof`, which
 * `bench:api` and `bench:ingest` run their servers under with BENCH_API_PROFILE=<dir> and
 * BENCH_INGESTOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=<dir>"):
 *
 *   npm run bench:profile -- <file.cpuprofile> [per-unit-of-work count]
 *
 * Samples are grouped by who owns the code: a package of node_modules, a library or app of this
 * repository, or Node itself. Native frames (a syscall such as `writev`, `JSON.parse`) and Node's
 * own code count for the nearest caller outside Node, so the socket writes of `pg` count as `pg`
 * and a response's as Express; only what Node does unasked (parsing a request) stays Node's. With a count
 * (requests served, events ingested) each line also says its microseconds per unit.
 */
import { readFileSync } from 'node:fs';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const MODULE_LOADING = 'Node module loading (start-up)';

/** Groups that read better together than as their dozen packages. */
const FAMILIES: [RegExp, string][] = [
  [
    /^(express|router|body-parser|raw-body|content-type|parseurl|finalhandler|send|on-finished|type-is|accepts|negotiator|qs|cookie|etag|fresh|vary|depd|http-errors|statuses|iconv-lite|mime-types|mime-db|encodeurl|escape-html|proxy-addr|forwarded|ipaddr\.js|path-to-regexp|merge-descriptors|utils-merge|media-typer|destroy|unpipe|bytes|ee-first)$/,
    'Express and its middleware',
  ],
  [/^@nestjs\//, 'NestJS'],
  [/^(rxjs|tslib|reflect-metadata)$/, 'NestJS'],
  [
    /^(pino|pino-http|@pinojs\/.*|pino-std-serializers|sonic-boom|fast-redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|thread-stream|safe-stable-stringify)$/,
    'logging (pino)',
  ],
  [
    /^(class-validator|class-transformer|validator|libphonenumber-js)$/,
    'validation (class-validator)',
  ],
  [
    /^(pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-array|postgres-date|postgres-interval|postgres-bytea|buffer-writer|packet-reader|pg-copy-streams)$/,
    'PostgreSQL driver (pg, its socket I/O)',
  ],
];

function owner(location: string): string | null {
  if (location === '') return null;
  const url = location.replace(/^file:\/\//, '');
  // The innermost node_modules: a nested dependency counts for itself.
  const modules = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) {
    const name = modules[1]!;
    return FAMILIES.find(([pattern]) => pattern.test(name))?.[1] ?? name;
  }
  // `apps/<app>/src/` or `libs/<lib>/src/`, compiled or not, wherever the checkout is.
  const ours = /\/(libs|apps)\/([^/]+)\/src\//.exec(url);
  if (ours) return `ledger: ${ours[1]}/${ours[2]}`;
  if (/\/(bench|test|scripts)\//.test(url)) return 'ledger: bench, test and scripts';
  if (url.startsWith('node:')) {
    if (/^node:(_http|http|internal\/http)/.test(url)) return 'Node http';
    if (/^node:(net|internal\/(streams|stream_base_commons|net))/.test(url))
      return 'Node sockets and streams';
    if (/^node:internal\/crypto/.test(url)) return 'Node crypto';
    if (/^node:internal\/modules|^node:internal\/main/.test(url)) return MODULE_LOADING;
    return 'Node, other';
  }
  return url;
}

/** Microseconds sampled per owner. */
export function summarizeProfile(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  // Walking up the stack: the first owner that is not Node itself, so a socket write counts for
  // whoever wrote; loading a module is start-up whoever required it; Node's own otherwise.
  const ownerUp = (id: number): string => {
    let nodeOwn: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const own = owner(byId.get(at)!.callFrame.url);
      if (own === MODULE_LOADING || (own && !own.startsWith('Node'))) return own;
      nodeOwn ??= own;
    }
    return nodeOwn ?? 'V8, not attributed';
  };
  const groupOf = new Map<number, string>();
  const group = (id: number): string => {
    const known = groupOf.get(id);
    if (known) return known;
    const { functionName } = byId.get(id)!.callFrame;
    const found =
      functionName === '(idle)'
        ? 'idle (waiting: on PostgreSQL, Kafka, clients)'
        : functionName === '(garbage collector)'
          ? 'garbage collection'
          : functionName === '(program)' || functionName === '(root)'
            ? 'V8, not attributed'
            : ownerUp(id);
    groupOf.set(id, found);
    return found;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const name = group(id);
    totals.set(name, (totals.get(name) ?? 0) + profile.timeDeltas[index]!);
  });
  return totals;
}

function main(): void {
  const [file, unitsText] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npm run bench:profile -- <file.cpuprofile> [units of work]');
    process.exit(2);
  }
  const totals = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const units = unitsText ? Number(unitsText) : null;
  if (units !== null && !(units > 0)) {
    console.error(`units of work: a positive number, not ${unitsText}`);
    process.exit(2);
  }
  const all = [...totals.values()].reduce((sum, value) => sum + value, 0);
  const idle = [...totals]
    .filter(([name]) => name.startsWith('idle'))
    .reduce((s, [, v]) => s + v, 0);
  console.log(
    `${file}: ${(all / 1e6).toFixed(1)} s sampled, ${((all - idle) / 1e6).toFixed(1)} s busy`,
  );
  console.log(`| owner | share of samples | share of busy time |${units ? ' µs per unit |' : ''}`);
  console.log(`|---|---:|---:|${units ? '---:|' : ''}`);
  for (const [name, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
    if (micros / all < 0.002) continue;
    const busy = name.startsWith('idle') ? '' : `${((micros / (all - idle)) * 100).toFixed(1)} %`;
    const perUnit = units ? ` ${(micros / units).toFixed(1)} |` : '';
    console.log(`| ${name} | ${((micros / all) * 100).toFixed(1)} % | ${busy} |${perUnit}`);
  }
}

if (require.main === module) main();

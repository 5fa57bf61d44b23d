import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type CiFact } from '@change-ledger/domain';
import { decodeCiMessage } from './decode-ci-message';

/**
 * The CDEvents spec's own conformance events (cdevents/spec, `conformance/`, the v0.4.0 and v0.5
 * files; see the SOURCE.md beside each set), byte for byte, each carried as a CloudEvent in binary mode
 * the way the CDEvents CloudEvents binding prescribes (ce_id, ce_source, ce_type from `context`).
 */
const TESTDATA = path.join(__dirname, 'testdata');

function conformanceEvent(file: string, version = 'v0.5') {
  const body = readFileSync(path.join(TESTDATA, `cdevents-${version}`, file));
  const { context } = JSON.parse(body.toString('utf8')) as {
    context: { id: string; source: string; type: string };
  };
  return {
    headers: {
      ce_specversion: '1.0',
      ce_id: context.id,
      ce_source: context.source,
      ce_type: context.type,
      'content-type': 'application/json',
    },
    body,
  };
}

const EXPECTED: Record<string, Partial<CiFact>> = {
  'service_deployed.json': { kind: 'deployment', environment: 'test123', service: 'mySubject123' },
  'service_upgraded.json': { kind: 'deployment' },
  'service_rolledback.json': { kind: 'rollback' },
  'service_removed.json': { kind: 'removal' },
  'pipelinerun_finished.json': { kind: 'pipeline_run', outcome: 'failure' },
  'testsuiterun_finished.json': { kind: 'test_run', outcome: 'failure', severity: 'critical' },
  'incident_detected.json': { kind: 'incident' },
  'incident_reported.json': { kind: 'incident' },
  'incident_resolved.json': { kind: 'incident' },
  'change_reviewed.json': { kind: 'code_review' },
  'change_merged.json': { kind: 'merge' },
};

describe('CDEvents v0.4 and v0.5 conformance events', () => {
  it('covers every CDEvent type the ledger takes', () => {
    const files = Object.keys(EXPECTED);
    expect(files).toHaveLength(11);
    for (const version of ['v0.4', 'v0.5'])
      expect(readdirSync(path.join(TESTDATA, `cdevents-${version}`)).sort()).toEqual(
        expect.arrayContaining(files.sort()),
      );
  });

  describe.each(['v0.4', 'v0.5'])('when each %s file is delivered as a CloudEvent', (version) => {
    it.each(Object.entries(EXPECTED))('takes %s as the fact it reports', (file, expected) => {
      const message = conformanceEvent(file, version);
      const fact = decodeCiMessage(message);
      expect(fact).toMatchObject({
        ...expected,
        format: 'cdevents',
        source: message.headers.ce_source,
        id: message.headers.ce_id,
        sourceType: message.headers.ce_type,
      });
    });
  });

  describe('when customData holds values outside the ledger’s conventions', () => {
    it('maps a severity word it knows, and lists what it left unread instead of refusing', () => {
      const fact = decodeCiMessage(conformanceEvent('incident_reported.json'));
      // The spec's example says `"severity": "medium"`, and a `priority` the ledger does not read.
      expect(fact.incident).toEqual({ id: 'incident-123', severity: 'P3', phase: 'reported' });
      expect(fact.unread).toEqual([
        'context.chainId',
        'context.schemaUri',
        'context.links',
        'subject.source',
        'subject.content.description',
        'subject.content.environment.source',
        'subject.content.service.source',
        'subject.content.ticketURI',
        'customDataContentType',
        'customData.priority',
        'customData.reportedBy',
      ]);
    });

    it('records a review that names no reviewer and states no decision, counting for no one', () => {
      const fact = decodeCiMessage(conformanceEvent('change_reviewed.json'));
      expect(fact.review).toEqual({ reviewer: null, decision: null });
      expect(fact).toMatchObject({ pullRequest: 'mySubject123', repository: 'TestRepo/TestOrg' });
    });

    it('keeps the time to the precision it was written', () => {
      expect(decodeCiMessage(conformanceEvent('testsuiterun_finished.json'))).toMatchObject({
        occurredAt: '2023-03-20T14:27:05.315Z',
        occurredAtReported: '2023-03-20T14:27:05.315384Z',
        outcome: 'failure',
        severity: 'critical',
      });
    });
  });
});

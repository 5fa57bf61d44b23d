import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { type BundleSources, PopulationQuery } from '@change-ledger/audit';
import { ciEventStream, POLICY_VERSIONS_STREAM } from '@change-ledger/change-requests';
import {
  type ChangeContent,
  type ChangeRequestEvent,
  changeRequestStream,
  type CiEventReceipt,
  formatChangeRequestId,
} from '@change-ledger/domain';
import {
  createPool,
  jsonData,
  type JsonObject,
  PostgresEventStore,
} from '@change-ledger/event-store';
import {
  Checkpointer,
  CheckpointPublisher,
  generateSignerKey,
  LogStore,
  parseSignerKey,
  Sequencer,
} from '@change-ledger/integrity';
import { loadPolicyFile } from '@change-ledger/policy';
import {
  PopulationCandidatesQuery,
  PROJECTIONS,
  ProjectionRunner,
} from '@change-ledger/read-models';
import { fact } from '../../libs/domain/src/change-request/testing/specs';

/**
 * A ledger to export from, written straight to the store (no API: thousands of changes load in
 * seconds), sequenced, checkpointed and projected: `changes` completed change requests of
 * March 2026, 11 events each, and `unauthorized` production deployments no change covers. Used
 * by bench/export.bench.ts and the bundle writer's integration test.
 */
export const EXPORT_PERIOD = {
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-04-01T00:00:00Z'),
};

export interface ExportLedger {
  sources: BundleSources;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/** Seeds the ledger; answers the log's signing key (generated) for openExportLedger. */
export async function seedExportLedger(
  url: string,
  counts: { changes: number; unauthorized?: number },
  onStep: (step: string) => void = () => undefined,
): Promise<{ signingKey: string }> {
  const store = writerStore(url);
  const pool = (role: string) =>
    createPool(`export seed (${role})`, {
      connectionString: url,
      options: `-c role=${role}`,
      max: 4,
    });
  const pools = { sequencer: pool('ledger_sequencer'), projector: pool('ledger_projector') };
  try {
    onStep('loading change requests…');
    const loaded = await loadPolicyFile(path.resolve(__dirname, '../../config/policy.yaml'));
    await store.appendToStream(
      POLICY_VERSIONS_STREAM,
      [
        {
          id: randomUUID(),
          type: 'PolicyVersionActivated',
          data: {
            version: loaded.policy.version,
            sha256: loaded.sha256,
            source: loaded.source,
            document: loaded.document as JsonObject,
          },
          metadata: metadata(EXPORT_PERIOD.from.toISOString()),
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < counts.changes) {
          const n = next++;
          const id = formatChangeRequestId(2026, n + 1);
          await store.appendToStream(
            changeRequestStream(id),
            lifecycle(id, n, loaded.policy.version).map((event) => ({
              id: randomUUID(),
              type: event.type,
              data: jsonData(event.data),
              metadata: metadata(event.data.at),
            })),
            { expectedRevision: 'no_stream' },
          );
        }
      }),
    );
    for (let n = 0; n < (counts.unauthorized ?? 0); n++) {
      const receipt = unauthorizedReceipt(n);
      await store.appendToStream(
        ciEventStream(receipt.fact),
        [
          {
            id: randomUUID(),
            type: 'CiEventReceived',
            data: jsonData(receipt),
            metadata: metadata(receipt.fact.occurredAt),
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    }
    onStep('sequencing, checkpointing, projecting…');
    await new Sequencer({ store, pool: pools.sequencer }).catchUp(2000);
    const signingKey = generateSignerKey('export.example/log');
    await new Checkpointer({
      pool: pools.sequencer,
      signer: parseSignerKey(signingKey),
      publisher: new CheckpointPublisher([]),
      intervalMs: 0,
    }).checkpoint();
    const runner = new ProjectionRunner({ store, pool: pools.projector, projections: PROJECTIONS });
    for (const projection of PROJECTIONS) await runner.catchUp(projection);
    return { signingKey };
  } finally {
    await store.close();
    await Promise.all(Object.values(pools).map((each) => each.end()));
  }
}

/** What an export reads, as `ledger export` opens it: the store, the log and the read models. */
export function openExportLedger(url: string, signingKey: string): ExportLedger {
  const store = writerStore(url);
  const reader = createPool('export (ledger_reader)', {
    connectionString: url,
    options: '-c role=ledger_reader',
    max: 4,
  });
  const populations = new PopulationQuery(store, new PopulationCandidatesQuery(reader));
  return {
    store,
    sources: { store, log: new LogStore(reader), populations, signer: parseSignerKey(signingKey) },
    close: async () => {
      await store.close();
      await reader.end();
    },
  };
}

function writerStore(url: string): PostgresEventStore {
  return new PostgresEventStore({ connectionString: url, role: 'ledger_writer', poolSize: 8 });
}

function metadata(at: string) {
  return {
    actor: { id: 'seed', kind: 'user' as const, roles: ['engineer'], authenticatedBy: 'api-token' },
    occurredAt: at,
    correlationId: randomUUID(),
    source: { kind: 'api' as const, requestId: randomUUID() },
  };
}

/** A production deployment nothing covers; ids chosen so their order differs from their streams'. */
function unauthorizedReceipt(n: number): CiEventReceipt {
  const unlinked = fact({
    source: `github.com/acme/service-${n % 3}/actions`,
    id: `deploy-${n}`,
    occurredAt: new Date(EXPORT_PERIOD.from.getTime() + (n + 1) * 3_600_000).toISOString(),
    service: `service-${n % 3}`,
    changeRequestId: null,
  });
  return {
    fact: unlinked,
    contentHash: createHash('sha256').update(JSON.stringify(unlinked)).digest('hex'),
    receivedAt: unlinked.occurredAt,
    link: null,
    unauthorized: { reason: 'no change request covers it (seeded)' },
    reportedTimeFlags: [],
  };
}

function lifecycle(id: string, n: number, policyVersion: string): ChangeRequestEvent[] {
  const t = (minutes: number) =>
    new Date(EXPORT_PERIOD.from.getTime() + (n % 28) * 86_400_000 + minutes * 60_000).toISOString();
  const stamp = (minutes: number, by = 'user-123') => ({ changeRequestId: id, by, at: t(minutes) });
  const content: ChangeContent = {
    title: `Change ${n}`,
    description: `Rotate the signing keys of service ${n % 50}`,
    businessJustification: 'Key hygiene',
    changeTypeRequested: 'security',
    changeType: 'security',
    category: 'normal',
    priority: 'high',
    urgency: 'medium',
    affectedSystems: ['authentication-service'],
    impactScope: 'internal',
    riskLevel: 'medium',
    riskAssessment: 'Sessions may be refreshed once',
    rollbackPlan: {
      triggerCondition: 'error rate above 1%',
      steps: ['revert the deployment'],
      owner: 'engineer-456',
      verificationSteps: ['error rate back to baseline'],
      timeEstimateMinutes: 10,
    },
    testingRequired: true,
    testPlan: 'The suite CI runs',
    testEnvironment: 'staging',
    securityConsiderations: null,
    implementationPlan: 'Blue/green',
    scheduledFor: null,
    links: { commitSha: `${n.toString(16).padStart(7, '0')}abc` },
    standardTemplateId: null,
  };
  const roles = ['security-team', 'engineering-manager', 'change-manager', 'qa'];
  const approvers = ['sam', 'erin', 'carl', 'quinn'];
  return [
    {
      type: 'ChangeRequestCreated',
      data: { ...stamp(0), content, emergency: false, policyVersion },
    },
    {
      type: 'ChangeRequestSubmitted',
      data: {
        ...stamp(0),
        requiredApprovals: roles.map((role) => ({ role })),
        approvalDueAt: t(1440),
        policyVersion,
        contentVersion: 1,
      },
    },
    ...roles.map((role, i): ChangeRequestEvent => ({
      type: 'ChangeApproved',
      data: {
        ...stamp(60 + i, approvers[i]),
        role,
        comments: 'fine',
        conditions: [],
        contentVersion: 1,
        policyVersion,
        retroactive: false,
      },
    })),
    {
      type: 'ChangeRequestApproved',
      data: {
        ...stamp(63, 'quinn'),
        approvers: roles.map((role, i) => ({ approverId: approvers[i]!, role })),
        policyVersion,
      },
    },
    {
      type: 'ChangeImplementationStarted',
      data: {
        ...stamp(120, 'engineer-456'),
        implementationPlan: 'Blue/green',
        scheduledTime: null,
        maintenanceWindow: false,
        approvedBeforeImplementation: true,
        documentationDueAt: null,
        postHocReviewDueAt: null,
      },
    },
    {
      type: 'ChangeVerified',
      data: {
        ...stamp(160, 'engineer-456'),
        outcome: 'passed',
        monitoringMinutes: 40,
        checks: ['smoke'],
        notes: null,
      },
    },
    {
      type: 'ChangeCompleted',
      data: {
        ...stamp(170, 'engineer-456'),
        testResults: 'green',
        postImplementationReview: null,
        nextReview: t(10_000),
      },
    },
    {
      type: 'ChangeReviewed',
      data: {
        ...stamp(200, 'erin'),
        kind: 'post_implementation',
        findings: 'as planned',
        dueAt: null,
        withinDeadline: null,
      },
    },
  ];
}

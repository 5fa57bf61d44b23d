import {
  type CiFact,
  type CiFactKind,
  type CiOutcome,
  type IncidentPhase,
} from '@change-ledger/domain';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { InvalidCiEventError, invalid } from '../ingestion.errors';
import { type CloudEvent } from './cloudevents';
import { validated } from './validate';

/** The CDEvents (v0.5) this ledger takes, and the CI fact each one is. */
const KINDS: Record<string, CiFactKind> = {
  'service.deployed': 'deployment',
  'service.upgraded': 'deployment',
  'service.rolledback': 'rollback',
  'service.removed': 'removal',
  'pipelinerun.finished': 'pipeline_run',
  'testsuiterun.finished': 'test_run',
  'incident.detected': 'incident',
  'incident.reported': 'incident',
  'incident.resolved': 'incident',
  'change.reviewed': 'code_review',
  'change.merged': 'merge',
};
export const CDEVENT_TYPES = Object.keys(KINDS);

const CDEVENT_TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+(?:-[0-9a-z.-]+)?)$/;
const CHANGE_REQUEST_ID = /^CHG-\d{4}-\d{3,}$/;

class EnvironmentRef {
  @IsString() @IsNotEmpty() id!: string;
  @IsOptional() @IsString() name?: string;
}

class TestSuiteRef {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() name?: string;
}

class SubjectContent {
  @IsOptional() @ValidateNested() @Type(() => EnvironmentRef) environment?: EnvironmentRef;
  @IsOptional() @IsString() artifactId?: string;
  @IsOptional()
  @IsIn(['pass', 'fail', 'cancel', 'error', 'success', 'failure'])
  outcome?: string;
  @IsOptional() @IsIn(['pass', 'fail', 'cancel', 'error']) status?: string;
  @IsOptional() @IsIn(['low', 'medium', 'high', 'critical']) severity?: string;
  @IsOptional() @ValidateNested() @Type(() => TestSuiteRef) testSuite?: TestSuiteRef;
  @IsOptional() @IsObject() service?: { id?: string };
}

class Context {
  @IsString() @IsNotEmpty() version!: string;
  @IsString() @IsNotEmpty() id!: string;
  @IsString() @IsNotEmpty() source!: string;
  @Matches(CDEVENT_TYPE, {
    message: 'must be a CDEvents type like dev.cdevents.service.deployed.0.2.0',
  })
  type!: string;
  @IsISO8601({ strict: true }, { message: 'must be an RFC 3339 time' }) timestamp!: string;
}

class Subject {
  @IsString() @IsNotEmpty() id!: string;
  @IsOptional() @IsString() source?: string;
  @IsObject() @ValidateNested() @Type(() => SubjectContent) content!: SubjectContent;
}

class TestCounts {
  @IsOptional() @IsInt() @Min(0) total?: number;
  @IsInt() @Min(0) failed!: number;
}

class Findings {
  @IsInt() @Min(0) critical!: number;
  @IsInt() @Min(0) high!: number;
}

/** What the ledger reads from `customData`: links, the actor, and evidence CDEvents has no field for. */
class CustomData {
  @IsOptional() @IsString() @IsNotEmpty() actor?: string;
  @IsOptional()
  @Matches(CHANGE_REQUEST_ID, { message: 'must be a change request id like CHG-2026-001' })
  changeRequestId?: string;
  @IsOptional() @IsString() commitSha?: string;
  @IsOptional() @IsString() pullRequest?: string;
  @IsOptional() @IsIn(['success', 'failure', 'error', 'cancelled']) outcome?: CiOutcome;
  @IsOptional() @ValidateNested() @Type(() => TestCounts) tests?: TestCounts;
  @IsOptional() @ValidateNested() @Type(() => Findings) findings?: Findings;
  @IsOptional() @IsIn(['P1', 'P2', 'P3']) severity?: 'P1' | 'P2' | 'P3';
  @IsOptional() @IsString() @IsNotEmpty() reviewer?: string;
  @IsOptional()
  @IsIn(['approved', 'changes_requested', 'commented'])
  decision?: 'approved' | 'changes_requested' | 'commented';
}

class CdEvent {
  @IsObject() @ValidateNested() @Type(() => Context) context!: Context;
  @IsObject() @ValidateNested() @Type(() => Subject) subject!: Subject;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CustomData) customData?: CustomData;
}

/** A CloudEvent carrying a CDEvent, as the CI fact it reports. */
export function cdEventToFact(event: CloudEvent): CiFact {
  const match = CDEVENT_TYPE.exec(event.type);
  const key = match ? `${match[1]}.${match[2]}` : null;
  const kind = key ? KINDS[key] : undefined;
  if (!kind) {
    throw new InvalidCiEventError('INGESTION.UNSUPPORTED_TYPE', [
      `type: ${event.type} is not a CDEvent the ledger takes (${CDEVENT_TYPES.join(', ')})`,
    ]);
  }
  const cd = validated(CdEvent, event.data, 'data');
  if (cd.context.type !== event.type) {
    throw invalid(
      `data.context.type: ${cd.context.type} differs from the CloudEvent type ${event.type}`,
    );
  }
  const content = cd.subject.content;
  const custom = cd.customData ?? new CustomData();
  const predicate = match![2]!;
  const environment = content.environment
    ? (content.environment.name ?? content.environment.id)
    : null;
  if (['deployment', 'rollback', 'removal'].includes(kind) && environment === null) {
    throw invalid('data.subject.content.environment: a service event names its environment');
  }
  const fact: CiFact = {
    source: event.source,
    id: event.id,
    kind,
    format: 'cdevents',
    sourceType: event.type,
    occurredAt: new Date(cd.context.timestamp).toISOString(),
    actor: event.extensions['actor'] ?? custom.actor ?? null,
    environment,
    service: key!.startsWith('service.') ? cd.subject.id : (content.service?.id ?? null),
    changeRequestId: custom.changeRequestId ?? null,
    commitSha: custom.commitSha ?? null,
    pullRequest: custom.pullRequest ?? (key!.startsWith('change.') ? cd.subject.id : null),
    artifact: content.artifactId ?? null,
    outcome: custom.outcome ?? outcomeOf(kind, content),
    tests: custom.tests ? { total: custom.tests.total ?? null, failed: custom.tests.failed } : null,
    findings: null,
    incident: null,
    review: null,
  };
  if (kind === 'test_run' && isSecurityScan(content, custom)) {
    return { ...fact, kind: 'security_scan', findings: findingsOf(content, custom) };
  }
  if (kind === 'incident') {
    return {
      ...fact,
      incident: {
        id: cd.subject.id,
        severity: custom.severity ?? null,
        phase: predicate as IncidentPhase,
      },
    };
  }
  if (kind === 'code_review') {
    const reviewer = custom.reviewer ?? fact.actor;
    if (!reviewer)
      throw invalid('data.customData.reviewer: a review names its reviewer (or ce_actor)');
    return { ...fact, review: { reviewer, decision: custom.decision ?? 'approved' } };
  }
  return fact;
}

function outcomeOf(kind: CiFactKind, content: SubjectContent): CiOutcome | null {
  if (['deployment', 'rollback', 'removal'].includes(kind)) return 'success';
  const said = content.outcome ?? content.status;
  switch (said) {
    case 'pass':
    case 'success':
      return 'success';
    case 'fail':
    case 'failure':
      return 'failure';
    case 'cancel':
      return 'cancelled';
    case 'error':
      return 'error';
    default:
      return null;
  }
}

/** CDEvents has no scan event: a test suite named for security (SAST), or with findings, is one. */
function isSecurityScan(content: SubjectContent, custom: CustomData): boolean {
  const suite = `${content.testSuite?.id ?? ''} ${content.testSuite?.name ?? ''}`;
  return custom.findings !== undefined || /security|sast/i.test(suite);
}

function findingsOf(
  content: SubjectContent,
  custom: CustomData,
): { critical: number; high: number } {
  if (custom.findings) return { critical: custom.findings.critical, high: custom.findings.high };
  const failed = (content.outcome ?? content.status) === 'fail';
  return {
    critical: failed && content.severity === 'critical' ? 1 : 0,
    high: failed && content.severity === 'high' ? 1 : 0,
  };
}

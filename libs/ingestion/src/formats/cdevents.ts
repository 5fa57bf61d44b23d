import { IsTimestamp } from '@change-ledger/untrusted-input';
import {
  type CiFact,
  type CiFactKind,
  type CiOutcome,
  type IncidentPhase,
} from '@change-ledger/domain';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
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

/** v0.5 names the spec version `specversion`; v0.4 named it `version`. Either is taken. */
class Context {
  @ValidateIf((context: Context) => context.version === undefined)
  @Matches(/^\d+\.\d+\.\d+/, {
    message: 'must name the CDEvents spec version (v0.5: specversion, v0.4: version)',
  })
  specversion?: string;
  @IsOptional() @IsString() @IsNotEmpty() version?: string;
  @IsString() @IsNotEmpty() id!: string;
  @IsString() @IsNotEmpty() source!: string;
  @Matches(CDEVENT_TYPE, {
    message: 'must be a CDEvents type like dev.cdevents.service.deployed.0.2.0',
  })
  type!: string;
  @IsTimestamp() timestamp!: string;
}

class Subject {
  @IsString() @IsNotEmpty() id!: string;
  @IsOptional() @IsString() source?: string;
  @IsObject() @ValidateNested() @Type(() => SubjectContent) content!: SubjectContent;
}

/**
 * What the ledger reads from `customData`: links, the actor, and evidence CDEvents has no field
 * for. `customData` is the producer's, not ours: a value outside these conventions is not read
 * (the fact lists it in `unreadCustomData`), never a reason to refuse the event.
 */
interface CustomData {
  actor?: string;
  changeRequestId?: string;
  commitSha?: string;
  pullRequest?: string;
  outcome?: CiOutcome;
  tests?: { total: number | null; failed: number };
  findings?: { critical: number; high: number };
  severity?: 'P1' | 'P2' | 'P3';
  reviewer?: string;
  decision?: 'approved' | 'changes_requested' | 'commented';
}

class CdEvent {
  @IsObject() @ValidateNested() @Type(() => Context) context!: Context;
  @IsObject() @ValidateNested() @Type(() => Subject) subject!: Subject;
  /** Free-form, the producer's (CDEvents §customData); read by `readCustomData`. */
  @IsOptional() customData?: unknown;
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
  const { custom, unread } = readCustomData(cd.customData);
  const predicate = match![2]!;
  const environment = content.environment
    ? (content.environment.name ?? content.environment.id)
    : null;
  if (['deployment', 'rollback', 'removal'].includes(kind) && environment === null) {
    throw invalid('data.subject.content.environment: a service event names its environment');
  }
  const base: CiFact = {
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
    tests: custom.tests ?? null,
    findings: null,
    incident: null,
    review: null,
  };
  // Only present when something was left unread, so facts without it hash as they always did.
  const fact: CiFact = unread.length > 0 ? { ...base, unreadCustomData: unread } : base;
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
    // A review that names no reviewer is evidence of a review, but counts for no one's gate.
    const reviewer = custom.reviewer ?? fact.actor;
    return { ...fact, review: { reviewer, decision: custom.decision ?? 'approved' } };
  }
  return fact;
}

const SEVERITY_WORDS: Record<string, 'P1' | 'P2' | 'P3'> = {
  p1: 'P1',
  p2: 'P2',
  p3: 'P3',
  critical: 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P3',
};

/** Reads our conventions out of the producer's `customData`; what does not fit is listed, not refused. */
function readCustomData(value: unknown): { custom: CustomData; unread: string[] } {
  const custom: CustomData = {};
  const unread: string[] = [];
  if (value === undefined || value === null) return { custom, unread };
  if (typeof value !== 'object' || Array.isArray(value)) return { custom, unread: ['customData'] };
  const data = value as Record<string, unknown>;
  const text = (key: string, pattern?: RegExp): string | undefined => {
    const field = data[key];
    if (field === undefined) return undefined;
    if (typeof field === 'string' && field.trim() !== '' && (!pattern || pattern.test(field)))
      return field;
    unread.push(`customData.${key}`);
    return undefined;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const field = text(key);
    if (field === undefined || (allowed as readonly string[]).includes(field)) return field as T;
    unread.push(`customData.${key}`);
    return undefined;
  };
  const count = (field: unknown): number | undefined =>
    Number.isSafeInteger(field) && (field as number) >= 0 ? (field as number) : undefined;
  custom.actor = text('actor');
  custom.changeRequestId = text('changeRequestId', CHANGE_REQUEST_ID);
  custom.commitSha = text('commitSha');
  custom.pullRequest = text('pullRequest');
  custom.outcome = oneOf('outcome', ['success', 'failure', 'error', 'cancelled'] as const);
  custom.reviewer = text('reviewer');
  custom.decision = oneOf('decision', ['approved', 'changes_requested', 'commented'] as const);
  const severity = text('severity');
  if (severity !== undefined) {
    custom.severity = SEVERITY_WORDS[severity.toLowerCase()];
    if (!custom.severity) unread.push('customData.severity');
  }
  const tests = data['tests'] as { total?: unknown; failed?: unknown } | undefined;
  if (tests !== undefined) {
    const failed = count(tests?.failed);
    const total = tests?.total === undefined ? null : count(tests.total);
    if (failed !== undefined && total !== undefined) custom.tests = { total, failed };
    else unread.push('customData.tests');
  }
  const findings = data['findings'] as { critical?: unknown; high?: unknown } | undefined;
  if (findings !== undefined) {
    const [critical, high] = [count(findings?.critical), count(findings?.high)];
    if (critical !== undefined && high !== undefined) custom.findings = { critical, high };
    else unread.push('customData.findings');
  }
  for (const key of Object.keys(custom) as Array<keyof CustomData>)
    if (custom[key] === undefined) delete custom[key];
  return { custom, unread };
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

import { IsTimestamp } from '@change-ledger/untrusted-input';
import {
  type CiFact,
  type CiFactKind,
  type CiOutcome,
  type IncidentPhase,
  InvalidCiEventError,
  invalidCiEvent,
  type ReviewDecision,
  type TestSeverity,
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
import { type CloudEvent } from './cloudevents';
import { type ReadTree, unreadFields } from './unread';
import { validated } from './validate';

/** The CDEvents (v0.3 to v0.5, and the v0.6 draft) this ledger takes, and the CI fact each one is. */
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
const TEST_SEVERITIES: readonly TestSeverity[] = ['low', 'medium', 'high', 'critical'];

/**
 * Each version's outcome words, mapped to the ledger's one vocabulary (ADR 0025). The spec's
 * `testsuiterun.finished` said pass/fail/cancel/error up to v0.4 and success/failure/cancel/error
 * from v0.5 (where `pipelinerun.finished`, free text before, took the same enum); the v0.6 draft
 * keeps v0.5's. A version after the last one listed reads with the last one's words.
 */
const OUTCOME_WORDS: ReadonlyArray<{ from: number; words: Record<string, CiOutcome> }> = [
  { from: 0, words: { pass: 'success', fail: 'failure', cancel: 'cancelled', error: 'error' } },
  {
    from: 5,
    words: { success: 'success', failure: 'failure', cancel: 'cancelled', error: 'error' },
  },
];
/** v0.3/v0.4 `pipelinerun.finished` outcome is free text: the words pipelines write for each. */
const FREE_TEXT_OUTCOMES: Record<string, CiOutcome> = {
  success: 'success',
  succeeded: 'success',
  successful: 'success',
  pass: 'success',
  passed: 'success',
  failure: 'failure',
  failed: 'failure',
  fail: 'failure',
  error: 'error',
  errored: 'error',
  cancel: 'cancelled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  aborted: 'cancelled',
};

class EnvironmentRef {
  @IsString() @IsNotEmpty() id!: string;
  @IsOptional() @IsString() name?: string;
}

class TestSuiteRef {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() name?: string;
}

class ServiceRef {
  @IsOptional() @IsString() id?: string;
}

class RepositoryRef {
  @IsString() @IsNotEmpty() id!: string;
}

class SubjectContent {
  @IsOptional() @ValidateNested() @Type(() => EnvironmentRef) environment?: EnvironmentRef;
  @IsOptional() @IsString() artifactId?: string;
  /** Judged by the event's spec version (`outcomeOf`), not here. */
  @IsOptional() @IsString() outcome?: string;
  /** The v0.3 drafts' name of a test suite run's outcome. */
  @IsOptional() @IsString() status?: string;
  @IsOptional() @IsIn(TEST_SEVERITIES) severity?: TestSeverity;
  @IsOptional() @ValidateNested() @Type(() => TestSuiteRef) testSuite?: TestSuiteRef;
  @IsOptional() @ValidateNested() @Type(() => ServiceRef) service?: ServiceRef;
  @IsOptional() @ValidateNested() @Type(() => RepositoryRef) repository?: RepositoryRef;
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
 * (the fact lists it in `unread`), never a reason to refuse the event.
 */
interface CustomData {
  actor?: string;
  changeRequestId?: string;
  commitSha?: string;
  pullRequest?: string;
  repository?: string;
  outcome?: CiOutcome;
  tests?: { total: number | null; failed: number };
  findings?: { critical: number; high: number };
  severity?: 'P1' | 'P2' | 'P3';
  incidentId?: string;
  reviewer?: string;
  decision?: ReviewDecision;
}

class CdEvent {
  @IsObject() @ValidateNested() @Type(() => Context) context!: Context;
  @IsObject() @ValidateNested() @Type(() => Subject) subject!: Subject;
  /** Free-form, the producer's (CDEvents §customData); read by `readCustomData`. */
  @IsOptional() customData?: unknown;
}

/** What a CDEvent's context and subject hold that the ledger reads, whatever its type. */
const CONTEXT_READ: ReadTree = {
  specversion: true,
  version: true,
  id: true,
  source: true,
  type: true,
  timestamp: true,
};
const CONTENT_READ: ReadTree = {
  environment: { id: true, name: true },
  service: { id: true },
  artifactId: true,
};
/** And by subject: the fields each type's facts take besides. */
const CONTENT_READ_BY_SUBJECT: Record<string, ReadTree> = {
  pipelinerun: { outcome: true },
  testsuiterun: {
    outcome: true,
    status: true,
    severity: true,
    testSuite: { id: true, name: true },
  },
  change: { repository: { id: true } },
};

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
  assertOneIdentity(event, cd.context);
  const [subject, predicate] = [match![1]!, match![2]!];
  const content = cd.subject.content;
  const { custom, unread: unreadCustom } = readCustomData(cd.customData, kind);
  const environment = content.environment
    ? (content.environment.name ?? content.environment.id)
    : null;
  if (['deployment', 'rollback', 'removal'].includes(kind) && environment === null) {
    throw invalidCiEvent('data.subject.content.environment: a service event names its environment');
  }
  const unread = [
    ...unreadEnvelope(event, cd),
    ...unreadFields(
      event.data,
      {
        context: CONTEXT_READ,
        subject: {
          id: true,
          content: { ...CONTENT_READ, ...CONTENT_READ_BY_SUBJECT[subject] },
        },
        customData: true,
      },
      '',
    ),
    ...unreadCustom,
  ];
  const said = outcomeOf(subject, cd.context, content);
  if (said.unread) unread.push('subject.content.outcome');
  // The spec's own field wins over the convention; a convention it overrode was not read.
  if (said.outcome !== null && custom.outcome !== undefined && custom.outcome !== said.outcome)
    unread.push('customData.outcome');
  const occurredAt = new Date(cd.context.timestamp).toISOString();
  const repository = custom.repository ?? content.repository?.id;
  const base: CiFact = {
    source: event.source,
    id: event.id,
    kind,
    format: 'cdevents',
    sourceType: event.type,
    occurredAt,
    ...(occurredAt === cd.context.timestamp ? {} : { occurredAtReported: cd.context.timestamp }),
    actor: event.extensions['actor'] ?? custom.actor ?? null,
    environment,
    service: subject === 'service' ? cd.subject.id : (content.service?.id ?? null),
    changeRequestId: custom.changeRequestId ?? null,
    commitSha: custom.commitSha ?? null,
    // A change event's subject is the change, as its repository names it: kept as reported, and
    // linked only within its repository (links/pull-request-key.ts), never by a number in it.
    pullRequest: custom.pullRequest ?? (subject === 'change' ? cd.subject.id : null),
    ...(repository ? { repository } : {}),
    artifact: content.artifactId ?? null,
    // A service event's predicate says the change happened; a run says how it ended.
    outcome:
      subject === 'service'
        ? (custom.outcome ?? 'success')
        : (said.outcome ?? custom.outcome ?? null),
    tests: custom.tests ?? null,
    findings: null,
    ...(content.severity ? { severity: content.severity } : {}),
    incident: null,
    review: null,
  };
  // Only present when something was left unread, so facts without it read as they always did.
  const fact: CiFact = unread.length > 0 ? { ...base, unread } : base;
  if (kind === 'test_run' && isSecurityScan(content, custom)) {
    // Findings are what the producer counted, or unknown: a scan's outcome and severity say
    // how it ended, not how many findings it left (ADR 0025).
    return { ...fact, kind: 'security_scan', findings: custom.findings ?? null };
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
  if (kind === 'rollback' && (custom.severity || custom.incidentId)) {
    return {
      ...fact,
      incident: {
        id: custom.incidentId ?? null,
        severity: custom.severity ?? null,
        phase: 'detected',
      },
    };
  }
  if (kind === 'code_review') {
    // A review that names no reviewer, or states no decision, is evidence of a review that
    // counts for no one's gate: CDEvents `change.reviewed` has no decision field.
    const reviewer = custom.reviewer ?? fact.actor;
    return { ...fact, review: { reviewer, decision: custom.decision ?? null } };
  }
  return fact;
}

/**
 * The CloudEvents binding of CDEvents carries the context's id, source and type as the
 * envelope's: a message whose two disagree is one event claiming two identities, and the ledger
 * would have to discard one of them. Refused, naming both.
 */
function assertOneIdentity(event: CloudEvent, context: Context): void {
  const problems = (['id', 'source', 'type'] as const)
    .filter((attribute) => context[attribute] !== event[attribute])
    .map(
      (attribute) =>
        `data.context.${attribute}: ${JSON.stringify(context[attribute])} differs from the CloudEvent ${attribute} ${JSON.stringify(event[attribute])}; one event has one identity`,
    );
  if (problems.length > 0) throw invalidCiEvent(...problems);
}

/**
 * The envelope's attributes that say more than the CDEvent: an extension other than `actor`, a
 * `time` or `subject` that is not the context's. One that repeats the context is read (it agrees).
 */
function unreadEnvelope(event: CloudEvent, cd: CdEvent): string[] {
  const unread = [
    ...event.unreadAttributes,
    ...Object.keys(event.extensions)
      .filter((name) => name !== 'actor')
      .map((name) => `ce.${name}`),
  ];
  if (event.time !== null && Date.parse(event.time) !== Date.parse(cd.context.timestamp))
    unread.push('ce.time');
  if (event.subject !== null && event.subject !== cd.subject.id) unread.push('ce.subject');
  return unread;
}

/** The spec version's minor number: 3 for "0.3.0", 5 for "0.5.0" and "0.5.1", 6 for "0.6.0-draft". */
function specMinor(context: Context): number {
  const [major, minor] = (context.specversion ?? context.version ?? '0.5.0').split('.');
  return Number(major) > 0 ? Number.MAX_SAFE_INTEGER : Number(minor);
}

/**
 * A run's outcome in the words of its spec version. A word that version does not have is
 * refused, naming the version's words (a v0.5 scan that says `pass` is not a v0.5 event). The
 * v0.3/v0.4 pipeline run's free text is read when it is one of the words pipelines write, and
 * listed unread when not.
 */
function outcomeOf(
  subject: string,
  context: Context,
  content: SubjectContent,
): { outcome: CiOutcome | null; unread?: true } {
  if (subject !== 'pipelinerun' && subject !== 'testsuiterun') return { outcome: null };
  const field = content.outcome !== undefined ? 'outcome' : 'status';
  const word = content.outcome ?? content.status;
  if (word === undefined) return { outcome: null };
  const minor = specMinor(context);
  if (subject === 'pipelinerun' && minor < 5) {
    const outcome = FREE_TEXT_OUTCOMES[word.trim().toLowerCase()];
    return outcome ? { outcome } : { outcome: null, unread: true };
  }
  const { words } = OUTCOME_WORDS.filter((vocabulary) => vocabulary.from <= minor).at(-1)!;
  const outcome = Object.hasOwn(words, word) ? words[word] : undefined;
  if (outcome) return { outcome };
  const version = context.specversion ?? context.version;
  throw invalidCiEvent(
    `data.subject.content.${field}: ${JSON.stringify(word)} is not a CDEvents ${version} ${subject} outcome (${Object.keys(words).join(', ')})`,
  );
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

/** The customData conventions, and the kinds of fact each is read for. */
const CONVENTIONS: Record<keyof CustomData, readonly CiFactKind[] | 'all'> = {
  actor: 'all',
  changeRequestId: 'all',
  commitSha: 'all',
  pullRequest: 'all',
  repository: 'all',
  outcome: ['deployment', 'rollback', 'removal', 'pipeline_run', 'test_run'],
  tests: ['test_run'],
  findings: ['test_run'],
  severity: ['incident', 'rollback'],
  incidentId: ['rollback'],
  reviewer: ['code_review'],
  decision: ['code_review'],
};

/**
 * Reads our conventions out of the producer's `customData`, those that apply to this kind of
 * fact; everything else it holds (another key, a value that does not fit) is listed, not refused.
 */
function readCustomData(
  value: unknown,
  kind: CiFactKind,
): { custom: CustomData; unread: string[] } {
  const custom: CustomData = {};
  const unread: string[] = [];
  if (value === undefined || value === null) return { custom, unread };
  // The spec also allows customData as base64 text (with its customDataContentType): kept, unread.
  if (typeof value !== 'object' || Array.isArray(value)) return { custom, unread: ['customData'] };
  const data = value as Record<string, unknown>;
  const applies = (key: string) => {
    const kinds = CONVENTIONS[key as keyof CustomData];
    return kinds === 'all' || (kinds !== undefined && kinds.includes(kind));
  };
  for (const key of Object.keys(data)) if (!applies(key)) unread.push(`customData.${key}`);
  const text = (key: keyof CustomData, pattern?: RegExp): string | undefined => {
    const field = data[key];
    if (field === undefined || !applies(key)) return undefined;
    if (typeof field === 'string' && field.trim() !== '' && (!pattern || pattern.test(field)))
      return field;
    unread.push(`customData.${key}`);
    return undefined;
  };
  const oneOf = <T extends string>(key: keyof CustomData, allowed: readonly T[]): T | undefined => {
    const field = text(key);
    if (field === undefined || (allowed as readonly string[]).includes(field)) return field as T;
    unread.push(`customData.${key}`);
    return undefined;
  };
  const counts = <T extends string>(key: keyof CustomData, names: readonly T[], optional?: T) => {
    const field = data[key];
    if (field === undefined || !applies(key)) return undefined;
    const record = (typeof field === 'object' && field !== null ? field : {}) as Record<
      string,
      unknown
    >;
    const read: Partial<Record<T, number | null>> = {};
    for (const name of names) {
      const count = record[name];
      if (Number.isSafeInteger(count) && (count as number) >= 0) read[name] = count as number;
      else if (name === optional && count === undefined) read[name] = null;
    }
    if (
      typeof field !== 'object' ||
      field === null ||
      Array.isArray(field) ||
      names.some((name) => !(name in read))
    ) {
      unread.push(`customData.${key}`);
      return undefined;
    }
    unread.push(
      ...unreadFields(
        field,
        Object.fromEntries(names.map((name) => [name, true])),
        `customData.${key}`,
      ),
    );
    return read as Record<T, number | null>;
  };
  custom.actor = text('actor');
  custom.changeRequestId = text('changeRequestId', CHANGE_REQUEST_ID);
  custom.commitSha = text('commitSha');
  custom.pullRequest = text('pullRequest');
  custom.repository = text('repository');
  custom.outcome = oneOf('outcome', ['success', 'failure', 'error', 'cancelled'] as const);
  custom.reviewer = text('reviewer');
  custom.decision = oneOf('decision', ['approved', 'changes_requested', 'commented'] as const);
  custom.incidentId = text('incidentId');
  const severity = text('severity');
  if (severity !== undefined) {
    custom.severity = SEVERITY_WORDS[severity.toLowerCase()];
    if (!custom.severity) unread.push('customData.severity');
  }
  const tests = counts('tests', ['total', 'failed'] as const, 'total');
  if (tests) custom.tests = { total: tests.total, failed: tests.failed! };
  const findings = counts('findings', ['critical', 'high'] as const);
  if (findings) custom.findings = { critical: findings.critical!, high: findings.high! };
  for (const key of Object.keys(custom) as Array<keyof CustomData>)
    if (custom[key] === undefined) delete custom[key];
  return { custom, unread };
}

/** CDEvents has no scan event: a test suite named for security (SAST), or with findings, is one. */
function isSecurityScan(content: SubjectContent, custom: CustomData): boolean {
  const suite = `${content.testSuite?.id ?? ''} ${content.testSuite?.name ?? ''}`;
  return custom.findings !== undefined || /security|sast/i.test(suite);
}

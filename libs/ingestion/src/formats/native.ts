import { IsTimestamp } from '@change-ledger/untrusted-input';
import { CI_FACT_KINDS, type CiFact, type CiFactKind, type CiOutcome } from '@change-ledger/domain';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { type ReadTree, unreadFields } from './unread';
import { parseJson, validated } from './validate';

/** The native JSON form's content type; plain `application/json` without `ce_` headers is read as it too. */
export const NATIVE_CONTENT_TYPE = 'application/vnd.change-ledger.ci-event+json';

class NativeTests {
  @IsOptional() @IsInt() @Min(0) total?: number;
  @IsInt() @Min(0) failed!: number;
}

class NativeFindings {
  @IsInt() @Min(0) critical!: number;
  @IsInt() @Min(0) high!: number;
}

class NativeIncident {
  @IsString() @IsNotEmpty() id!: string;
  @IsOptional() @IsIn(['P1', 'P2', 'P3']) severity?: 'P1' | 'P2' | 'P3';
  @IsIn(['detected', 'reported', 'resolved']) phase!: 'detected' | 'reported' | 'resolved';
}

class NativeReview {
  @IsString() @IsNotEmpty() reviewer!: string;
  @IsIn(['approved', 'changes_requested', 'commented'])
  decision!: 'approved' | 'changes_requested' | 'commented';
}

/** The native form (README "Ingesting CI events"): the CI fact itself, in snake_case. */
class NativeCiEvent {
  @IsString() @IsNotEmpty() @MaxLength(500) source!: string;
  @IsString() @IsNotEmpty() @MaxLength(500) id!: string;
  @IsIn(CI_FACT_KINDS, { message: `must be one of ${CI_FACT_KINDS.join(', ')}` }) type!: CiFactKind;
  @IsTimestamp() occurred_at!: string;
  @IsOptional() @IsString() @IsNotEmpty() actor?: string;
  @ValidateIf((event: NativeCiEvent) => ['deployment', 'removal', 'rollback'].includes(event.type))
  @IsString({ message: 'is required for a deployment, removal or rollback' })
  @IsNotEmpty()
  environment?: string;
  @IsOptional() @IsString() service?: string;
  @IsOptional()
  @Matches(/^CHG-\d{4}-\d{3,}$/, { message: 'must be a change request id like CHG-2026-001' })
  change_request_id?: string;
  @IsOptional() @IsString() commit_sha?: string;
  @IsOptional() @IsString() pull_request?: string;
  @IsOptional() @IsString() @IsNotEmpty() repository?: string;
  @IsOptional() @IsString() artifact?: string;
  @IsOptional() @IsIn(['success', 'failure', 'error', 'cancelled']) outcome?: CiOutcome;
  @IsOptional() @ValidateNested() @Type(() => NativeTests) tests?: NativeTests;
  @ValidateIf(
    (event: NativeCiEvent) => event.type === 'security_scan' || event.findings !== undefined,
  )
  @IsDefined({ message: 'required for a security_scan' })
  @ValidateNested()
  @Type(() => NativeFindings)
  findings?: NativeFindings;
  @ValidateIf((event: NativeCiEvent) => event.type === 'incident' || event.incident !== undefined)
  @IsDefined({ message: 'required for an incident' })
  @ValidateNested()
  @Type(() => NativeIncident)
  incident?: NativeIncident;
  @ValidateIf((event: NativeCiEvent) => event.type === 'code_review' || event.review !== undefined)
  @IsDefined({ message: 'required for a code_review' })
  @ValidateNested()
  @Type(() => NativeReview)
  review?: NativeReview;
}

/** Every field of the native form: what a message holds beyond it is listed in `unread`. */
const NATIVE_FIELDS: ReadTree = {
  ...Object.fromEntries(
    [
      'source',
      'id',
      'type',
      'occurred_at',
      'actor',
      'environment',
      'service',
      'change_request_id',
      'commit_sha',
      'pull_request',
      'repository',
      'artifact',
      'outcome',
    ].map((field) => [field, true]),
  ),
  tests: { total: true, failed: true },
  findings: { critical: true, high: true },
  incident: { id: true, severity: true, phase: true },
  review: { reviewer: true, decision: true },
};

export function nativeToFact(body: Buffer): CiFact {
  const document = parseJson(body, 'body (native CI event)');
  const event = validated(NativeCiEvent, document);
  const occurredAt = new Date(event.occurred_at).toISOString();
  const unread = unreadFields(document, NATIVE_FIELDS, '');
  const fact: CiFact = {
    source: event.source,
    id: event.id,
    kind: event.type,
    format: 'native',
    sourceType: event.type,
    occurredAt,
    ...(occurredAt === event.occurred_at ? {} : { occurredAtReported: event.occurred_at }),
    actor: event.actor ?? null,
    environment: event.environment ?? null,
    service: event.service ?? null,
    changeRequestId: event.change_request_id ?? null,
    commitSha: event.commit_sha ?? null,
    pullRequest: event.pull_request ?? null,
    ...(event.repository ? { repository: event.repository } : {}),
    artifact: event.artifact ?? null,
    // A deployment reported without an outcome is one that happened.
    outcome:
      event.outcome ??
      (['deployment', 'removal', 'rollback'].includes(event.type) ? 'success' : null),
    tests: event.tests ? { total: event.tests.total ?? null, failed: event.tests.failed } : null,
    findings: event.findings
      ? { critical: event.findings.critical, high: event.findings.high }
      : null,
    incident: event.incident
      ? {
          id: event.incident.id,
          severity: event.incident.severity ?? null,
          phase: event.incident.phase,
        }
      : null,
    review: event.review
      ? { reviewer: event.review.reviewer, decision: event.review.decision }
      : null,
  };
  return unread.length > 0 ? { ...fact, unread } : fact;
}

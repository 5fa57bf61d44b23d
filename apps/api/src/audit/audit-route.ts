import { invalidAuditRequest } from '@change-ledger/audit';
import { parseDateOrTimestamp, parsePeriodEnd } from '@change-ledger/untrusted-input';
import { ApiTags } from '@nestjs/swagger';

/**
 * What the auditor's routes share (issue 13): where they live, their OpenAPI tag, the providers
 * they are given (audit.module.ts) and the period every one of them takes.
 */

export const AUDIT_ROUTE = 'api/v1/audit';

/**
 * The audit routes keep the OpenAPI tag and operation ids (`Audit_<method>`) they had when they
 * were one controller: clients generated from docs/openapi.json keep their names.
 */
export const AUDIT_OPERATION_PREFIX = 'Audit';
export const AuditTag = (): ClassDecorator => ApiTags(AUDIT_OPERATION_PREFIX);

export const POPULATION_QUERY = Symbol('POPULATION_QUERY');
export const AUDIT_SAMPLES = Symbol('AUDIT_SAMPLES');
/** What the bundle is written from; null without the log's signing key in this process. */
export const BUNDLE_SOURCES = Symbol('BUNDLE_SOURCES');

/** A period [from, to) as given (both checked by the DTO); refused when empty or backwards. */
export function auditPeriodOf(query: { from: string; to: string }) {
  const from = parseDateOrTimestamp(query.from)!;
  const to = parsePeriodEnd(query.to)!;
  if (!(from < to)) throw invalidAuditRequest('to', 'must be after from');
  return { from, to };
}

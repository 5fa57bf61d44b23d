import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceUnavailableException } from '@nestjs/common';
import { AuthenticationError, InvalidTokensFileError } from '@change-ledger/auth';
import {
  CalendarFeedTokenNotFoundError,
  CiReporterRefusedError,
  ERROR_KINDS,
  FeedTokensAreForPeopleError,
  InvalidCiEventError,
  LedgerError,
  OutsideStandardTemplateError,
  refuse,
  refuseException,
  refuseHold,
  refuseTemplate,
} from '@change-ledger/domain';
import {
  DeletionRefusedError,
  EventIdConflictError,
  EventStoreUnavailableError,
  InvalidAppendError,
  InvalidPositionError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { INGESTION_ACTION_OF_KIND } from '@change-ledger/ingestion';
import { IdempotencyError } from '@change-ledger/idempotency';
import { IntegrityError } from '@change-ledger/integrity';
import { InvalidPolicyError } from '@change-ledger/policy';
import { InvalidCursorError } from '@change-ledger/read-models';
import { NotificationOperationError } from '@change-ledger/notifications';
import { AuditError } from '@change-ledger/audit';
import { AuditorsOnlyError } from '../auth/auditors-only.decorator';
import { NoRoleError, ReadOnlyActorError } from '../auth/auth.guard';
import { InvalidConfigurationError } from '../config/api-config';
import { HTTP_STATUS_OF_KIND, toProblem } from './problem-details.filter';
import { RequestRefusedError, RequestValidationError } from './request-validation.error';

/** One instance of every ledger error class, with each code its constructor can take. */
const EXAMPLES: LedgerError[] = [
  refuse.notFound('CHG-2026-001'),
  refuse.invalid('title', 'is required'),
  refuse.forbidden('CHANGE_REQUEST.SELF_APPROVAL', 'no'),
  refuse.conflict('CHANGE_REQUEST.TRANSITION_NOT_ALLOWED', 'no'),
  new OutsideStandardTemplateError('CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE', 'invalid', 'no', {
    problems: [{ field: 'priority', reason: 'above the highest the template allows' }],
  }),
  refuseTemplate.notFound('dependency-update'),
  refuseTemplate.invalid('title', 'is required'),
  refuseTemplate.forbidden('STANDARD_CHANGE_TEMPLATE.SELF_APPROVAL', 'no'),
  refuseTemplate.conflict('STANDARD_CHANGE_TEMPLATE.RETIRED', 'no'),
  refuseHold.invalid('reason', 'is required'),
  refuseHold.missingRole('release', 'audra', ['security-officer']),
  refuseHold.notFound('hold-1'),
  refuseHold.alreadyReleased('hold-1'),
  refuseHold.alreadyPlaced('hold-1'),
  refuseException.invalid('gates', 'must name at least one gate to waive'),
  refuseException.notAPerson('ci-pipeline'),
  refuseException.missingRole('request', 'user-123', ['change-manager']),
  refuseException.selfApproval('carl', 'EXC-0001'),
  refuseException.onePerPerson('hana', 'EXC-0001'),
  refuseException.notFound('EXC-0404'),
  refuseException.alreadyApproved('EXC-0001'),
  new WrongExpectedRevisionError('s', 1, 2),
  new EventIdConflictError('id', 's', 'other content'),
  new StreamDeletedError('s', 'run-1'),
  new DeletionRefusedError('s', 'under legal hold hold-1'),
  new StreamNotFoundError('s'),
  new InvalidAppendError('EVENT_STORE.INVALID_EVENT', 'events[0]', 'bad'),
  new InvalidPositionError('x'),
  new EventStoreUnavailableError(new Error('down')),
  new InvalidCiEventError('INGESTION.INVALID_EVENT', ['data.id: is required']),
  new InvalidCiEventError('INGESTION.BAD_SIGNATURE', ['signature: does not match']),
  new CiReporterRefusedError('INGESTION.SOURCE_NOT_BOUND', 'not bound', { source: 'x' }),
  new AuthenticationError('no token'),
  new InvalidTokensFileError('tokens.yaml', ['bad']),
  new InvalidPolicyError('policy.yaml', ['bad']),
  new InvalidCursorError(),
  new IdempotencyError('IDEMPOTENCY.KEY_REUSED', 'unprocessable', 'used for another request'),
  new IdempotencyError('IDEMPOTENCY.IN_PROGRESS', 'conflict', 'still running'),
  new IdempotencyError('IDEMPOTENCY.CLAIM_LOST', 'conflict', 'taken over'),
  new IdempotencyError('IDEMPOTENCY.REQUEST_ID_IN_USE', 'conflict', 'x-request-id in use'),
  new IdempotencyError('IDEMPOTENCY.OUTCOME_UNKNOWN', 'unavailable', 'not known'),
  new IntegrityError('INTEGRITY.BEYOND_TREE', 'not_found', 'tree_size: beyond the tree'),
  new IntegrityError('INTEGRITY.INVALID_QUERY', 'invalid', 'from: bad', {
    field: 'from',
    reason: 'bad',
  }),
  new ReadOnlyActorError('auditor-1'),
  new NoRoleError('nora'),
  new AuditorsOnlyError('user-123'),
  new FeedTokensAreForPeopleError('ci-pipeline'),
  new NotificationOperationError('NOTIFICATIONS.NOT_AN_OPERATOR', 'forbidden', 'no'),
  new NotificationOperationError('NOTIFICATIONS.DELIVERY_NOT_FOUND', 'not_found', 'none'),
  new NotificationOperationError('NOTIFICATIONS.NOT_PARKED', 'conflict', 'sent'),
  new NotificationOperationError('NOTIFICATIONS.INVALID_REQUEST', 'invalid', 'channel: no', {
    field: 'channel',
    reason: 'no',
  }),
  new CalendarFeedTokenNotFoundError('00000000-0000-4000-8000-000000000000'),
  new AuditError('AUDIT.INVALID_REQUEST', 'invalid', 'seed: bad', { field: 'seed', reason: 'bad' }),
  new AuditError('AUDIT.UNKNOWN_SAMPLE', 'not_found', 'no sample'),
  new AuditError('AUDIT.NO_SIGNING_KEY', 'unavailable', 'no key'),
  new AuditError('AUDIT.INVALID_BUNDLE', 'invalid', 'not a bundle'),
  new InvalidConfigurationError(['PORT: bad']),
  new RequestValidationError([{ field: 'title', reason: 'is required' }]),
  new RequestRefusedError('REQUEST.MALFORMED_JSON', 'invalid', 'not JSON'),
];

describe('Ledger errors', () => {
  describe('when one reaches an edge', () => {
    it.each(EXAMPLES.map((error) => [error.code, error] as const))(
      '%s has a kind that maps to an HTTP status and a Kafka action',
      (_code, error) => {
        expect(ERROR_KINDS).toContain(error.kind);
        expect(error.code).toMatch(/^[A-Z_]+\.[A-Z_]+$/);
        expect(HTTP_STATUS_OF_KIND[error.kind]).toBeGreaterThanOrEqual(400);
        expect(INGESTION_ACTION_OF_KIND[error.kind]).toBeDefined();
        const problem = toProblem(error);
        expect(problem).toMatchObject({
          status: HTTP_STATUS_OF_KIND[error.kind],
          code: error.code,
        });
      },
    );
  });

  describe('when a new error class is written', () => {
    it('is listed above, so this spec checks it too', () => {
      const root = path.resolve(__dirname, '../../../..');
      const sources = ['apps', 'libs'].flatMap((top) =>
        readdirSync(path.join(root, top), { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(file))
          .map((file) => path.join(top, file)),
      );
      const declared = sources.flatMap((file) =>
        [
          ...readFileSync(path.join(root, file), 'utf8').matchAll(
            /class (\w+) extends LedgerError/g,
          ),
        ].map((match) => match[1]!),
      );
      const listed = new Set(EXAMPLES.map((error) => error.constructor.name));
      expect(declared.filter((name) => !listed.has(name))).toEqual([]);
    });
  });

  describe('when an HTTP exception quotes a lost connection', () => {
    it('stays that exception, not the event store unavailable', () => {
      const notReady = new ServiceUnavailableException(
        'Not ready: sequencer (retrying: Client has encountered a connection error and is not queryable)',
      );
      expect(toProblem(notReady)).toEqual({
        status: 503,
        code: 'HTTP.503',
        detail: notReady.message,
      });
    });
  });
});

describe('A 503', () => {
  const down = new EventStoreUnavailableError(new Error('down'));

  it('says nothing was recorded only when that is vouched for', () => {
    expect(toProblem(down, 'nothing_recorded').detail).toContain('nothing was recorded');
    for (const outcome of ['unknown_keyed', 'unknown_unkeyed'] as const) {
      expect(toProblem(down, outcome).detail).not.toContain('nothing was recorded; try again');
      expect(toProblem(down, outcome).detail).toContain('it may have been recorded');
    }
  });

  it('tells a client with a key to retry with the same key, after the lease it names', () => {
    const unknown = new IdempotencyError(
      'IDEMPOTENCY.OUTCOME_UNKNOWN',
      'unavailable',
      'not known',
      {
        retryAfterSeconds: 30,
      },
    );
    expect(toProblem(unknown, 'unknown_keyed')).toMatchObject({
      status: 503,
      retryAfterSeconds: 30,
      detail: expect.stringContaining('retry with the same Idempotency-Key'),
    });
  });
});

describe('A 409', () => {
  it('says "reload and try again" only where another write got there first', () => {
    const raced = new WrongExpectedRevisionError('change-request-CHG-2026-001', 3, 4);
    expect(toProblem(raced, 'nothing_recorded').detail).toMatch(
      /another write got there first: reload and try again$/,
    );
    // Reloading a completed change request does not make it approvable.
    const settled = refuse.transition('approve', 'completed', ['pending_approval']);
    expect(toProblem(settled, 'nothing_recorded').detail).toBe(
      'Cannot approve a change request that is completed; allowed when pending_approval',
    );
    expect(toProblem(refuseHold.alreadyReleased('hold-1'), 'nothing_recorded').detail).not.toMatch(
      /reload/,
    );
  });
});

import {
  changeRequestIdOfStream,
  changeRequestStream,
  LEGAL_HOLDS_STREAM,
  NOTIFICATION_OPERATIONS_STREAM,
  POLICY_EXCEPTIONS_STREAM,
  POLICY_VERSIONS_STREAM,
  PROTECTED_STREAM_PREFIX,
  RETENTION_RUNS_STREAM,
} from './stream-names';

describe('stream names', () => {
  it('read a change request back from its stream, and nothing from the numbering beside it', () => {
    expect(changeRequestIdOfStream(changeRequestStream('CHG-2026-001'))).toBe('CHG-2026-001');
    expect(changeRequestIdOfStream('change-request-numbers-2026')).toBeNull();
    expect(changeRequestIdOfStream('ci-event-0f3a')).toBeNull();
  });

  it('keep every system stream under the prefix the database refuses to delete', () => {
    // ledger.delete_stream() names `ledger-` and `ledger-retention-runs` itself.
    expect(RETENTION_RUNS_STREAM).toBe('ledger-retention-runs');
    for (const stream of [
      LEGAL_HOLDS_STREAM,
      RETENTION_RUNS_STREAM,
      POLICY_VERSIONS_STREAM,
      POLICY_EXCEPTIONS_STREAM,
      NOTIFICATION_OPERATIONS_STREAM,
    ])
      expect(stream.startsWith(PROTECTED_STREAM_PREFIX)).toBe(true);
  });
});

import { type ChangeRequest, type ChangeRequestState, type CiFact } from '@change-ledger/domain';
import { chooseLink } from './choose-link';

const fact = (fields: Partial<CiFact>) =>
  ({
    changeRequestId: null,
    commitSha: null,
    pullRequest: null,
    artifact: null,
    ...fields,
  }) as CiFact;
const change = (status: ChangeRequest['status'], createdAt: string) =>
  ({ status, createdAt }) as ChangeRequest;

describe('chooseLink', () => {
  const states: Record<string, ChangeRequestState> = {
    'CHG-2026-001': change('completed', '2026-01-01T00:00:00.000Z'),
    'CHG-2026-002': change('approved', '2026-01-02T00:00:00.000Z'),
    'CHG-2026-003': change('pending_approval', '2026-01-03T00:00:00.000Z'),
    'CHG-2026-004': change('approved', '2026-01-04T00:00:00.000Z'),
    'CHG-2026-009': { status: 'absent' },
  };
  const stateOf = (id: string) => states[id];

  describe('when the fact names a change request', () => {
    it('links it when its stream holds it, and says it does not exist otherwise', () => {
      expect(chooseLink(fact({ changeRequestId: 'CHG-2026-001' }), [], stateOf).link).toEqual({
        changeRequestId: 'CHG-2026-001',
        linkedBy: 'change_request_id',
      });
      expect(chooseLink(fact({ changeRequestId: 'CHG-2026-009' }), [], stateOf)).toEqual({
        link: null,
        why: 'it names CHG-2026-009, which does not exist',
      });
    });
  });

  describe('when several change requests registered what it reports', () => {
    it('prefers one that may deploy now, then the newest, by its strongest registration', () => {
      const chosen = chooseLink(
        fact({ commitSha: '9fceb02', pullRequest: '42' }),
        [
          { changeRequestId: 'CHG-2026-001', linkedBy: 'commit_sha' },
          { changeRequestId: 'CHG-2026-003', linkedBy: 'commit_sha' },
          { changeRequestId: 'CHG-2026-002', linkedBy: 'commit_sha' },
          { changeRequestId: 'CHG-2026-004', linkedBy: 'artifact' },
          { changeRequestId: 'CHG-2026-004', linkedBy: 'pull_request' },
        ],
        stateOf,
      );
      expect(chosen).toEqual({
        link: { changeRequestId: 'CHG-2026-004', linkedBy: 'pull_request' },
        why: 'CHG-2026-004 registered its pull request',
      });
    });

    it('skips a change that is gone (retention), and says so when none is left', () => {
      expect(
        chooseLink(
          fact({ commitSha: '9fceb02' }),
          [{ changeRequestId: 'CHG-2026-009', linkedBy: 'commit_sha' }],
          stateOf,
        ),
      ).toEqual({
        link: null,
        why: 'no change request registered its commit, pull request or artifact',
      });
    });
  });
});

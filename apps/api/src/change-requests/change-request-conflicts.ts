import { type ChangeRequest } from '@change-ledger/domain';
import { type ChangeRequestConflictsQuery } from '@change-ledger/read-models';

/**
 * Other changes scheduled on the same systems at overlapping times (issue 17): reported on the
 * change's answers, never a reason to refuse it.
 */
export async function conflictsOf(conflicts: ChangeRequestConflictsQuery, change: ChangeRequest) {
  if (!change.scheduledFor || !change.scheduledUntil) return [];
  const found = await conflicts.conflictsWith(change.id, {
    systems: change.content.affectedSystems,
    start: change.scheduledFor,
    end: change.scheduledUntil,
  });
  return found.map(({ change_request_ids: [, other], systems, start, end }) => ({
    change_request_id: other,
    systems,
    start,
    end,
  }));
}

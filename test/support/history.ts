import { API, completeRollbackPlan } from './change-request-fixtures';
import { setDatabaseClock, untilCheckpointed } from './store-clock';
import { type Person } from './test-api';

const DAY = 86_400_000;

/**
 * Writes history in the past through the API, as retention judges it (issue 24): the API's
 * clock (the domain's time) and the database's (the store's, hashed) moved together, and each
 * change waited on until a signed checkpoint covers it (an API booted with a checkpoint cadence),
 * so that its sequenced time is then too. Clocks only move forwards: write the oldest first.
 */
export function pastHistory(options: {
  databaseUrl: () => string;
  /** Sets the API's injected clock. */
  setApiClock: (at: number) => void;
  post: (route: string, who: Person, body: object) => Promise<{ body: Record<string, unknown> }>;
}) {
  const at = async (instant: Date | number) => {
    const when = new Date(instant).getTime();
    options.setApiClock(when);
    await setDatabaseClock(options.databaseUrl(), new Date(when));
  };
  const change = (id: string, step: string) => `${API}/change-requests/${id}${step}`;

  /** Created two days before `closedAt`, approved, implemented, verified, completed then. */
  async function completedChange(title: string, closedAt: Date): Promise<string> {
    await at(closedAt.getTime() - 2 * DAY);
    const created = await options.post(`${API}/change-requests`, 'requester', {
      title,
      description: title,
      change_type: 'feature',
      priority: 'high',
      affected_systems: ['billing'],
      rollback_plan: completeRollbackPlan,
    });
    const id = String(created.body['change_request_id']);
    for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const)
      await options.post(change(id, '/approve'), who, { approved: true });
    await at(closedAt.getTime() - DAY);
    await options.post(change(id, '/implement'), 'implementer', {});
    await at(closedAt.getTime() - DAY + 31 * 60_000);
    await options.post(change(id, '/verify'), 'implementer', {
      outcome: 'passed',
      monitoring_minutes: 31,
    });
    await at(closedAt);
    await options.post(change(id, '/complete'), 'implementer', { status: 'completed' });
    await untilCheckpointed(options.databaseUrl());
    return id;
  }

  return { at, completedChange };
}

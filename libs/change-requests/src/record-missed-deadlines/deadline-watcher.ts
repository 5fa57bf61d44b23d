import { randomUUID } from 'node:crypto';
import { type ChangeRequest, overdueDeadlines } from '@change-ledger/domain';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Clock, CLOCK } from '../request-context';
import { RecordMissedDeadlineCommand } from './record-missed-deadline.command';

/** Where to look for change requests whose deadlines may have passed (a read model). */
export interface DeadlineCandidates {
  deadlineCandidates(now: Date): Promise<ChangeRequest[]>;
}
export const DEADLINE_CANDIDATES = Symbol('DEADLINE_CANDIDATES');

const WATCHER = {
  id: 'change-ledger-deadlines',
  kind: 'service' as const,
  roles: [],
  authenticatedBy: 'system',
};

/**
 * Turns time-driven rules into events, each exactly once: for every deadline that has passed
 * unmet, it sends RecordMissedDeadline through the ordinary command path. The decider records a
 * deadline once (it is part of the state), and the append at the revision read makes two
 * watchers racing (replicas) settle on one event; a restarted watcher finds it recorded.
 */
@Injectable()
export class DeadlineWatcher {
  constructor(
    private readonly commands: CommandBus,
    @Inject(DEADLINE_CANDIDATES) private readonly candidates: DeadlineCandidates,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One pass; the number of missed deadlines it recorded. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    let recorded = 0;
    for (const change of await this.candidates.deadlineCandidates(now)) {
      for (const { deadline } of overdueDeadlines(change, now.toISOString())) {
        const requestId = `deadline-watch-${randomUUID()}`;
        const outcome = await this.commands.execute(
          new RecordMissedDeadlineCommand(
            change.id,
            { deadline },
            { actor: WATCHER, requestId, correlationId: requestId },
          ),
        );
        recorded += outcome.events.length;
      }
    }
    return recorded;
  }
}

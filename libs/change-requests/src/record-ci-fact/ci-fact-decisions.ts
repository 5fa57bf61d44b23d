import {
  type ChangeRequestEvent,
  type ChangeRequestState,
  type CiFact,
  decide,
  evolve,
  type StandingException,
} from '@change-ledger/domain';
import { type StreamAppend } from '@change-ledger/event-store';
import { Injectable } from '@nestjs/common';
import { ChangeRequestRepository, type LoadedChangeRequest } from '../change-request.repository';
import { StandingExceptionsRepository } from '../policy-exceptions/standing-exceptions.repository';
import { PolicyInForce } from '../policy-in-force';
import { type RequestContext } from '../request-context';

/** How many change-request streams a batch reads at once (a pool holds about ten connections). */
const LOAD_CONCURRENCY = 8;

/**
 * RecordCiFact for a batch of CI facts (CiFactBatch): the change requests a batch touches are
 * loaded once, each fact is decided in memory on the state the previous facts of the batch left
 * (a deployment then a rollback of the same change in one batch: the rollback sees the
 * deployment), and what was decided goes into the batch's one multi-stream append, at the
 * revision that was loaded. Same decider, same envelope as ChangeRequestDecisions; only the
 * round trips are shared.
 */
@Injectable()
export class CiFactDecisions {
  constructor(
    private readonly repository: ChangeRequestRepository,
    private readonly policy: PolicyInForce,
    private readonly exceptions: StandingExceptionsRepository,
  ) {}

  /**
   * The approved policy exceptions for a service and a period, read once per batch that holds a
   * production deployment: its deploy gate may be passed by one of them (ADR 0022).
   */
  standingExceptions(): Promise<StandingException[]> {
    return this.exceptions.approved();
  }

  /** The change requests of these ids as stored now; an id never written loads as `absent`. */
  async load(changeRequestIds: Iterable<string>): Promise<Map<string, LoadedChangeRequest>> {
    const ids = [...new Set(changeRequestIds)];
    const loaded = new Map<string, LoadedChangeRequest>();
    for (let start = 0; start < ids.length; start += LOAD_CONCURRENCY) {
      const slice = ids.slice(start, start + LOAD_CONCURRENCY);
      const streams = await Promise.all(slice.map((id) => this.repository.load(id)));
      slice.forEach((id, index) => loaded.set(id, streams[index]!));
    }
    return loaded;
  }

  /**
   * The decider's events for this fact on this state (throws the decider's refusal), received by
   * the ledger at `receivedAt` (its own clock).
   */
  decide(
    changeRequestId: string,
    state: ChangeRequestState,
    fact: CiFact,
    context: RequestContext,
    standingExceptions: readonly StandingException[],
    receivedAt: string,
  ): { events: ChangeRequestEvent[]; state: ChangeRequestState } {
    const events = decide(
      {
        type: 'RecordCiFact',
        data: {
          fact,
          receivedAt,
          policy: this.policy.policy,
          standingExceptions,
        },
        meta: {
          changeRequestId,
          actor: context.actor,
          // The ledger's clock, not the reporter's: what a CI fact starts (an implementation,
          // its monitoring minimum, an emergency change's deadlines) runs from when the ledger
          // learned of it. A reported time dated back would satisfy the monitoring minimum at
          // once; one dated ahead would put off the 24-hour documentation deadline.
          at: receivedAt,
        },
      },
      state,
    );
    return { events, state: events.reduce(evolve, state) };
  }

  /** The change request's part of the batch's append, at the revision loaded. */
  appendOf(
    changeRequestId: string,
    events: readonly { event: ChangeRequestEvent; context: RequestContext }[],
    loadedRevision: number | undefined,
  ): StreamAppend {
    return this.repository.appendOf(changeRequestId, events, loadedRevision);
  }
}

import { recordedBefore } from '@change-ledger/change-requests';
import {
  asChangeRequestEvent,
  type ChangeRequest,
  changeRequestStream,
  rehydrate,
} from '@change-ledger/domain';
import { type EventStore } from '@change-ledger/event-store';
import { ciEventStream } from '@change-ledger/ingestion';
import {
  changeLogEntry,
  type ChangeLogEntry,
  type ChangeRequestQueries,
  type CiEventQueries,
  deployedIn,
  factsOf,
  type Period,
} from '@change-ledger/read-models';
import { byCodeUnit } from '../code-unit-order';
import { buildPopulation, type Population } from './population';

/**
 * The population of a period, now (the read models' current state) or as of an instant: the
 * read model names the candidates (their deploy and close times never change once recorded),
 * and each is folded from its own events recorded before the instant — no read model of the past.
 */
export class PopulationQuery {
  constructor(
    private readonly store: EventStore,
    private readonly changeRequests: ChangeRequestQueries,
    private readonly ciEvents: CiEventQueries,
  ) {}

  async population(period: Period, asOf?: Date): Promise<Population> {
    const [states, unauthorized] = await Promise.all([
      this.states(period, asOf),
      this.unauthorized(period, asOf),
    ]);
    return buildPopulation(period, asOf ?? null, states, unauthorized);
  }

  /** The change log of 003 §7 as of an instant: the same entries, folded from events. */
  async changeLog(period: Period, asOf: Date): Promise<ChangeLogEntry[]> {
    return (await this.states(period, asOf))
      .filter((state) => deployedIn(factsOf(state), period))
      .sort(
        (a, b) =>
          byCodeUnit(a.implementationStartedAt!, b.implementationStartedAt!) ||
          byCodeUnit(a.id, b.id),
      )
      .map(changeLogEntry);
  }

  /** Unauthorized deployments of the period; as of an instant, those recorded before it. */
  private async unauthorized(period: Period, asOf: Date | undefined) {
    const all = await this.ciEvents.unauthorizedChanges(period.from, period.to);
    if (!asOf) return all;
    const known = [];
    for (const change of all) {
      const [receipt] = await this.store.readStream(
        ciEventStream({ source: change.source, id: change.event_id }),
        { maxCount: 1 },
      );
      if (receipt && recordedBefore([receipt], asOf).length > 0) known.push(change);
    }
    return known;
  }

  private async states(period: Period, asOf: Date | undefined): Promise<ChangeRequest[]> {
    const candidates = await this.changeRequests.populationCandidates(period.from, period.to);
    if (!asOf) return candidates;
    const states: ChangeRequest[] = [];
    for (const candidate of candidates) {
      const state = await stateAsOf(this.store, candidate.id, asOf);
      if (state) states.push(state);
    }
    return states;
  }
}

/** One change request folded from its events recorded before `asOf`; undefined if none were. */
export async function stateAsOf(
  store: EventStore,
  changeRequestId: string,
  asOf: Date,
): Promise<ChangeRequest | undefined> {
  const events = recordedBefore(await store.readStream(changeRequestStream(changeRequestId)), asOf);
  const state = rehydrate(events.flatMap((event) => asChangeRequestEvent(event) ?? []));
  return state.status === 'absent' ? undefined : state;
}

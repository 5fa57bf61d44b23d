import { ciEventStream, recordedBefore } from '@change-ledger/change-requests';
import {
  asChangeRequestEvent,
  type ChangeRequest,
  changeRequestStream,
  rehydrate,
} from '@change-ledger/domain';
import { type EventStore } from '@change-ledger/event-store';
import {
  changeLogEntry,
  type ChangeLogEntry,
  deployedIn,
  factsOf,
  type Period,
  type PopulationCandidatesQuery,
  type UnauthorizedChange,
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
    private readonly candidates: PopulationCandidatesQuery,
  ) {}

  async population(period: Period, asOf?: Date): Promise<Population> {
    const [states, unauthorized] = await Promise.all([
      this.states(period, asOf),
      this.unauthorized(period, asOf),
    ]);
    return buildPopulation(period, asOf ?? null, states, unauthorized);
  }

  /**
   * The same population a page at a time (each a Population of up to `pageSize` members, change
   * requests then unauthorized deployments, in the whole population's order): concatenating the
   * pages' members and summing their totals gives population() (write-bundle.int-spec.ts), with
   * memory bounded by a page. Each kind is read in one snapshot of its read model.
   */
  async *pages(
    period: Period,
    asOf: Date | undefined,
    pageSize: number,
  ): AsyncGenerator<Population> {
    for await (const candidates of this.candidates.changeRequestPages(
      period.from,
      period.to,
      pageSize,
    )) {
      const states = asOf ? await this.foldedAsOf(candidates, asOf) : candidates;
      yield buildPopulation(period, asOf ?? null, states, []);
    }
    for await (const page of this.candidates.unauthorizedChangePages(
      period.from,
      period.to,
      pageSize,
    ))
      yield buildPopulation(period, asOf ?? null, [], await this.knownAsOf(page, asOf));
  }

  /** The change log of SOC-CHANGE-LOG as of an instant: the same entries, folded from events. */
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
    return this.knownAsOf(await this.candidates.unauthorizedChanges(period.from, period.to), asOf);
  }

  private async knownAsOf(all: UnauthorizedChange[], asOf: Date | undefined) {
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
    const candidates = await this.candidates.changeRequests(period.from, period.to);
    return asOf ? this.foldedAsOf(candidates, asOf) : candidates;
  }

  /** Each candidate folded as of the instant; read together (the store's pool bounds them). */
  private async foldedAsOf(candidates: ChangeRequest[], asOf: Date): Promise<ChangeRequest[]> {
    const states = await Promise.all(
      candidates.map((candidate) => stateAsOf(this.store, candidate.id, asOf)),
    );
    return states.filter((state): state is ChangeRequest => state !== undefined);
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

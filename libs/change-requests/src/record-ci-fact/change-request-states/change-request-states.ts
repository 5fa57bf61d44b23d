import { type CiFactDecisions } from '../ci-fact-decisions';
import { type ChangeRequestState, changeRequestStream } from '@change-ledger/domain';
import { type StreamHeads } from './stream-heads';

/** A change request as of one revision of its stream: what a batch decides on. */
export interface ChangeRequestAt {
  state: ChangeRequestState;
  /** Its stream's last revision; undefined: no stream yet. */
  revision: number | undefined;
}

/** Enough for the change requests a busy pipeline reports on; the oldest are forgotten first. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The change requests the batches of this process decided on, as they stood after its own
 * appends, so that the next batch does not replay their streams: a change that CI reports on all
 * day (its test runs, scans, deployments) has a stream that only grows. A remembered state is used
 * only while its stream's head is still the revision it was taken at — one query for the whole
 * batch (StreamHeads); a change written since by anyone else (an approval, another replica) is
 * loaded again from its stream. Streams are append-only, so a stream at the same revision holds the
 * same events, and the state is the one a load would rebuild. Without StreamHeads (EventStoreDB)
 * nothing is remembered.
 */
export class ChangeRequestStates {
  private readonly known = new Map<string, ChangeRequestAt>();

  constructor(
    private readonly decisions: Pick<CiFactDecisions, 'load'>,
    private readonly heads: StreamHeads | null,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The change requests of these ids as stored now; an id never written is `absent`. */
  async load(changeRequestIds: Iterable<string>): Promise<Map<string, ChangeRequestAt>> {
    const ids = [...new Set(changeRequestIds)];
    const loaded = new Map<string, ChangeRequestAt>();
    const remembered = this.heads ? ids.filter((id) => this.known.has(id)) : [];
    if (remembered.length > 0) {
      const heads = await this.heads!.revisions(remembered.map(changeRequestStream));
      for (const id of remembered) {
        const known = this.known.get(id)!;
        if (heads.get(changeRequestStream(id)) === known.revision) loaded.set(id, known);
      }
    }
    const stale = ids.filter((id) => !loaded.has(id));
    if (stale.length > 0) {
      for (const [id, { state, revision }] of await this.decisions.load(stale)) {
        loaded.set(id, { state, revision });
      }
    }
    return loaded;
  }

  /** States a batch stored: each exactly as of its revision (the append checked that revision). */
  remember(stored: ReadonlyMap<string, ChangeRequestAt>): void {
    if (!this.heads) return;
    for (const [id, at] of stored) {
      this.known.delete(id);
      this.known.set(id, at);
    }
    for (const id of this.known.keys()) {
      if (this.known.size <= this.capacity) break;
      this.known.delete(id);
    }
  }

  /** After a failed batch (a race, an outage): everything is loaded again once. */
  forget(): void {
    this.known.clear();
  }
}

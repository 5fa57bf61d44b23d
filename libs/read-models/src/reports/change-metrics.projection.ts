import {
  type ChangeRequest,
  asChangeRequestEvent,
  type ChangeRequestState,
  CHANGE_REQUEST_STREAMS,
  changeRequestIdOfStream,
  evolve,
  RETENTION_RUNS_STREAM,
} from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { copyRows, insertRows, type Row } from '../projection/insert-rows';
import { type Projection } from '../projection/projection';
import { prunedStreams } from '../retention/retention.projection';
import {
  contributionKey,
  type MetricContribution,
  metricContributions,
} from './metric-contributions';
import { storedChangeRequest } from '../projection/stored-change-request';

/**
 * The dashboards' pre-aggregates (issue 15): per month, measure, category, priority and change
 * type, a count and a sum of durations (and, for DORA's medians, a count per duration), so the
 * monthly report and a month's metrics read a few hundred rows, not every change of the period.
 *
 * A projection of its own (its own checkpoint, rebuildable alone), so it folds each change with
 * the domain's `evolve` into its own `change_metric_facts` row rather than reading another
 * projection's table, which may be at another position. That row also keeps what the change
 * added to the aggregates, so a change that moves (another status, another month, pruned) takes
 * back exactly what it added, even after the contribution rules change in a later version.
 */
export const changeMetricsProjection: Projection = {
  name: 'change-metrics',
  filter: { streamPrefixes: [CHANGE_REQUEST_STREAMS, RETENTION_RUNS_STREAM] },
  tables: ['change_metric_facts', 'change_metrics'],

  async apply(tx: ClientBase, events: readonly RecordedEvent[], table: (name: string) => string) {
    const byId = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (!asChangeRequestEvent(event)) continue;
      const id = changeRequestIdOfStream(event.streamId)!;
      byId.set(id, [...(byId.get(id) ?? []), event]);
    }
    const pruned = events
      .flatMap(prunedStreams)
      .flatMap((streamId) => changeRequestIdOfStream(streamId) ?? []);
    if (byId.size === 0 && pruned.length === 0) return;

    const stored = await loadFacts(tx, table, [...byId.keys(), ...pruned]);
    const deltas = new Deltas();
    const written = new Map<string, FactsRow>();
    const added = new Set<string>();
    for (const [id, changeEvents] of byId) {
      const row = stored.get(id);
      // The checkpoint already makes this exactly-once; the revision guard keeps a replay harmless.
      const fresh = changeEvents.filter(
        (event) => !row || event.revision > Number(row.last_revision),
      );
      if (fresh.length === 0) continue;
      const state = fresh.reduce<ChangeRequestState>(
        (current, event) => evolve(current, asChangeRequestEvent(event)!),
        row ? storedChangeRequest(row.state) : { status: 'absent' },
      );
      if (state.status === 'absent') continue;
      const contributions = metricContributions(state);
      deltas.add(row?.contributions ?? [], -1);
      deltas.add(contributions, +1);
      const next = {
        change_request_id: id,
        state,
        last_revision: String(fresh[fresh.length - 1]!.revision),
        contributions,
      };
      written.set(id, next);
      if (!row) added.add(id);
      stored.set(id, next);
    }
    // A pruned stream has no event after its run planned it, so it goes after any in this batch.
    for (const id of pruned) {
      const row = stored.get(id);
      if (row) deltas.add(row.contributions, -1);
      written.delete(id);
      stored.delete(id);
    }

    // Facts of a change with no row yet are COPYed (nearly all of them during a rebuild), a
    // third of the server's work of the upsert that the others take.
    const facts: Array<FactsRow & Row> = [...written.values()].map((row) => ({ ...row }));
    await copyRows(
      tx,
      table('change_metric_facts'),
      facts.filter((row) => added.has(row.change_request_id)),
    );
    await insertRows(
      tx,
      table('change_metric_facts'),
      facts.filter((row) => !added.has(row.change_request_id)),
      { key: ['change_request_id'], update: ['state', 'last_revision', 'contributions'] },
    );
    if (pruned.length > 0)
      await tx.query(
        `DELETE FROM ${table('change_metric_facts')} WHERE change_request_id = ANY($1::text[])`,
        [pruned],
      );
    await deltas.write(tx, table('change_metrics'));
  },
};

interface FactsRow {
  change_request_id: string;
  state: ChangeRequest;
  last_revision: string;
  contributions: MetricContribution[];
}

async function loadFacts(
  tx: ClientBase,
  table: (name: string) => string,
  ids: readonly string[],
): Promise<Map<string, FactsRow>> {
  const { rows } = await tx.query<FactsRow>(
    `SELECT change_request_id, state, last_revision, contributions FROM ${table('change_metric_facts')}
      WHERE change_request_id = ANY($1::text[]) ORDER BY change_request_id FOR UPDATE`,
    [ids],
  );
  return new Map(rows.map((row) => [row.change_request_id, row]));
}

/**
 * A batch's net change to the aggregate rows, one per row touched, so one multi-row upsert (which
 * may touch a row only once) writes it; rows whose count falls to zero are removed.
 */
class Deltas {
  private readonly rows = new Map<string, MetricContribution>();

  add(contributions: readonly MetricContribution[], sign: 1 | -1): void {
    for (const contribution of contributions) {
      const key = contributionKey(contribution);
      const current = this.rows.get(key) ?? { ...contribution, n: 0, sumMs: 0 };
      current.n += sign * contribution.n;
      current.sumMs += sign * contribution.sumMs;
      this.rows.set(key, current);
    }
  }

  async write(tx: ClientBase, table: string): Promise<void> {
    const changed = [...this.rows.values()].filter((row) => row.n !== 0 || row.sumMs !== 0);
    if (changed.length === 0) return;
    const rows = JSON.stringify(changed);
    const recordset = `jsonb_to_recordset($1::jsonb) AS d(month date, measure text, bucket text, category text,
      priority text, "changeType" text, "valueMs" bigint, n bigint, "sumMs" bigint)`;
    await tx.query(
      `INSERT INTO ${table} AS m (month, measure, bucket, category, priority, change_type, value_ms, n, sum_ms)
       SELECT month, measure, bucket, category, priority, "changeType", "valueMs", n, "sumMs" FROM ${recordset}
       ON CONFLICT (month, measure, bucket, category, priority, change_type, value_ms)
       DO UPDATE SET n = m.n + excluded.n, sum_ms = m.sum_ms + excluded.sum_ms`,
      [rows],
    );
    await tx.query(
      `DELETE FROM ${table} AS m USING ${recordset}
        WHERE m.n = 0 AND (m.month, m.measure, m.bucket, m.category, m.priority, m.change_type, m.value_ms)
            = (d.month, d.measure, d.bucket, d.category, d.priority, d."changeType", d."valueMs")`,
      [rows],
    );
  }
}

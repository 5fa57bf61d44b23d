import {
  asChangeRequestEvent,
  asStandardChangeTemplateEvent,
  CHANGE_REQUEST_STREAM_PREFIX,
  evolveTemplate,
  STANDARD_CHANGE_TEMPLATE_EVENT_TYPES,
  STANDARD_CHANGE_TEMPLATE_STREAM_PREFIX,
  type StandardChangeTemplate,
  type StandardChangeTemplateState,
} from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { insertRows, type Row } from '../projection/insert-rows';
import { type Projection } from '../projection/projection';
import { streamsToFold } from '../projection/streams-to-fold';
import { prunedStreams } from '../retention/retention.projection';

/**
 * The standard-change catalogue: each template as its own stream folds (the domain's evolve, so
 * the list and a decision never disagree about a template), and each change a template
 * pre-approved with how it ended — a template's uses, success rate and rollbacks, and what the
 * suspension watcher reads.
 */
export const standardChangeCatalogueProjection: Projection = {
  name: 'standard-change-catalogue',
  filter: {
    eventTypes: [
      ...STANDARD_CHANGE_TEMPLATE_EVENT_TYPES,
      'StandardChangePreApproved',
      'ChangeCompleted',
      'ChangeFailed',
      'ChangeRolledBack',
      'IncidentRecorded',
      'CiEvidenceRecorded',
      'RetentionBatchPruned',
    ],
  },
  tables: ['standard_change_templates', 'standard_change_instances'],

  async apply(tx, events, table) {
    const byTemplate = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (!event.streamId.startsWith(STANDARD_CHANGE_TEMPLATE_STREAM_PREFIX)) continue;
      const streamEvents = byTemplate.get(event.streamId) ?? [];
      streamEvents.push(event);
      byTemplate.set(event.streamId, streamEvents);
    }
    if (byTemplate.size > 0) await applyToTemplates(tx, byTemplate, table);
    await applyToInstances(tx, events, table);
  },
};

async function applyToTemplates(
  tx: ClientBase,
  byStream: ReadonlyMap<string, readonly RecordedEvent[]>,
  table: (name: string) => string,
): Promise<void> {
  const toFold = await streamsToFold<StandardChangeTemplate>(
    tx,
    table('standard_change_templates'),
    'template_id',
    byStream,
    (streamId) => streamId.slice(STANDARD_CHANGE_TEMPLATE_STREAM_PREFIX.length),
  );
  const changed: Row[] = [];
  for (const { id, stored, fresh } of toFold) {
    let state: StandardChangeTemplateState = stored ?? { status: 'absent' };
    for (const event of fresh) {
      const templateEvent = asStandardChangeTemplateEvent(event);
      if (templateEvent) state = evolveTemplate(state, templateEvent);
    }
    if (state.status === 'absent') continue;
    changed.push({
      template_id: id,
      status: state.status,
      title: (state.current ?? state.proposal)?.definition.title ?? id,
      version: state.current?.version ?? null,
      state,
      last_revision: fresh.at(-1)!.revision,
      updated_at: fresh.at(-1)!.metadata.recordedAt,
    });
  }
  await insertRows(tx, table('standard_change_templates'), changed, {
    key: ['template_id'],
    update: ['status', 'title', 'version', 'state', 'last_revision', 'updated_at'],
  });
}

/**
 * Instances in, outcomes onto them, pruned change requests out. A batch holds every change's
 * completions, failures and CI evidence; only those of instances change a row.
 */
async function applyToInstances(
  tx: ClientBase,
  events: readonly RecordedEvent[],
  table: (name: string) => string,
): Promise<void> {
  const instances = table('standard_change_instances');
  const ofInstances = await instancesAmong(tx, instances, events);
  for (const stored of events) {
    const event = asChangeRequestEvent(stored);
    if (event && !ofInstances.has(event.data.changeRequestId)) continue;
    if (!event) {
      const pruned = prunedStreams(stored)
        .filter((streamId) => streamId.startsWith(CHANGE_REQUEST_STREAM_PREFIX))
        .map((streamId) => streamId.slice(CHANGE_REQUEST_STREAM_PREFIX.length));
      if (pruned.length > 0)
        await tx.query(`DELETE FROM ${instances} WHERE change_request_id = ANY($1::text[])`, [
          pruned,
        ]);
      continue;
    }
    const { changeRequestId, at } = event.data;
    switch (event.type) {
      case 'StandardChangePreApproved':
        await tx.query(
          `INSERT INTO ${instances} (change_request_id, template_id, template_version, pre_approved_at)
           VALUES ($1, $2, $3, $4) ON CONFLICT (change_request_id) DO NOTHING`,
          [changeRequestId, event.data.templateId, event.data.templateVersion ?? null, at],
        );
        break;
      case 'ChangeCompleted':
      case 'ChangeFailed':
        await tx.query(`UPDATE ${instances} SET outcome = $2 WHERE change_request_id = $1`, [
          changeRequestId,
          event.type === 'ChangeCompleted' ? 'completed' : 'failed',
        ]);
        break;
      case 'ChangeRolledBack':
        await tx.query(
          `UPDATE ${instances} SET outcome = 'rolled_back', rolled_back_at = $2
            WHERE change_request_id = $1`,
          [changeRequestId, at],
        );
        break;
      case 'IncidentRecorded':
        await recordIncident(tx, instances, changeRequestId, event.data.incidentId, at);
        break;
      case 'CiEvidenceRecorded':
        if (event.data.fact.kind === 'incident')
          await recordIncident(
            tx,
            instances,
            changeRequestId,
            event.data.fact.incident?.id ?? event.data.fact.id,
            event.data.fact.occurredAt,
          );
        break;
      default:
        break;
    }
  }
}

/** The change requests of the batch that are (or become, in it) a template's instances. */
async function instancesAmong(
  tx: ClientBase,
  instances: string,
  events: readonly RecordedEvent[],
): Promise<Set<string>> {
  const ids = new Set<string>();
  const preApproved = new Set<string>();
  for (const stored of events) {
    const event = asChangeRequestEvent(stored);
    if (!event) continue;
    ids.add(event.data.changeRequestId);
    if (event.type === 'StandardChangePreApproved') preApproved.add(event.data.changeRequestId);
  }
  if (ids.size === 0) return preApproved;
  const { rows } = await tx.query<{ change_request_id: string }>(
    `SELECT change_request_id FROM ${instances} WHERE change_request_id = ANY($1::text[])`,
    [[...ids]],
  );
  return new Set([...preApproved, ...rows.map((row) => row.change_request_id)]);
}

/** The first incident an instance caused: what suspends its template. */
async function recordIncident(
  tx: ClientBase,
  instances: string,
  changeRequestId: string,
  incidentId: string,
  at: string,
): Promise<void> {
  await tx.query(
    `UPDATE ${instances} SET incident_id = $2, incident_at = $3
      WHERE change_request_id = $1 AND incident_at IS NULL`,
    [changeRequestId, incidentId, at],
  );
}

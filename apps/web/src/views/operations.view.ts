import { ApiError, CHANGE_MANAGEMENT, getJson, getText } from '../api-client';
import { type ProjectionsAnswer } from '../api-types';
import { badge, h, section, table } from '../dom';
import { formatHours, formatTime, parseCheckpoint } from '../format';

/** The log's latest signed checkpoint and its age; how far each read model is behind. */
export async function operationsView(): Promise<HTMLElement[]> {
  const now = Date.now();
  const [checkpoint, projections] = await Promise.all([
    getText('/api/v1/ledger/checkpoint').catch(orApiError),
    getJson<ProjectionsAnswer>(`${CHANGE_MANAGEMENT}/projections`).catch(orApiError),
  ]);
  return [
    section(
      'Integrity',
      checkpoint instanceof ApiError
        ? h(
            'p',
            {},
            checkpoint.status === 404
              ? 'No checkpoint has been signed yet.'
              : `The log did not answer: ${checkpoint.detail}`,
          )
        : checkpointFacts(checkpoint.text, checkpoint.lastModified, now),
      h(
        'p',
        { class: 'hint' },
        'Last verification: the ledger does not record verifications — auditors run ',
        h('code', {}, 'ledger verify'),
        ' against the checkpoints they kept, and keep its report.',
      ),
    ),
    section(
      'Projections',
      projections instanceof ApiError
        ? h('p', {}, `Not available here: ${projections.detail}`)
        : table(
            'Read models (and the notifier’s planner, where notifications are on): how far behind the events they are',
            ['Projection', 'Events behind', 'Behind by', 'Parked events'],
            projections.projections.map((projection) => [
              projection.projection,
              String(projection.eventsBehind),
              projection.secondsBehind === 0
                ? badge('✓ caught up', 'good')
                : formatHours(projection.secondsBehind / 3600),
              projection.parked > 0
                ? badge(`${projection.parked} parked`, 'bad')
                : badge('none', 'good'),
            ]),
          ),
    ),
  ];
}

function checkpointFacts(note: string, lastModified: string | null, now: number): HTMLElement {
  const { origin, size, root } = parseCheckpoint(note);
  const signedAt = lastModified ? new Date(lastModified) : null;
  const rows: [string, string][] = [
    ['Origin', origin],
    ['Tree size (events)', String(size)],
    ['Root hash', root],
    ['Signed', signedAt ? formatTime(signedAt.toISOString()) : 'unknown'],
    ['Age', signedAt ? formatHours(Math.max(0, now - signedAt.getTime()) / 3_600_000) : 'unknown'],
  ];
  return h(
    'dl',
    { class: 'facts', 'data-checkpoint-size': size },
    rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

const orApiError = (error: unknown) => (error instanceof ApiError ? error : Promise.reject(error));

import { generateSignerKey } from '@change-ledger/integrity';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { API, lowPriorityChange } from './change-request-fixtures';
import { bearer, movableClock, useTestApi } from './test-api';
import { withClient } from './test-database';

/**
 * An API for receipt tests (ADR 0019): its log key, a clock the test can move back (a write whose
 * promise has passed), and no projector: the test runs the log's loop (sequenceAndSign) when it
 * chooses, so an event can be removed before the log takes it. It alters the ledger behind the
 * store on purpose, so the file does not end on `expectLedgerWhole`.
 */
export function useReceiptsApi() {
  const signingKey = generateSignerKey('test.example/log');
  const clock = movableClock();
  const api = useTestApi({
    log: { signingKey },
    clock,
    runProjector: false,
    ledgerWholeAtEnd: false,
  });
  return { api, clock, signingKey };
}

/** A new change request: the 201's body, with its receipt. */
export async function fileChangeRequest(app: NestExpressApplication) {
  const answer = await request(app.getHttpServer())
    .post(`${API}/change-requests`)
    .set(bearer('requester'))
    .send(lowPriorityChange)
    .expect(201);
  return answer.body as { change_request_id: string; receipt: string };
}

/** What an insider with the database's superuser does: events deleted, triggers off. */
export async function removeEvents(databaseUrl: string, eventIds: readonly string[]) {
  await withClient(databaseUrl, async (db) => {
    await db.query('SET session_replication_role = replica');
    await db.query('DELETE FROM ledger.events WHERE event_id = ANY($1::uuid[])', [eventIds]);
  });
}

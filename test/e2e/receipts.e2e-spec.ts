import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReceipt, parseSignerKey } from '@change-ledger/integrity';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { sequenceAndSign } from '../support/sequence-and-sign';
import { fileChangeRequest, removeEvents, useReceiptsApi } from '../support/receipts';
import { bearer } from '../support/test-api';
import { setDatabaseClock } from '../support/store-clock';

/**
 * Signed receipts (ADR 0019) end to end: the API's write answers carry them, and
 * `ledger verify --receipts DIR` proves them against the log, or names the ones it cannot.
 * The API runs no projector: the test sequences and signs when it chooses, so that an event can
 * be removed before the log takes it (the gap receipts close).
 */
describe('signed receipts', () => {
  const { api, clock, signingKey } = useReceiptsApi();
  const logKey = parseSignerKey(signingKey);
  const kept: Record<string, string> = {};
  let keyFile = '';

  /** A new change request, its answer's receipt opened with the log's key. */
  const fileWithReceipt = async () => {
    const { receipt } = await fileChangeRequest(api.app);
    return { note: receipt, receipt: openReceipt(receipt, [logKey]) };
  };

  const dirOf = async (...names: string[]) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'receipts-'));
    for (const name of names) await writeFile(path.join(dir, `${name}.receipt`), kept[name]!);
    return dir;
  };
  const verifyReceipts = (dir: string) =>
    runLedgerCli(['verify', '--receipts', dir, '--signing-key-file', keyFile], {
      DATABASE_URL: api.database.url,
    });

  beforeAll(async () => {
    keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'log-key-')), 'log-signing.key');
    await writeFile(keyFile, signingKey);
  });

  it('answers a new change request with a receipt: its events, their hashes, the promise', async () => {
    const before = Date.now();
    const { note, receipt } = await fileWithReceipt();
    expect(receipt.origin).toBe('test.example/log');
    expect(receipt.events.length).toBeGreaterThan(0);
    for (const event of receipt.events) expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    // Recorded now, promised within the default maximum merge delay (300 s).
    const promisedIn = receipt.includeBy.getTime() - before;
    expect(promisedIn).toBeGreaterThan(298_000);
    expect(promisedIn).toBeLessThan(305_000);
    kept['on-time'] = note;
  });

  it('answers CI ingestion over HTTP with a receipt', async () => {
    const answer = await request(api.app.getHttpServer())
      .post('/api/v1/ingest/events')
      .set(bearer('pipeline'))
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          source: 'github.com/acme/edge/actions',
          id: 'tests-receipt-1',
          type: 'test_run',
          occurred_at: new Date().toISOString(),
          outcome: 'success',
          tests: { total: 3, failed: 0 },
        }),
      )
      .expect(202);
    expect(openReceipt(answer.body.receipt, [logKey]).events).toHaveLength(1);
    kept['ci'] = answer.body.receipt;
    // The same receipt's events, signed on request for a producer that got no answer (Kafka).
    const fetched = await request(api.app.getHttpServer())
      .get('/api/v1/ingest/receipt')
      .query({ source: 'github.com/acme/edge/actions', id: 'tests-receipt-1' })
      .set(bearer('pipeline'))
      .expect(200);
    expect(openReceipt(fetched.body.receipt, [logKey]).events).toEqual(
      openReceipt(answer.body.receipt, [logKey]).events,
    );
  });

  it(
    'names a receipt whose event was removed before the log took it, and one included late',
    async () => {
      // Written an hour ago (by the database's clock, which dates what a receipt promises): their
      // promises (recorded + 300 s) have passed by the checkpoint.
      clock.advance(-60);
      await setDatabaseClock(api.database.url, new Date(Date.now() - 3_600_000));
      const removed = await fileWithReceipt();
      const late = await fileWithReceipt();
      await setDatabaseClock(api.database.url);
      clock.advance(60);
      kept['removed'] = removed.note;
      kept['late'] = late.note;
      await removeEvents(
        api.database.url,
        removed.receipt.events.map((event) => event.id),
      );
      await sequenceAndSign(api.database.url, signingKey);

      const whole = await verifyReceipts(await dirOf('on-time', 'ci'));
      expect(whole.stderr).toMatch(/✔ verified 2 receipts/);
      expect(whole.status).toBe(0);
      expect(
        JSON.parse(whole.stdout).verdicts.map((one: { status: string }) => one.status),
      ).toEqual(expect.arrayContaining(['included']));

      const gone = await verifyReceipts(await dirOf('on-time', 'removed'));
      expect(gone.status).toBe(2);
      expect(gone.stderr).toMatch(/not included: .*removed\.receipt/);
      expect(gone.stderr).toContain(removed.receipt.events[0]!.id);

      const delayed = await verifyReceipts(await dirOf('late'));
      expect(delayed.status).toBe(2);
      expect(delayed.stderr).toMatch(/included late: .*late\.receipt/);
      expect(JSON.parse(delayed.stdout).failures[0]).toMatchObject({
        status: 'included_late',
        eventId: late.receipt.events[0]!.id,
        includeBy: late.receipt.includeBy.toISOString(),
      });
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReceipt, parseSignerKey } from '@change-ledger/integrity';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { sequenceAndSign } from '../support/sequence-and-sign';
import { fileChangeRequest, removeEvents, useReceiptsApi } from '../support/receipts';
import { setDatabaseClock } from '../support/store-clock';

/**
 * The client told "recorded" can later show it. An insider removes a change request the API had
 * just answered 201 for, before the log took it as a leaf: no checkpoint ever covered it, so
 * `ledger verify` — alone and against a witness's copy of every checkpoint — finds nothing wrong
 * (DESIGN.md: what comes after the last checkpoint looks legitimate). The receipt the client kept
 * is the log's signed promise to include it; `ledger verify --receipts` names the broken promise.
 */
describe('attack: a write removed after its answer, before the log took it', () => {
  const { api, clock, signingKey } = useReceiptsApi();
  let work = '';
  let keyFile = '';
  let witnessDir = '';

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'receipts-attack-'));
    keyFile = path.join(work, 'log-signing.key');
    witnessDir = path.join(work, 'witness');
    await writeFile(keyFile, signingKey);
  });

  const ledger = (...args: string[]) =>
    runLedgerCli(['verify', '--signing-key-file', keyFile, ...args], {
      DATABASE_URL: api.database.url,
    });

  it(
    'is invisible to ledger verify, and named by the receipt the client kept',
    async () => {
      await fileChangeRequest(api.app);
      await sequenceAndSign(api.database.url, signingKey, witnessDir);
      // The client's write, answered "recorded" ten minutes before the auditor looks: past the
      // log's promise (recorded + 300 s).
      clock.advance(-10);
      await setDatabaseClock(api.database.url, new Date(Date.now() - 600_000));
      const answered = await fileChangeRequest(api.app);
      await setDatabaseClock(api.database.url);
      clock.advance(10);
      const receipt = openReceipt(answered.receipt, [parseSignerKey(signingKey)]);
      const receipts = await mkdtemp(path.join(work, 'receipts-'));
      await writeFile(
        path.join(receipts, `${answered.change_request_id}.receipt`),
        answered.receipt,
      );

      await removeEvents(
        api.database.url,
        receipt.events.map((event) => event.id),
      );
      await sequenceAndSign(api.database.url, signingKey, witnessDir);

      const alone = await ledger();
      const witnessed = await ledger('--witness-dir', witnessDir);
      expect([alone.status, witnessed.status]).toEqual([0, 0]);

      const shown = await ledger('--receipts', receipts);
      expect(shown.status).toBe(2);
      expect(shown.stderr).toContain('not included');
      expect(shown.stderr).toContain(receipt.events[0]!.id);
      expect(JSON.parse(shown.stdout).failures).toEqual(
        receipt.events.map((event) =>
          expect.objectContaining({ status: 'not_included', eventId: event.id }),
        ),
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

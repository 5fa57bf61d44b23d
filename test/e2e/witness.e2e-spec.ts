import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool, type NewEvent, PostgresEventStore } from '@change-ledger/event-store';
import {
  CHECKPOINTER,
  type Checkpointer,
  CheckpointPublisher,
  Checkpointer as LogCheckpointer,
  COSIGNATURE_V1,
  generateSignerKey,
  LedgerLogQueries,
  noteSignatures,
  openNote,
  parseSignerKey,
  parseTypedSignerKey,
  parseTypedVerifierKey,
  Sequencer,
  signatureLines,
  verifiedCosignatures,
  verifierKey,
  witnessTarget,
} from '@change-ledger/integrity';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { createChangeRequest } from '../support/change-request-fixtures';
import { runGoCheck } from '../support/go-interop';
import { bearer, useTestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase, withClient } from '../support/test-database';
import { type RunningWitness, startWitness } from '../support/witness-process';

/**
 * Issue 24 item 4: `ledger witness` as its own process (its own key and state directory), the
 * ledger's checkpointer submitting to it (tlog-witness), the cosignature served with the
 * checkpoint, `ledger verify --witness-key --quorum`, a split view refused with its reason and
 * nothing stored from it, and a rewrite re-signed with a new key that only the witness exposes.
 */
const ORIGIN = 'test.example/log';
const OTHER_ORIGIN = 'test.example/other-log';
const logKey = generateSignerKey(ORIGIN);
const otherLogKey = generateSignerKey(OTHER_ORIGIN);
const logVerifierKey = verifierKey(parseSignerKey(logKey));

function event(n: number, tag: string): NewEvent {
  return {
    id: randomUUID(),
    type: 'ChangeNoted',
    data: { n, tag },
    metadata: {
      actor: { id: 'user-123', kind: 'user', roles: ['engineer'], authenticatedBy: 'api-token' },
      occurredAt: '2026-03-01T09:00:00Z',
      correlationId: randomUUID(),
      source: { kind: 'system', process: 'test' },
    },
  };
}

/** A log of its own: `count` events, sequenced and signed; submitted to `witness` if given. */
async function ownLog(
  database: TestDatabase,
  options: { count: number; tag: string; signingKey: string; origin: string },
) {
  const store = new PostgresEventStore({ connectionString: database.url, role: 'ledger_writer' });
  for (let n = 0; n < options.count; n++)
    await store.appendToStream(`change-request-${options.tag}-${n % 2}`, [event(n, options.tag)], {
      expectedRevision: 'any',
    });
  await store.close();
  return signLog(database, options.signingKey, options.origin);
}

/** Sequences what is new and signs a checkpoint with `signingKey`; the caller ends the pool. */
async function signLog(database: TestDatabase, signingKey: string, origin: string) {
  const reader = new PostgresEventStore({ connectionString: database.url, role: 'ledger_reader' });
  const pool = createPool('witness e2e', {
    connectionString: database.url,
    options: '-c role=ledger_sequencer',
  });
  await new Sequencer({ store: reader, pool }).catchUp();
  await reader.close();
  const checkpoint = await new LogCheckpointer({
    pool,
    signer: parseSignerKey(signingKey),
    origin,
    publisher: new CheckpointPublisher([]),
    intervalMs: 0,
  }).checkpoint();
  return { pool, checkpoint: checkpoint! };
}

/**
 * test/interop/cosignature-check: Go's golang.org/x/mod/sumdb/note verifies the log's signature,
 * Go's crypto/ed25519 the cosignature/v1 line, over a message built from the spec in Go.
 */
async function goCheck(note: string, logKeyText: string, witnessKeyText: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'go-check-'));
  const file = path.join(dir, 'checkpoint');
  await writeFile(file, note);
  return runGoCheck('cosignature-check', [file, logKeyText, witnessKeyText]);
}

async function cosignatureCount(database: TestDatabase): Promise<number> {
  return withClient(database.url, async (db) => {
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM ledger_log.cosignatures',
    );
    return Number(rows[0]!.n);
  });
}

describe('witnesses that cosign (C2SP tlog-witness, tlog-cosignature)', () => {
  let witness: RunningWitness;
  const api = useTestApi(async () => {
    witness = await startWitness([
      logVerifierKey,
      `${OTHER_ORIGIN} ${verifierKey(parseSignerKey(otherLogKey))}`,
    ]);
    return { log: { signingKey: logKey, witnesses: [{ url: witness.url, key: witness.key }] } };
  });
  const others: TestDatabase[] = [];

  afterAll(async () => {
    witness?.process.kill('SIGTERM');
    for (const database of others) await database.drop();
  });

  const get = (url: string) => request(api.app.getHttpServer()).get(url).set(bearer('auditor'));
  const verify = async (...args: string[]) => {
    const result = await runLedgerCli(['verify', '--verifier-key', logVerifierKey, ...args], {
      DATABASE_URL: api.database.url,
    });
    return { ...result, report: result.stdout ? JSON.parse(result.stdout) : undefined };
  };

  it(
    'the checkpointer submits each checkpoint; GET checkpoint serves it with the cosignature',
    async () => {
      await createChangeRequest(api.app);
      let served = '';
      for (let i = 0; i < 200; i++) {
        const signed = await api.app.get<Checkpointer>(CHECKPOINTER).checkpoint();
        if (signed) {
          served = (await get('/api/v1/ledger/checkpoint').expect(200)).text;
          if (noteSignatures(served).length > 1) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(noteSignatures(served).map((s) => s.name)).toEqual([ORIGIN, 'witness.test/w1']);
      expect(openNote(served, [parseSignerKey(logKey)]).verifiedBy).toEqual([ORIGIN]);
      const cosignatures = verifiedCosignatures(
        signatureLines(served).text,
        served.slice(served.lastIndexOf('\n\n') + 2),
        parseTypedVerifierKey(witness.key, COSIGNATURE_V1),
      );
      expect(cosignatures).toHaveLength(1);
      expect(Math.abs(cosignatures[0]!.time * 1000 - Date.now())).toBeLessThan(120_000);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'Go verifies the served checkpoint: the log signature with x/mod/sumdb/note, the cosignature with crypto/ed25519',
    async () => {
      const served = (await get('/api/v1/ledger/checkpoint').expect(200)).text;
      const checked = await goCheck(served, logVerifierKey, witness.key);
      expect(checked.stderr).toBe('');
      expect(checked.stdout).toMatch(
        new RegExp(`^log signature verified by ${ORIGIN}; cosigned by witness.test/w1 at \\d+\n$`),
      );
      expect(checked.status).toBe(0);
      // One bit of the witness's timestamp changed: Go must refuse the cosignature.
      const lines = served.split('\n');
      const at = lines.findIndex((line) => line.startsWith('\u2014 witness.test/w1 '));
      const blob = Buffer.from(lines[at]!.split(' ')[2]!, 'base64');
      blob[11] = blob[11]! ^ 1;
      lines[at] = `\u2014 witness.test/w1 ${blob.toString('base64')}`;
      const tampered = await goCheck(lines.join('\n'), logVerifierKey, witness.key);
      expect(tampered.status).toBe(1);
      expect(tampered.stderr).toContain('cosignature: the Ed25519 signature does not verify');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'ledger verify --witness-key --quorum 1 passes and reports the witnessed times; quorum 2 or a wrong key fails',
    async () => {
      const passed = await verify('--witness-key', witness.key, '--quorum', '1');
      expect(passed.stderr).toContain('✔');
      expect(passed.status).toBe(0);
      expect(passed.report.cosignaturesChecked).toBeGreaterThanOrEqual(1);
      expect(passed.report.witnessedTimes).toEqual(
        expect.arrayContaining([
          { size: expect.any(Number), time: expect.any(String), witness: 'witness.test/w1' },
        ]),
      );

      const stranger = verifierKey(
        parseTypedSignerKey(generateSignerKey('witness.test/w2', COSIGNATURE_V1), COSIGNATURE_V1),
      );
      const two = await verify(
        '--witness-key',
        witness.key,
        '--witness-key',
        stranger,
        '--quorum',
        '2',
      );
      expect(two.status).toBe(2);
      expect(two.report.firstFailure).toMatchObject({
        kind: 'witness_quorum',
        detail: expect.stringContaining('cosigned by 1 of the trusted witnesses, 2 required'),
      });
      const wrong = await verify('--witness-key', stranger, '--quorum', '1');
      expect(wrong.status).toBe(2);
      expect(wrong.report.firstFailure.kind).toBe('witness_quorum');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refuses a split view (same origin and key, a forked tree) with its reason; nothing of it is stored or served',
    async () => {
      const held = (await get('/api/v1/ledger/checkpoint').expect(200)).text;
      const heldSize = Number(held.split('\n')[1]);
      const fork = await createTestDatabase();
      others.push(fork);
      const { pool, checkpoint } = await ownLog(fork, {
        count: heldSize + 3,
        tag: 'fork',
        signingKey: logKey,
        origin: ORIGIN,
      });
      try {
        const outcome = await witnessTarget(pool, { url: witness.url, key: witness.key }).submit(
          checkpoint,
        );
        expect(outcome).toMatchObject({
          outcome: 'refused',
          status: 422,
          reason: expect.stringMatching(
            /^split view: the consistency proof from the witness's checkpoint of \d+ leaves/,
          ),
        });
        expect(await cosignatureCount(fork)).toBe(0);
        const served = await new LedgerLogQueries(pool).checkpoint();
        expect(noteSignatures(served.note).map((s) => s.name)).toEqual([ORIGIN]);
        expect(witness.output()).toContain('refused (422): split view');
      } finally {
        await pool.end();
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'a log rewritten and re-signed with a new key passes ledger verify alone, but not with --witness-key --quorum 1',
    async () => {
      const victim = await createTestDatabase();
      others.push(victim);
      const first = await ownLog(victim, {
        count: 6,
        tag: 'victim',
        signingKey: otherLogKey,
        origin: OTHER_ORIGIN,
      });
      const submitted = await witnessTarget(first.pool, {
        url: witness.url,
        key: witness.key,
      }).submit(first.checkpoint);
      await first.pool.end();
      expect(submitted).toMatchObject({ outcome: 'cosigned' });

      // The insider: one stream's events gone and as many forged in their place, the log rebuilt
      // over them and re-signed with a key of their own. The witness's cosignatures stay for now.
      await withClient(victim.url, async (db) => {
        await db.query('SET session_replication_role = replica');
        await db.query(`DELETE FROM ledger.events WHERE stream_id = 'change-request-victim-1'`);
        for (const table of ['checkpoints', 'tree_nodes', 'leaves'])
          await db.query(`DELETE FROM ledger_log.${table}`);
      });
      const forgedKey = generateSignerKey(OTHER_ORIGIN);
      const forged = await ownLog(victim, {
        count: 3,
        tag: 'forged',
        signingKey: forgedKey,
        origin: OTHER_ORIGIN,
      });
      expect(forged.checkpoint.size).toBe(first.checkpoint.size);
      const resubmitted = await witnessTarget(forged.pool, {
        url: witness.url,
        key: witness.key,
      }).submit(forged.checkpoint);
      await forged.pool.end();
      expect(resubmitted).toMatchObject({ outcome: 'refused', status: 403 });

      const run = async (...args: string[]) => {
        const result = await runLedgerCli(['verify', ...args], { DATABASE_URL: victim.url });
        return { ...result, report: result.stdout ? JSON.parse(result.stdout) : undefined };
      };
      const witnessKey = ['--witness-key', witness.key, '--quorum', '1'];
      // Checked with the key stored beside the checkpoints (no --verifier-key): all is consistent.
      expect((await run()).status).toBe(0);
      const kept = await run(...witnessKey);
      expect(kept.status).toBe(2);
      expect(kept.report.failures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'witness_quorum' }),
          expect.objectContaining({
            kind: 'checkpoint_mismatch',
            detail: `checkpoint 6 cosigned by witness.test/w1: the first 6 leaves no longer have its root`,
          }),
        ]),
      );

      // The cosignatures removed too: the latest checkpoint still has no witness.
      await withClient(victim.url, async (db) => {
        await db.query('SET session_replication_role = replica');
        await db.query('DELETE FROM ledger_log.cosignatures');
      });
      expect((await run()).status).toBe(0);
      const removed = await run(...witnessKey);
      expect(removed.status).toBe(2);
      expect(removed.report.firstFailure).toMatchObject({ kind: 'witness_quorum' });
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CHECKPOINTER,
  type Checkpointer,
  generateSignerKey,
  inclusionRanges,
  nodeKey,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  rangeNodes,
  verifyInclusion,
} from '@change-ledger/integrity';
import { type Client } from 'pg';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { createApprovedChange } from '../support/change-request-fixtures';
import { runGoCheck } from '../support/go-interop';
import { bearer, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

/**
 * Issue 24, item 3: `ledger verify CHG-…` is as strict for its stream as the full verify, the
 * full verify checks every stored tree node, and a ledger with no checkpoint is said to be
 * anchored nowhere. A ledger populated through the API; each attack is an insider's, done in
 * PostgreSQL as a superuser with the append-only triggers disabled for the transaction. The
 * tests run in order on one ledger: each attack touches a stream of its own, so the per-change
 * verdicts stay independent, and the full verify is asserted on the failure each one adds.
 */
const stream = (id: string) => `change-request-${id}`;

describe('ledger verify is as strict per change as in full', () => {
  const signingKey = generateSignerKey('test.example/log');
  const api = useTestApi({ log: { signingKey }, ledgerWholeAtEnd: false });
  let keyFile = '';
  let cutTail = '';
  let tombstoned = '';
  let corrupted = '';
  let untouched = '';

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'verify-strictness-'));
    keyFile = path.join(dir, 'log.key');
    await writeFile(keyFile, signingKey);
    cutTail = await createApprovedChange(api.app, { title: 'Cut tail', links: {} });
    tombstoned = await createApprovedChange(api.app, { title: 'Tombstoned', links: {} });
    corrupted = await createApprovedChange(api.app, { title: 'Corrupted node', links: {} });
    untouched = await createApprovedChange(api.app, { title: 'Untouched', links: {} });
    await everyEventSequenced(api.database.url);
  }, 120_000);

  const verify = async (...args: string[]) => {
    const result = await runLedgerCli(['verify', '--signing-key-file', keyFile, ...args], {
      DATABASE_URL: api.database.url,
    });
    return { ...result, report: result.stdout ? JSON.parse(result.stdout) : undefined };
  };

  it(
    'with no checkpoint held, warns that nothing is anchored; --strict exits 4',
    async () => {
      const all = await verify();
      expect(all.status).toBe(0);
      expect(all.stderr).toMatch(/warning: no checkpoint .*nothing is anchored/);
      expect(all.report).toMatchObject({ valid: true, anchored: false });
      expect((await verify('--strict')).status).toBe(4);
      const one = await verify(untouched);
      expect(one.status).toBe(0);
      expect(one.stderr).toMatch(/nothing is anchored/);
      expect((await verify(untouched, '--strict')).status).toBe(4);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'once a checkpoint is signed, everything verifies, per change and in full, without warning',
    async () => {
      const checkpoint = await signCheckpoint();
      const all = await verify('--strict');
      expect(all.status).toBe(0);
      expect(all.stderr).not.toMatch(/nothing is anchored/);
      expect(all.report).toMatchObject({ valid: true, anchored: true });
      const one = await verify(untouched, '--strict');
      expect(one.status).toBe(0);
      expect(one.report).toMatchObject({
        valid: true,
        status: 'checked',
        inclusion: { checkpointSize: checkpoint.size, pending: 0 },
        failures: [],
      });
      expect(one.report.inclusion.included).toBe(one.report.leavesChecked);
      // The API's proof for one of its leaves, as Go's golang.org/x/mod/sumdb/tlog checks it.
      const proof = await servedProof(await firstLeafOf(corrupted), checkpoint.size);
      const go = await goChecksProof(proof, checkpoint);
      expect(go.stderr).toBe('');
      expect(go.status).toBe(0);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'per change: names the events cut from the tail of a stream',
    async () => {
      const streamId = stream(cutTail);
      const last = await asInsider(api.database.url, ['ledger.events'], async (db) => {
        const { rows } = await db.query<{ revision: string }>(
          'SELECT max(revision) AS revision FROM ledger.events WHERE stream_id = $1',
          [streamId],
        );
        const revision = Number(rows[0]!.revision);
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1 AND revision >= $2', [
          streamId,
          revision - 1,
        ]);
        return revision;
      });
      const one = await verify(cutTail);
      expect(one.status).toBe(2);
      expect(one.report.firstFailure).toMatchObject({
        kind: 'event_missing',
        streamId,
        revision: last - 1,
      });
      expect(one.report.failures).toHaveLength(2);
      const all = await verify();
      expect(all.status).toBe(2);
      // The same kind, the same words, for the same thing.
      expect(all.report.failures).toEqual(expect.arrayContaining(one.report.failures));
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'per change: a stream gone with a tombstone that names no retention run is tampering',
    async () => {
      const streamId = stream(tombstoned);
      await asInsider(api.database.url, ['ledger.events', 'ledger.deleted_streams'], async (db) => {
        const { rows } = await db.query<{ revision: string; hash: string; count: string }>(
          `SELECT max(revision) AS revision, (array_agg(hash ORDER BY revision DESC))[1] AS hash,
                  count(*) AS count
             FROM ledger.events WHERE stream_id = $1`,
          [streamId],
        );
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1', [streamId]);
        await db.query(
          `INSERT INTO ledger.deleted_streams (stream_id, last_revision, last_hash, events_deleted, deleted_by, reason, run_id)
           VALUES ($1, $2, $3, $4, 'retention', 'past retention', NULL)`,
          [streamId, rows[0]!.revision, rows[0]!.hash, rows[0]!.count],
        );
      });
      const one = await verify(tombstoned);
      expect(one.status).toBe(2);
      expect(one.report.firstFailure).toMatchObject({
        kind: 'pruned_outside_retention',
        streamId,
      });
      expect(one.report.firstFailure.detail).toMatch(/names no retention run/);
      const all = await verify();
      expect(all.report.failures).toContainEqual(one.report.firstFailure);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'a stored node off the root path rewritten: the full verify names it, the per-change verify and an outside check of the API proof reject the leaf that relies on it',
    async () => {
      const streamId = stream(corrupted);
      const checkpointNote = (
        await request(api.app.getHttpServer())
          .get('/api/v1/ledger/checkpoint')
          .set(bearer('auditor'))
          .expect(200)
      ).text;
      const checkpoint = parseCheckpoint(
        openNote(checkpointNote, [parseSignerKey(signingKey)]).text,
      );
      const [leaf] = await withClient(api.database.url, async (db) =>
        (
          await db.query<{ event_id: string; leaf_index: string }>(
            `SELECT event_id::text, leaf_index FROM ledger_log.leaves WHERE stream_id = $1
              ORDER BY revision LIMIT 1`,
            [streamId],
          )
        ).rows.map((row) => ({ eventId: row.event_id, index: Number(row.leaf_index) })),
      );
      // A node of that leaf's audit path that no root of the whole tree is folded from.
      const rootPath = new Set(
        rangeNodes({ begin: 0, end: checkpoint.size }).map((node) => nodeKey(node)),
      );
      const target = inclusionRanges(leaf!.index, checkpoint.size)
        .flatMap((range) => rangeNodes(range))
        .find((node) => !rootPath.has(nodeKey(node)))!;
      expect(target).toBeDefined();
      await asInsider(api.database.url, ['ledger_log.tree_nodes'], (db) =>
        db.query(
          'UPDATE ledger_log.tree_nodes SET hash = $3 WHERE level = $1 AND node_index = $2',
          [target.level, target.index, createHash('sha256').update('forged').digest()],
        ),
      );

      const all = await verify();
      expect(all.status).toBe(2);
      expect(all.report.failures).toContainEqual(
        expect.objectContaining({ kind: 'tree_nodes', node: target }),
      );

      const one = await verify(corrupted);
      expect(one.status).toBe(2);
      expect(one.report.failures).toContainEqual(
        expect.objectContaining({ kind: 'inclusion', streamId, leafIndex: leaf!.index }),
      );
      // Another stream's leaves do not rely on that node: still valid on its own.
      expect((await verify(untouched)).status).toBe(0);

      const served = await servedProof(leaf!, checkpoint.size);
      // Go's tlog, an implementation this repository did not write, rejects it too.
      const go = await goChecksProof(served, checkpoint);
      expect(go.status).toBe(1);
      expect(go.stderr).toMatch(/rejected/);
      expect(
        verifyInclusion(
          leaf!.index,
          checkpoint.size,
          Buffer.from(served.body.leaf_hash, 'base64'),
          (served.body.proof as string[]).map((hash) => Buffer.from(hash, 'base64')),
          checkpoint.root,
        ),
      ).toBe(false);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'the full verify names a stored node that is missing and one that lies beyond the tree',
    async () => {
      const size = await withClient(api.database.url, async (db) =>
        Number(
          (await db.query<{ size: string }>('SELECT count(*) AS size FROM ledger_log.leaves'))
            .rows[0]!.size,
        ),
      );
      const removed = { level: 1, index: 0 };
      const beyond = { level: 2, index: size >> 2 };
      await asInsider(api.database.url, ['ledger_log.tree_nodes'], async (db) => {
        await db.query('DELETE FROM ledger_log.tree_nodes WHERE level = $1 AND node_index = $2', [
          removed.level,
          removed.index,
        ]);
        await db.query(
          'INSERT INTO ledger_log.tree_nodes (level, node_index, hash) VALUES ($1, $2, $3)',
          [beyond.level, beyond.index, createHash('sha256').update('forged').digest()],
        );
      });
      const all = await verify();
      expect(all.status).toBe(2);
      expect(all.report.failures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'tree_nodes',
            node: removed,
            detail: expect.stringMatching(/is missing/),
          }),
          expect.objectContaining({ kind: 'tree_nodes', node: beyond, treeSize: size }),
        ]),
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  async function firstLeafOf(changeId: string) {
    const [leaf] = await withClient(api.database.url, async (db) =>
      (
        await db.query<{ event_id: string; leaf_index: string }>(
          `SELECT event_id::text, leaf_index FROM ledger_log.leaves WHERE stream_id = $1
            ORDER BY revision LIMIT 1`,
          [stream(changeId)],
        )
      ).rows.map((row) => ({ eventId: row.event_id, index: Number(row.leaf_index) })),
    );
    return leaf!;
  }

  /** GET /api/v1/ledger/proofs/inclusion, as an outside verifier would fetch it. */
  async function servedProof(leaf: { eventId: string }, treeSize: number) {
    return request(api.app.getHttpServer())
      .get('/api/v1/ledger/proofs/inclusion')
      .query({ event_id: leaf.eventId, tree_size: treeSize })
      .set(bearer('auditor'))
      .expect(200);
  }

  async function goChecksProof(
    served: { body: { leaf_index: number; leaf_hash: string; proof: string[] } },
    checkpoint: { size: number; root: Buffer },
  ) {
    return runGoCheck('inclusion-check', [
      String(checkpoint.size),
      checkpoint.root.toString('base64'),
      String(served.body.leaf_index),
      served.body.leaf_hash,
      ...served.body.proof,
    ]);
  }

  async function signCheckpoint() {
    const total = await eventCount(api.database.url);
    for (let i = 0; i < 200; i++) {
      const checkpoint = await api.app.get<Checkpointer>(CHECKPOINTER).checkpoint();
      if (checkpoint && checkpoint.size >= total) return checkpoint;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the sequencer did not catch up');
  }
});

async function eventCount(url: string): Promise<number> {
  return withClient(url, async (db) => {
    const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM ledger.events');
    return Number(rows[0]!.count);
  });
}

async function everyEventSequenced(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const waiting = await withClient(url, async (db) => {
      const { rows } = await db.query<{ count: string }>(
        `SELECT count(*) FROM ledger.events e
          WHERE NOT EXISTS (SELECT 1 FROM ledger_log.leaves l WHERE l.event_id = e.event_id)`,
      );
      return Number(rows[0]!.count);
    });
    if (waiting === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the sequencer did not catch up');
}

/**
 * A superuser who switches the append-only triggers off, for one transaction (ALTER TABLE is
 * transactional), and rewrites what they like.
 */
async function asInsider<T>(
  url: string,
  tables: readonly string[],
  tamper: (db: Client) => Promise<T>,
): Promise<T> {
  return withClient(url, async (db) => {
    await db.query('BEGIN');
    try {
      for (const table of tables) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      const result = await tamper(db);
      for (const table of tables) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      await db.query('COMMIT');
      return result;
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  });
}

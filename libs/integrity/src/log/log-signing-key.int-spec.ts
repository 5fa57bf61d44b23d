import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PostgresEventStore } from '@change-ledger/event-store';
import { type Pool } from 'pg';
import { useTestDatabase } from '../../../../test/support/test-database';
import { Checkpointer } from '../checkpoint/checkpointer';
import { CheckpointPublisher } from '../checkpoint/publication';
import { IntegrityError } from '../integrity.errors';
import { generateSignerKey, parseSignerKey, verifierKey } from '../note/signed-note';
import { openLogSigningKey } from './log-signing-key';
import { Sequencer } from './sequencer';

const ORIGIN = 'test.example/log';

async function keyFileIn(dir: string, key = generateSignerKey(ORIGIN)): Promise<string> {
  const file = path.join(dir, 'log-signing.key');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return file;
}

const shortId = (key: string) => key.split('+').slice(0, 2).join('+');

describe("the log's signing key at start-up", () => {
  const database = useTestDatabase();
  let store: PostgresEventStore;
  let pool: Pool;
  let logKeyFile: string;
  let logKey: string;

  beforeAll(() => {
    store = database.writerStore();
    pool = database.rolePool('signing key test pool', 'ledger_sequencer');
  });

  async function appendAndSequence(): Promise<void> {
    await store.appendToStream(
      `s-${randomUUID()}`,
      [
        {
          id: randomUUID(),
          type: 'Noted',
          data: {},
          metadata: {
            actor: { id: 'u', kind: 'user', roles: [], authenticatedBy: 'api-token' },
            occurredAt: '2026-01-01T00:00:00Z',
            correlationId: randomUUID(),
            source: { kind: 'system', process: 'test' },
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    await new Sequencer({ store, pool }).catchUp();
  }

  function checkpointerWith(key: string): Checkpointer {
    return new Checkpointer({
      pool,
      signer: parseSignerKey(key),
      publisher: new CheckpointPublisher([]),
      intervalMs: 0,
    });
  }

  describe('on a fresh log (no checkpoint yet)', () => {
    it('accepts any key, and makes one in the data directory when asked to', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'ledger-data-'));
      const keyFile = path.join(dir, 'log-signing.key');
      const made = await openLogSigningKey({
        databaseUrl: database.url,
        keyFile,
        source: `LEDGER_DATA_DIR=${dir}`,
        createAs: ORIGIN,
      });
      expect(made).toMatchObject({ created: true, latest: undefined });
      const again = await openLogSigningKey({
        databaseUrl: database.url,
        keyFile,
        source: `LEDGER_DATA_DIR=${dir}`,
      });
      expect(again.created).toBe(false);
      expect(verifierKey(again.signer)).toBe(verifierKey(made.signer));

      const other = await keyFileIn(await mkdtemp(path.join(tmpdir(), 'ledger-data-')));
      await expect(
        openLogSigningKey({ databaseUrl: database.url, keyFile: other, source: 'test' }),
      ).resolves.toMatchObject({ created: false });

      // This key signs the log's first checkpoint: from now on it is the log's key.
      logKeyFile = keyFile;
      logKey = verifierKey(made.signer);
      await appendAndSequence();
      const first = await new Checkpointer({
        pool,
        signer: made.signer,
        publisher: new CheckpointPublisher([]),
        intervalMs: 0,
      }).checkpoint();
      expect(first!.verifierKey).toBe(logKey);
    });
  });

  describe('on a log with checkpoints', () => {
    it('starts with the key the checkpoints were signed with', async () => {
      const opened = await openLogSigningKey({
        databaseUrl: database.url,
        keyFile: logKeyFile,
        source: 'LEDGER_LOG_SIGNING_KEY_FILE',
      });
      expect(verifierKey(opened.signer)).toBe(logKey);
      expect(opened.latest?.verifierKey).toBe(logKey);
    });

    it('refuses another key, naming both keys and how to fix it', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'ledger-data-'));
      const otherKey = generateSignerKey(ORIGIN); // same name, another key: another key id
      const keyFile = await keyFileIn(dir, otherKey);
      const refused = openLogSigningKey({
        databaseUrl: database.url,
        keyFile,
        source: `LEDGER_DATA_DIR=${dir}`,
      });
      await expect(refused).rejects.toBeInstanceOf(IntegrityError);
      await expect(refused).rejects.toMatchObject({
        code: 'INTEGRITY.WRONG_SIGNING_KEY',
        kind: 'conflict',
      });
      const message = await refused.catch((error: Error) => error.message);
      const ours = shortId(verifierKey(parseSignerKey(otherKey)));
      expect(ours).not.toBe(shortId(logKey));
      expect(message).toContain(`signed with key ${shortId(logKey)}`);
      expect(message).toContain(`this process's signing key (${keyFile}, from LEDGER_DATA_DIR=`);
      expect(message).toContain(`is ${ours}`);
      expect(message).toMatch(/point LEDGER_DATA_DIR at .* or LEDGER_LOG_SIGNING_KEY_FILE/);
    });

    it('never makes a key then: a missing key file is refused, naming the log’s key', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'ledger-data-'));
      await expect(
        openLogSigningKey({
          databaseUrl: database.url,
          keyFile: path.join(dir, 'log-signing.key'),
          source: `LEDGER_DATA_DIR=${dir}`,
          createAs: ORIGIN,
        }),
      ).rejects.toMatchObject({
        code: 'INTEGRITY.NO_SIGNING_KEY',
        message: expect.stringContaining(`signed with ${shortId(logKey)}`),
      });
      expect(await readdir(dir)).toEqual([]);
    });

    it('a checkpointer with another key refuses to sign, and the log keeps its key', async () => {
      await appendAndSequence();
      await expect(checkpointerWith(generateSignerKey(ORIGIN)).checkpoint()).rejects.toMatchObject({
        code: 'INTEGRITY.WRONG_SIGNING_KEY',
        message: expect.stringContaining('Refusing to sign'),
      });
      const signed = await openLogSigningKey({
        databaseUrl: database.url,
        keyFile: logKeyFile,
        source: 'test',
      });
      const next = await new Checkpointer({
        pool,
        signer: signed.signer,
        publisher: new CheckpointPublisher([]),
        intervalMs: 0,
      }).checkpoint();
      expect(next).toMatchObject({ size: 2, verifierKey: logKey });
    });
  });
});

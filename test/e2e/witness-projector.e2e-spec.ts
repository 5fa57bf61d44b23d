import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  generateSignerKey,
  noteSignatures,
  parseSignerKey,
  verifierKey,
} from '@change-ledger/integrity';
import request from 'supertest';
import { spawnApp } from '../support/app-process';
import { createChangeRequest } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';
import { startWitness } from '../support/witness-process';

/**
 * As deployed: the projector process (LEDGER_WITNESSES, validated at its start) submits each
 * checkpoint at its cadence to `ledger witness serve`, another process; the API serves the
 * cosigned checkpoint.
 */
describe('the projector process and a witness process', () => {
  const signingKey = generateSignerKey('test.example/log');
  const api = useTestApi({ runProjector: false, log: { signingKey } });

  it('cosigns the checkpoints the projector signs at its cadence', async () => {
    const witness = await startWitness([verifierKey(parseSignerKey(signingKey))]);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ledger-data-'));
    await writeFile(path.join(dataDir, 'log-signing.key'), `${signingKey}\n`);
    // Ports 0: free ones, so that parallel test files never clash.
    const projector = spawnApp('apps/projector/src/main.ts', [], {
      DATABASE_URL: api.database.url,
      LEDGER_DATA_DIR: dataDir,
      LEDGER_LOG_ORIGIN: 'test.example/log',
      LEDGER_CHECKPOINT_INTERVAL_MS: '200',
      LEDGER_WITNESSES: JSON.stringify([{ url: witness.url, key: witness.key }]),
      PORT: '0',
      METRICS_PORT: '0',
    });
    try {
      await createChangeRequest(api.app);
      let signers: string[] = [];
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const served = await request(api.app.getHttpServer())
          .get('/api/v1/ledger/checkpoint')
          .set(bearer('auditor'));
        if (served.status === 200) signers = noteSignatures(served.text).map((s) => s.name);
        if (signers.length > 1) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect({ signers, output: projector.output() }).toEqual({
        signers: ['test.example/log', 'witness.test/w1'],
        output: expect.stringContaining('Change Ledger projector running'),
      });
    } finally {
      projector.child.kill('SIGTERM');
      witness.process.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) =>
      projector.child.once('exit', resolve),
    );
    await rm(dataDir, { recursive: true, force: true });
    expect(code).toBe(0);
  }, 90_000);
});

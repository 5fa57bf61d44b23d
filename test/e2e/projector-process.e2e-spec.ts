import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSignerKey } from '@change-ledger/integrity';
import request from 'supertest';
import { spawnApp } from '../support/app-process';
import { bearer, useTestApi } from '../support/test-api';

const API = '/api/v1/change-management';

describe('the projector as its own process', () => {
  const api = useTestApi({ runProjector: false });

  it('projects what the API writes, and stops cleanly on SIGTERM', async () => {
    const created = await request(api.app.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({
        title: 'Queue retention',
        description: 'Keep 7 days',
        change_type: 'configuration',
        priority: 'low',
        affected_systems: ['queue'],
      })
      .expect(201);
    // Without a projector the read side does not see it.
    await request(api.app.getHttpServer())
      .get(`${API}/approvals/pending`)
      .set(bearer('auditor'))
      .expect(200, { pending: [], next_cursor: null });

    // The projector never makes the log's key: it signs with the one in the (API's) data directory.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ledger-data-'));
    await writeFile(
      path.join(dataDir, 'log-signing.key'),
      `${generateSignerKey('test.example/log')}\n`,
    );
    // Ports 0: free ones, so that parallel test files never clash.
    const projector = spawnApp('apps/projector/src/main.ts', [], {
      DATABASE_URL: api.database.url,
      LEDGER_DATA_DIR: dataDir,
      PORT: '0',
      METRICS_PORT: '0',
    });
    try {
      // The process takes a few seconds to start: poll rather than min_position's 5 s wait.
      let ids: string[] = [];
      for (const deadline = Date.now() + 20_000; ids.length === 0 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const listed = await request(api.app.getHttpServer())
          .get(`${API}/change-requests`)
          .set(bearer('auditor'))
          .expect(200);
        ids = listed.body.items.map(
          (item: { change_request_id: string }) => item.change_request_id,
        );
      }
      expect(ids).toEqual([created.body.change_request_id]);
    } finally {
      projector.child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) =>
      projector.child.once('exit', resolve),
    );
    await rm(dataDir, { recursive: true, force: true });
    expect({ code, output: projector.output() }).toEqual({
      code: 0,
      output: expect.stringContaining('Change Ledger projector running'),
    });
  }, 60_000);
});

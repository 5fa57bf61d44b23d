import {
  CHECKPOINTER,
  type Checkpointer,
  eventLeafHash,
  generateSignerKey,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '@change-ledger/integrity';
import request from 'supertest';
import { createChangeRequest } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';

describe('the ledger routes: checkpoints, verifier key and RFC 9162 proofs', () => {
  const signingKey = generateSignerKey('test.example/log');
  const api = useTestApi({ log: { signingKey } });
  let id: string;

  beforeAll(async () => {
    ({ id } = await createChangeRequest(api.app));
  }, 60_000);

  const get = (url: string) => request(api.app.getHttpServer()).get(url).set(bearer('auditor'));
  const signCheckpoint = async (size: number) => {
    for (let i = 0; i < 100; i++) {
      const checkpoint = await api.app.get<Checkpointer>(CHECKPOINTER).checkpoint();
      if (checkpoint && checkpoint.size >= size) return checkpoint;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the sequencer did not catch up');
  };

  it('serves signed checkpoints, the verifier key and proofs an outside verifier accepts', async () => {
    const history = await get(`/api/v1/change-management/change-requests/${id}/history`).expect(
      200,
    );
    const events = history.body.history as { event_id: string; hash: string }[];
    const first = await signCheckpoint(events.length);
    await request(api.app.getHttpServer())
      .post(`/api/v1/change-management/change-requests/${id}/approve`)
      .set(bearer('manager'))
      .send({ approved: true, comments: 'fine' })
      .expect(200);
    const second = await signCheckpoint(first.size + 1);

    const vkey = (await get('/api/v1/ledger/verifier-key').expect(200)).text.trim();
    const verifier = parseVerifierKey(vkey);
    const latest = await get('/api/v1/ledger/checkpoint')
      .expect(200)
      .expect('content-type', /text\/plain/);
    const body = parseCheckpoint(openNote(latest.text, [verifier]).text);
    expect(body.size).toBe(second.size);
    const older = await get(`/api/v1/ledger/checkpoint?size=${first.size}`).expect(200);
    const oldBody = parseCheckpoint(openNote(older.text, [verifier]).text);

    const withLeaves = await get(`/api/v1/change-management/change-requests/${id}/history`).expect(
      200,
    );
    const entry = withLeaves.body.history[0] as {
      event_id: string;
      hash: string;
      leaf_index: number;
    };
    expect(entry.leaf_index).toEqual(expect.any(Number));
    const inclusion = await get(
      `/api/v1/ledger/proofs/inclusion?event_id=${entry.event_id}&tree_size=${body.size}`,
    ).expect(200);
    expect(inclusion.body).toMatchObject({
      event_id: entry.event_id,
      leaf_index: entry.leaf_index,
      tree_size: body.size,
    });
    expect(inclusion.body.leaf_hash).toBe(eventLeafHash(entry.hash).toString('base64'));
    const proof = (inclusion.body.proof as string[]).map((p) => Buffer.from(p, 'base64'));
    expect(
      verifyInclusion(
        entry.leaf_index,
        body.size,
        Buffer.from(inclusion.body.leaf_hash, 'base64'),
        proof,
        body.root,
      ),
    ).toBe(true);

    const consistency = await get(
      `/api/v1/ledger/proofs/consistency?from=${oldBody.size}&to=${body.size}`,
    ).expect(200);
    const cproof = (consistency.body.proof as string[]).map((p) => Buffer.from(p, 'base64'));
    expect(verifyConsistency(oldBody.size, body.size, oldBody.root, body.root, cproof)).toBe(true);
  }, 60_000);

  it('answers 400 naming the field, 404 beyond the tree or for an unknown event, 401 without a token', async () => {
    const bad = await get('/api/v1/ledger/proofs/inclusion?event_id=nope&tree_size=1').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'event_id', reason: expect.any(String) }]);
    const size = await get('/api/v1/ledger/proofs/consistency?from=1&to=x').expect(400);
    expect(size.body.errors[0].field).toBe('to');
    await get('/api/v1/ledger/checkpoint?size=-1').expect(400);
    await get('/api/v1/ledger/proofs/consistency?from=1&to=100000').expect(404);
    await get('/api/v1/ledger/checkpoint?size=99999').expect(404);
    await get(
      `/api/v1/ledger/proofs/inclusion?event_id=00000000-0000-4000-8000-000000000000&tree_size=1`,
    ).expect(404);
    await request(api.app.getHttpServer()).get('/api/v1/ledger/checkpoint').expect(401);
  });
});

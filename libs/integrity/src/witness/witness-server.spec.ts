import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatCheckpoint } from '../note/checkpoint';
import {
  COSIGNATURE_V1,
  generateSignerKey,
  parseSignerKey,
  parseTypedSignerKey,
  signNote,
} from '../note/signed-note';
import { Witness } from './witness';
import { witnessServer } from './witness-server';
import { WitnessState } from './witness-state';

describe('the witness HTTP server', () => {
  const log = parseSignerKey(generateSignerKey('test.example/log'));
  const note = (size: number) =>
    signNote(formatCheckpoint({ origin: log.name, size, root: Buffer.alloc(32, size) }), log);
  let url: string;
  const server = witnessServer(
    new Witness({
      signer: parseTypedSignerKey(
        generateSignerKey('witness.test/w1', COSIGNATURE_V1),
        COSIGNATURE_V1,
      ),
      logs: [{ origin: log.name, keys: [log] }],
      state: new WitnessState(path.join(tmpdir(), `witness-server-${process.pid}-${Date.now()}`)),
    }),
  );

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string) => fetch(`${url}/add-checkpoint`, { method: 'POST', body });

  it('answers 200 with a cosignature line, then 409 text/x.tlog.size with its size', async () => {
    const first = await post(`old 0\n\n${note(1)}`);
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/^\u2014 witness\.test\/w1 [A-Za-z0-9+/=]+\n$/);
    const stale = await post(`old 0\n\n${note(2)}`);
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await stale.text()).toBe('1\n');
  });

  it('answers 400 naming what is malformed, 405 to a GET, 404 elsewhere; /health is 200', async () => {
    const malformed = await post('old 01\n\n');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('old <size>');
    expect((await fetch(`${url}/add-checkpoint`)).status).toBe(405);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});

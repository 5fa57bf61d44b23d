import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type Checkpointer,
  CHECKPOINTER,
  generateSignerKey,
  parseSignerKey,
  verifierKey,
} from '@change-ledger/integrity';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT, runLedgerCli } from '../support/app-process';
import {
  exportedBundle,
  readBundleFiles,
  rewriteBundle,
  signCheckpointOfEverything,
} from '../support/bundle-files';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import {
  installVerifierAlone,
  runVerifier,
  VERIFIER_BIN,
  type VerifierRun,
} from '../support/standalone-verifier';
import { bearer, useTestApi } from '../support/test-api';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

/**
 * Issue 27 item 6: what the server wrote, checked by the verifier package alone
 * (packages/verify, ADR 0026) as a process of its own — from the repository, and installed from
 * its `npm pack` tarball into a folder where nothing of the server can be found.
 */
describe('The verifier an auditor installs alone', () => {
  const signingKey = generateSignerKey('test.example/log');
  const vkey = verifierKey(parseSignerKey(signingKey));
  const api = useTestApi({ log: { signingKey } }, CLI_TEST_TIMEOUT_MS);
  const http = () => request(api.app.getHttpServer());
  const checkpointer = () => api.app.get<Checkpointer>(CHECKPOINTER);
  let dir = '';
  let bundle = '';
  let changeId = '';
  const files = { receipt: '', older: '', newer: '', inclusion: '', consistency: '', event: '' };
  const write = async (name: string, text: string) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };
  const verify = (...args: string[]) => runVerifier(VERIFIER_BIN, args);
  const report = (run: VerifierRun) => JSON.parse(run.stdout);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'standalone-verifier-'));
    changeId = await createApprovedChange(api.app, {
      title: 'Rotate the signing keys',
      links: { commit_sha: 'abc1234' },
    });
    await signCheckpointOfEverything(api.app);
    const older = await checkpointer().checkpoint();
    files.older = await write(
      'older.checkpoint',
      (
        await http()
          .get('/api/v1/ledger/checkpoint')
          .query({ size: older!.size })
          .set(bearer('auditor'))
          .expect(200)
      ).text,
    );
    const implemented = await http()
      .post(`${API}/change-requests/${changeId}/implement`)
      .set(bearer('implementer'))
      .send({})
      .expect(200);
    files.receipt = await write('implement.receipt', implemented.body.receipt);
    await http()
      .get(`${API}/change-requests`)
      .query({ min_position: implemented.body.position })
      .set(bearer('auditor'))
      .expect(200);
    const now = Date.now();
    const sample = await http()
      .post('/api/v1/audit/samples')
      .set(bearer('auditor'))
      .send({
        from: new Date(now - 86_400_000).toISOString(),
        to: new Date(now + 86_400_000).toISOString(),
        seed: 'standalone',
        size: 5,
      })
      .expect(201);
    await signCheckpointOfEverything(api.app);
    bundle = await write('sample.tar.gz', '');
    await writeFile(bundle, (await exportedBundle(api.app, sample.body.sample_id)).body);

    const served = await http().get('/api/v1/ledger/checkpoint').set(bearer('auditor')).expect(200);
    files.newer = await write('newer.checkpoint', served.text);
    const size = Number(served.text.split('\n')[1]);
    const events = (await readBundleFiles(createReadStream(bundle))).get(
      `changes/${changeId}/events.jsonl`,
    )!;
    const last = events.trim().split('\n').at(-1)!;
    files.event = await write('event.json', last);
    const inclusion = await http()
      .get('/api/v1/ledger/proofs/inclusion')
      .query({ event_id: JSON.parse(last).id, tree_size: size })
      .set(bearer('auditor'))
      .expect(200);
    files.inclusion = await write('inclusion.json', JSON.stringify(inclusion.body));
    const consistency = await http()
      .get('/api/v1/ledger/proofs/consistency')
      .query({ from: older!.size, to: size })
      .set(bearer('auditor'))
      .expect(200);
    files.consistency = await write('consistency.json', JSON.stringify(consistency.body));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('verifies the bundle the server wrote, and the receipt of a write in it', async () => {
    const run = await verify(bundle, '--verifier-key', vkey, '--receipt', files.receipt);
    expect(run.stderr).toMatch(/^✔ verified \d+ files/m);
    expect(run.status).toBe(0);
    const result = report(run);
    expect(result).toMatchObject({
      valid: true,
      keys: 'given',
      format: 'change-ledger-evidence-bundle/1',
      derivedFiles: 'signed',
    });
    expect(result.eventsChecked).toBeGreaterThan(6);
    expect(result.proofsChecked).toBe(result.eventsChecked);
    expect(result.receipts).toEqual([
      expect.objectContaining({ source: files.receipt, status: 'included', failure: false }),
    ]);
  });

  it('is what `ledger verify-bundle` runs, with the ledger re-deriving each change', async () => {
    const run = await runLedgerCli(['verify-bundle', bundle, '--verifier-key', vkey], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(run.status).toBe(0);
    expect(report(run)).toMatchObject({ valid: true, derivedFiles: 'rederived' });
    expect(report(run).derivedFilesChecked).toBe(7);
  });

  it.each([
    [
      'an event altered',
      ':change/events.jsonl',
      (body: string) => body.replace('"qa"', '"root"'),
      'event_hash',
    ],
    [
      'a derived file altered (the signed manifest catches it)',
      ':change/summary.html',
      (body: string) => body.replace('Rotate the signing keys', 'Nothing to see'),
      'file_hash',
    ],
    ['the population altered', 'population.csv', (body: string) => `${body}x\n`, 'file_hash'],
    [
      'the checkpoint altered',
      'log/checkpoint',
      (body: string) => body.replace(/\n\d+\n/, '\n1\n'),
      'checkpoint_signature',
    ],
  ])('names %s and exits 2', async (_what, name, alter, check) => {
    const file = name.replace(':change', `changes/${changeId}`);
    const altered = path.join(dir, `altered-${file.replace(/\W/g, '_')}.tar.gz`);
    await rewriteBundle(bundle, altered, (entry, body) => (entry === file ? alter(body) : body));
    const run = await verify(altered, '--verifier-key', vkey);
    expect(run.status).toBe(2);
    expect(report(run).firstFailure).toMatchObject({ file, check });
    expect(run.stderr).toContain(`✘ ${file}`);
  });

  it("refuses the bundle under another log's key, and a receipt another key signed", async () => {
    const other = generateSignerKey('test.example/log');
    const run = await verify(bundle, '--verifier-key', verifierKey(parseSignerKey(other)));
    expect(run.status).toBe(2);
    expect(report(run).firstFailure).toMatchObject({ file: 'log/checkpoint' });
    const forged = await write(
      'forged.receipt',
      (await readFile(files.receipt, 'utf8')).replace(/include-by \d+/, 'include-by 9999999999'),
    );
    const receipt = await verify('receipt', forged, '--verifier-key', vkey);
    expect(receipt.status).toBe(2);
    expect(report(receipt).receipts[0].failure).toMatch(/does not verify/);
    expect((await verify('receipt', files.receipt, '--verifier-key', vkey)).status).toBe(0);
  });

  it('checks the served checkpoint and the API’s inclusion and consistency proofs', async () => {
    const checkpoint = await verify('checkpoint', files.newer, '--verifier-key', vkey);
    expect(checkpoint.status).toBe(0);
    expect(report(checkpoint)).toMatchObject({ valid: true, origin: 'test.example/log' });
    const inclusion = await verify(
      'inclusion',
      '--checkpoint',
      files.newer,
      '--proof',
      files.inclusion,
      '--event',
      files.event,
      '--verifier-key',
      vkey,
    );
    expect(inclusion.stderr).toMatch(/^✔ event/m);
    expect(inclusion.status).toBe(0);
    const consistency = await verify(
      'consistency',
      '--old',
      files.older,
      '--new',
      files.newer,
      '--proof',
      files.consistency,
      '--verifier-key',
      vkey,
    );
    expect(consistency.status).toBe(0);
    const wrongProof = await write(
      'wrong-inclusion.json',
      JSON.stringify({ ...JSON.parse(await readFile(files.inclusion, 'utf8')), leaf_index: 0 }),
    );
    const refused = await verify(
      'inclusion',
      '--checkpoint',
      files.newer,
      '--proof',
      wrongProof,
      '--event',
      files.event,
      '--verifier-key',
      vkey,
    );
    expect(refused.status).toBe(2);
    expect(report(refused).failure).toMatch(/is not proved to be leaf 0/);
  });

  it('runs installed from its tarball where nothing of the server can be found', async () => {
    const alone = await mkdtemp(path.join(tmpdir(), 'auditor-machine-'));
    try {
      const bin = installVerifierAlone(alone);
      const env = { PATH: process.env.PATH ?? '', HOME: alone };
      // The folder holds the verifier and its tar reader, and nothing of the ledger's.
      expect(() =>
        execFileSync(process.execPath, ['-e', "require.resolve('@nestjs/core')"], {
          cwd: alone,
          env,
          stdio: 'ignore',
        }),
      ).toThrow();
      expect(path.relative(REPO_ROOT, alone).startsWith('..')).toBe(true);
      const run = await runVerifier(bin, [bundle, '--verifier-key', vkey], { cwd: alone, env });
      expect(run.stderr).toMatch(/^✔ verified/m);
      expect(run.status).toBe(0);
      const altered = path.join(dir, 'altered-alone.tar.gz');
      await rewriteBundle(bundle, altered, (entry, body) =>
        entry === `changes/${changeId}/events.jsonl` ? body.replace('"qa"', '"root"') : body,
      );
      const refused = await runVerifier(bin, [altered, '--verifier-key', vkey], {
        cwd: alone,
        env,
      });
      expect(refused.status).toBe(2);
      expect(report(refused).firstFailure).toMatchObject({
        file: `changes/${changeId}/events.jsonl`,
        check: 'event_hash',
      });
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });
});

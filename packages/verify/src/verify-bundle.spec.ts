import { Readable } from 'node:stream';
import { parseVerifierKey } from './signed-note';
import { receiptNote, testBundle, testKey } from './testing/fixtures';
import { bundleSummaryLine, verifyBundle } from './verify-bundle';

const CHANGE = 'changes/CHG-2026-001';

describe('verifyBundle (the package alone)', () => {
  const verify = async (bytes: Buffer, options: Parameters<typeof verifyBundle>[1] = {}) =>
    verifyBundle(Readable.from([bytes]), options);

  it('verifies a bundle with the log key given: every file, event and proof', async () => {
    const bundle = await testBundle();
    const result = await verify(bundle.bytes, {
      verifierKeys: [parseVerifierKey(bundle.log.vkey)],
    });
    expect(result).toMatchObject({
      valid: true,
      keys: 'given',
      format: 'change-ledger-evidence-bundle/1',
      filesChecked: bundle.files.size,
      eventsChecked: 4,
      proofsChecked: 4,
      derivedFiles: 'signed',
      derivedFilesChecked: 0,
      failures: [],
    });
    expect(bundleSummaryLine(result)).toMatch(/^✔ verified 19 files, 4 events, 4 inclusion proofs/);
  });

  it("with no key given, checks with the bundle's own and says so", async () => {
    const result = await verify((await testBundle()).bytes);
    expect(result).toMatchObject({ valid: true, keys: 'bundle' });
  });

  it.each([
    [
      'an event altered (its hash no longer covers it)',
      (path: string, text: string) =>
        path.endsWith('events.jsonl') ? text.replace('ok from manager', 'ok from nobody') : text,
      { file: `${CHANGE}/events.jsonl`, line: 3, check: 'event_hash' },
    ],
    [
      'an event left out (the chain breaks)',
      (path: string, text: string) =>
        path === `${CHANGE}/events.jsonl`
          ? text
              .split('\n')
              .filter((_, i) => i !== 1)
              .join('\n')
          : text,
      { file: `${CHANGE}/events.jsonl`, line: 2, check: 'event_chain' },
    ],
    [
      'a proof that leads elsewhere',
      (path: string, text: string) =>
        path === `${CHANGE}/proofs.jsonl` ? text.replace('"leaf_index":2', '"leaf_index":1') : text,
      { file: `${CHANGE}/proofs.jsonl`, line: 2, check: 'inclusion_proof' },
    ],
    [
      "another stream's events in a change's folder",
      (path: string, text: string) =>
        path === `${CHANGE}/events.jsonl` ? text.replaceAll('CHG-2026-001', 'CHG-2026-002') : text,
      { file: `${CHANGE}/events.jsonl`, line: 1, check: 'malformed' },
    ],
  ])('names %s, re-signed manifest and all', async (_what, alter, failure) => {
    const bundle = await testBundle({ alter });
    const result = await verify(bundle.bytes, {
      verifierKeys: [parseVerifierKey(bundle.log.vkey)],
    });
    expect(result.valid).toBe(false);
    expect(result.firstFailure).toMatchObject(failure);
  });

  it('names a file changed after the manifest was signed, derived files included', async () => {
    const bundle = await testBundle({
      afterManifest: (path, text) => (path === `${CHANGE}/summary.html` ? `${text}!` : text),
    });
    const result = await verify(bundle.bytes, {
      verifierKeys: [parseVerifierKey(bundle.log.vkey)],
    });
    expect(result.firstFailure).toMatchObject({
      file: `${CHANGE}/summary.html`,
      check: 'file_hash',
    });
    expect(bundleSummaryLine(result)).toBe(
      `✘ ${CHANGE}/summary.html: file_hash: ${result.firstFailure!.detail}`,
    );
  });

  it("refuses signatures by another key than the log's", async () => {
    const bundle = await testBundle();
    const other = testKey('test.example/log');
    const result = await verify(bundle.bytes, { verifierKeys: [parseVerifierKey(other.vkey)] });
    expect(result.firstFailure).toMatchObject({
      file: 'log/checkpoint',
      check: 'checkpoint_signature',
    });
    expect(result.failures.map((failure) => failure.check)).toContain('manifest_signature');
  });

  it('compares derived files with the fold it is given', async () => {
    const bundle = await testBundle();
    const seen: string[] = [];
    const result = await verify(bundle.bytes, {
      derive: (folder, events, leaves) => {
        seen.push(`${folder}:${events.length}:${[...leaves.values()].join(',')}`);
        return folder.startsWith('changes/')
          ? new Map([
              ['history.json', 'history.json of CHG-2026-001\n'],
              ['gates.json', 'gates as the rules give them\n'],
            ])
          : new Map();
      },
    });
    expect(seen).toEqual(['policy:1:0', `${CHANGE}:3:1,2,3`]);
    expect(result).toMatchObject({ derivedFiles: 'rederived', derivedFilesChecked: 1 });
    expect(result.firstFailure).toMatchObject({
      file: `${CHANGE}/gates.json`,
      check: 'derived_file',
    });
  });

  describe('against kept checkpoints and receipts', () => {
    it('accepts the same checkpoint or an earlier one the consistency proofs extend', async () => {
      const bundle = await testBundle();
      const keys = [parseVerifierKey(bundle.log.vkey)];
      const same = await verify(bundle.bytes, {
        verifierKeys: keys,
        trustedCheckpoints: [{ source: 'kept', note: bundle.checkpointNote }],
      });
      expect(same).toMatchObject({ valid: true, trustedCheckpointsChecked: 1 });
    });

    it('judges each receipt event the bundle holds', async () => {
      const bundle = await testBundle({ checkpointTime: 1_772_442_100 });
      const keys = [parseVerifierKey(bundle.log.vkey)];
      const [, created, submitted] = bundle.events;
      const onTime = receiptNote(bundle.log, [created!], 1_772_442_300);
      const late = receiptNote(bundle.log, [submitted!], 1_772_442_000);
      const lied = receiptNote(
        bundle.log,
        [{ ...created!, integrity: { ...created!.integrity, hash: 'a'.repeat(64) } }],
        1_772_442_300,
      );
      const result = await verify(bundle.bytes, {
        verifierKeys: keys,
        receipts: [
          { source: 'on-time.receipt', note: onTime },
          { source: 'late.receipt', note: late },
          { source: 'other-log.receipt', note: receiptNote(testKey('x'), [created!], 1) },
          { source: 'lied.receipt', note: lied },
        ],
      });
      expect(result.receipts.map((verdict) => [verdict.source, verdict.status])).toEqual([
        ['on-time.receipt', 'included'],
        ['late.receipt', 'included_after_promise'],
        ['other-log.receipt', 'invalid_receipt'],
        ['lied.receipt', 'hash_mismatch'],
      ]);
      expect(result.valid).toBe(false);
      expect(result.failures.map((failure) => [failure.file, failure.check])).toEqual([
        ['other-log.receipt', 'receipt'],
        ['lied.receipt', 'receipt'],
      ]);
    });
  });

  it('throws on what is not a gzip stream (an error, not a verdict)', async () => {
    await expect(verify(Buffer.from('not a bundle'))).rejects.toThrow();
  });
});

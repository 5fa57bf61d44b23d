import { type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLedgerCli, spawnApp } from './app-process';

/**
 * `ledger witness serve` as its own process (a free port, a key made by `ledger witness keygen`,
 * a state directory of its own), accepting `logs` ("<vkey>" or "<origin> <vkey>"). Kill it with
 * `process.kill('SIGTERM')`.
 */
export interface RunningWitness {
  process: ChildProcess;
  url: string;
  key: string;
  output: () => string;
}

export async function startWitness(logs: string[]): Promise<RunningWitness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'witness-e2e-'));
  const keyFile = path.join(dir, 'witness.key');
  const keygen = await runLedgerCli(
    ['witness', 'keygen', '--name', 'witness.test/w1', '--key-file', keyFile],
    {},
  );
  if (keygen.status !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
  const key = keygen.stdout.trim();
  const { child, output } = spawnApp(
    'apps/ledger/src/main.ts',
    [
      'witness',
      'serve',
      '--key-file',
      keyFile,
      '--state-dir',
      path.join(dir, 'state'),
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...logs.flatMap((log) => ['--log', log]),
    ],
    {},
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the witness did not start: ${output()}`)),
      30_000,
    );
    child.stdout!.on('data', () => {
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the witness exited ${code}: ${output()}`)));
  });
  return { process: child, url: `http://127.0.0.1:${port}`, key, output };
}

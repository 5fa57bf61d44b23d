import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * The rule ids the project's real ESLint configuration reports for `source` as if it were the file
 * at `filePath` ('fatal' for a parse error). ESLint runs in a child process: it loads its flat
 * config with import(), which jest's sandbox does not offer.
 */
export function lintSource(filePath: string, source: string): string[] {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      filePath,
    ],
    { cwd: root, input: source, encoding: 'utf8' },
  );
  const [report] = JSON.parse(result.stdout) as Array<{
    messages: Array<{ ruleId: string | null }>;
  }>;
  return report!.messages.map((message) => message.ruleId ?? 'fatal');
}

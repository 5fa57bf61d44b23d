import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StaticTokens } from '@change-ledger/auth';

/**
 * For a ledger started with no credentials configured (the embedded default): one fresh token per
 * local identity, a requester, every approver role of the seed policy, an implementer and an
 * auditor. Made at the first start and kept in an env file (mode 600) under the data directory,
 * so that exported tokens stay valid across restarts until the file is removed; held in memory by
 * hash. Not for production: configure LEDGER_TOKENS_FILE or OIDC there.
 */
const LOCAL_IDENTITIES = [
  { variable: 'REQUESTER_TOKEN', principal: 'user-123', roles: ['engineer'] },
  { variable: 'SECURITY_TEAM_TOKEN', principal: 'sam', roles: ['security-team'] },
  { variable: 'ENGINEERING_MANAGER_TOKEN', principal: 'erin', roles: ['engineering-manager'] },
  { variable: 'CHANGE_MANAGER_TOKEN', principal: 'carl', roles: ['change-manager'] },
  { variable: 'QA_TOKEN', principal: 'quinn', roles: ['qa'] },
  { variable: 'SECURITY_TEAM_LEAD_TOKEN', principal: 'lee', roles: ['security-team-lead'] },
  { variable: 'CISO_TOKEN', principal: 'cleo', roles: ['ciso'] },
  { variable: 'HEAD_OF_ENGINEERING_TOKEN', principal: 'hana', roles: ['head-of-engineering'] },
  { variable: 'SECURITY_OFFICER_TOKEN', principal: 'omar', roles: ['security-officer'] },
  { variable: 'IMPLEMENTER_TOKEN', principal: 'engineer-456', roles: ['engineer'] },
  { variable: 'AUDITOR_TOKEN', principal: 'audra', roles: ['auditor'] },
  // A pipeline: reports CI facts for any source (ledger emit, curl to /api/v1/ingest/events).
  {
    variable: 'CI_TOKEN',
    principal: 'ci-pipeline',
    roles: ['ci'],
    kind: 'service',
    sources: ['*'],
  },
] as const;

export async function createLocalTokens(
  dataDir: string,
): Promise<{ tokens: StaticTokens; envFile: string; exports: string; kept: boolean }> {
  const envFile = path.join(dataDir, 'local-tokens.env');
  const previous = await readKeptTokens(envFile);
  const kept = LOCAL_IDENTITIES.every(({ variable }) => previous.has(variable));
  const issued = LOCAL_IDENTITIES.map((identity) => ({
    ...identity,
    token:
      (kept ? previous.get(identity.variable) : undefined) ??
      `cl_local_${randomBytes(18).toString('base64url')}`,
  }));
  const tokens = StaticTokens.fromEntries(
    issued.map((identity) => ({
      token: identity.token,
      principal: identity.principal,
      roles: [...identity.roles],
      ...('kind' in identity ? { kind: identity.kind, sources: [...identity.sources] } : {}),
    })),
    'local tokens',
  );
  const exports = issued
    .map(
      ({ variable, token, principal, roles }) =>
        `export ${variable}=${token}  # ${principal} (${roles.join(', ')})`,
    )
    .join('\n');
  await mkdir(dataDir, { recursive: true });
  await writeFile(envFile, `${exports}\n`, { mode: 0o600 });
  await chmod(envFile, 0o600);
  return { tokens, envFile, exports, kept };
}

/** `export NAME=token  # …` lines of a previous start; none when the file is not there. */
async function readKeptTokens(envFile: string): Promise<Map<string, string>> {
  const text = await readFile(envFile, 'utf8').catch(() => ''); // first start: nothing kept
  const kept = new Map<string, string>();
  for (const match of text.matchAll(/^export ([A-Z_]+)=(cl_local_[\w-]+)/gm))
    kept.set(match[1]!, match[2]!);
  return kept;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { LedgerError, normaliseSourcePattern } from '@change-ledger/domain';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { type AuthenticatedActor, AuthenticationError } from './authenticated-actor';

/**
 * Static API tokens for service accounts and local use, from the YAML file LEDGER_TOKENS_FILE
 * names: a list of `{ token, principal, roles, kind? }`. A token may be written `sha256:<hex>`
 * so the file holds no secret; tokens are only ever compared by their SHA-256.
 */
export interface StaticTokenEntry {
  token: string;
  principal: string;
  roles: string[];
  kind?: 'user' | 'service';
  /** Services only: the CI sources it may report facts for (exact, or a prefix ending in `*`). */
  sources?: string[];
}

export class InvalidTokensFileError extends LedgerError {
  readonly code = 'AUTH.INVALID_TOKENS_FILE';
  readonly kind = 'invalid';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid tokens file ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      { source, problems },
    );
  }
}

export class StaticTokens {
  private constructor(
    private readonly byHash: ReadonlyMap<string, Omit<AuthenticatedActor, 'authenticatedBy'>>,
  ) {}

  static async fromFile(path: string): Promise<StaticTokens> {
    return StaticTokens.fromEntries(parseYaml(await readFile(path, 'utf8')) as unknown, path);
  }

  static fromEntries(entries: unknown, source = 'tokens'): StaticTokens {
    const problems: string[] = [];
    const byHash = new Map<string, Omit<AuthenticatedActor, 'authenticatedBy'>>();
    if (!Array.isArray(entries))
      throw new InvalidTokensFileError(source, [
        'the file is a YAML list of { token, principal, roles }',
      ]);
    entries.forEach((entry: Partial<StaticTokenEntry>, index) => {
      const at = `[${index}]`;
      const before = problems.length;
      if (typeof entry?.token === 'string' && entry.token.startsWith('sha256:')) {
        if (!/^sha256:[0-9a-f]{64}$/.test(entry.token))
          problems.push(`${at}.token: sha256: is followed by 64 lower-case hex digits`);
      } else if (typeof entry?.token !== 'string' || entry.token.length < 16) {
        problems.push(`${at}.token: a token of at least 16 characters, or sha256:<64 hex>`);
      }
      if (typeof entry?.principal !== 'string' || entry.principal.trim() === '')
        problems.push(`${at}.principal: the name events will record`);
      if (
        !Array.isArray(entry?.roles) ||
        !entry.roles.every((role) => typeof role === 'string' && role.trim() !== '')
      )
        problems.push(`${at}.roles: a list of role names`);
      if (entry?.kind !== undefined && entry.kind !== 'user' && entry.kind !== 'service')
        problems.push(`${at}.kind: user or service`);
      if (entry?.sources !== undefined) {
        if (
          !Array.isArray(entry.sources) ||
          !entry.sources.every((source) => typeof source === 'string' && source.trim() !== '')
        )
          problems.push(`${at}.sources: a list of CI sources (exact, or a prefix ending in *)`);
        else if (entry.kind !== 'service')
          problems.push(`${at}.sources: only a service (kind: service) reports CI facts`);
        else
          entry.sources.forEach((source, index) => {
            const pattern = normaliseSourcePattern(source);
            if (!pattern.ok)
              problems.push(
                `${at}.sources[${index}]: ${JSON.stringify(source)} is no CI source or prefix: it ${pattern.reason}`,
              );
          });
      }
      if (problems.length > before) return;
      const hash = entry.token!.startsWith('sha256:')
        ? entry.token!.slice(7)
        : sha256(entry.token!);
      if (byHash.has(hash)) problems.push(`${at}.token: the same token is listed twice`);
      byHash.set(hash, {
        id: entry.principal!,
        kind: entry.kind ?? 'user',
        roles: entry.roles!,
        ...(entry.sources ? { ciSources: entry.sources } : {}),
      });
    });
    if (problems.length > 0) throw new InvalidTokensFileError(source, problems);
    return new StaticTokens(byHash);
  }

  authenticate(token: string): AuthenticatedActor {
    const presented = Buffer.from(sha256(token), 'hex');
    for (const [hash, principal] of this.byHash) {
      if (timingSafeEqual(presented, Buffer.from(hash, 'hex')))
        return {
          ...principal,
          roles: [...principal.roles],
          ...(principal.ciSources ? { ciSources: [...principal.ciSources] } : {}),
          authenticatedBy: 'api-token',
        };
    }
    throw new AuthenticationError('unknown API token');
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

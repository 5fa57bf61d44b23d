import { createHash } from 'node:crypto';
import { createRemoteJWKSet, importSPKI, type JWTPayload, jwtVerify, type KeyLike } from 'jose';
import { normaliseSourcePattern } from '@change-ledger/domain';
import { type AuthenticatedActor, AuthenticationError } from './authenticated-actor';
import { mappedRoles, type RoleMap } from './role-map';

/** JWTs from an OIDC provider: signature (JWKS or a public key), issuer, audience and expiry checked. */
export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  /** The provider's JWKS URL… */
  jwksUrl?: string;
  /** …or its public key (SPKI PEM) with its algorithm. */
  publicKeyPem?: string;
  algorithm?: string;
  /** Where the roles are, as a dotted path: `roles`, `realm_access.roles`, `groups`. */
  rolesClaim: string;
  /**
   * The IdP's group or role names to the policy's roles (LEDGER_OIDC_ROLE_MAP). Unset: the
   * names are the roles. Set: only the names it lists give roles.
   */
  roleMap?: RoleMap;
  /** The claim that names the person or service: `sub`, `preferred_username`, `email`. */
  principalClaim: string;
  /** Services: the claim listing the CI sources it may report for (a list of strings). */
  ciSourcesClaim?: string;
  clockToleranceSeconds?: number;
  /** The clock expiry is checked against (tests move it). */
  now?: () => Date;
}

/** How long a verified token is answered from memory at most, however long it is valid. */
const REMEMBERED_MS = 60_000;
/** How many verified tokens are remembered at most (the oldest is forgotten first). */
const REMEMBERED_TOKENS = 10_000;

interface Remembered {
  actor: AuthenticatedActor;
  /** Until when this answer may be given without verifying again (ms since the epoch). */
  until: number;
}

/**
 * A client sends the same JWT with every request until it expires: its signature is verified
 * once, and the actor it proves is remembered for at most a minute and never past the token's
 * expiry (with the same clock tolerance). Remembered by the SHA-256 of the whole token, so only
 * the very same bytes, signature included, are answered from memory, and no credential is kept
 * as a key. A key the provider withdraws stops being honoured within that minute.
 */
export class JwtVerifier {
  private readonly verified = new Map<string, Remembered>();

  private constructor(
    private readonly options: JwtVerifierOptions,
    private readonly key: KeyLike | ReturnType<typeof createRemoteJWKSet>,
  ) {}

  static async create(options: JwtVerifierOptions): Promise<JwtVerifier> {
    if (options.jwksUrl)
      return new JwtVerifier(options, createRemoteJWKSet(new URL(options.jwksUrl)));
    if (options.publicKeyPem)
      return new JwtVerifier(
        options,
        await importSPKI(options.publicKeyPem, options.algorithm ?? 'RS256'),
      );
    throw new Error('A JWT verifier needs a JWKS URL or a public key');
  }

  async authenticate(token: string): Promise<AuthenticatedActor> {
    const now = this.options.now?.() ?? new Date();
    const digest = createHash('sha256').update(token).digest('base64');
    const remembered = this.verified.get(digest);
    if (remembered && remembered.until > now.getTime()) return copyOf(remembered.actor);
    this.verified.delete(digest);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as KeyLike, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.clockToleranceSeconds,
        requiredClaims: ['exp'],
        currentDate: now,
      }));
    } catch (error) {
      throw new AuthenticationError(
        `invalid JWT: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const actor = this.actorOf(payload);
    if (this.verified.size >= REMEMBERED_TOKENS)
      this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(digest, {
      actor,
      until: Math.min(
        now.getTime() + REMEMBERED_MS,
        (payload.exp! + this.clockToleranceSeconds) * 1000,
      ),
    });
    return copyOf(actor);
  }

  private get clockToleranceSeconds(): number {
    return this.options.clockToleranceSeconds ?? 30;
  }

  private actorOf(payload: JWTPayload): AuthenticatedActor {
    const principal = claim(payload, this.options.principalClaim);
    if (typeof principal !== 'string' || principal === '')
      throw new AuthenticationError(`the JWT has no ${this.options.principalClaim} claim`);
    const names = namesIn(payload, this.options.rolesClaim, 'role names');
    const roles = this.options.roleMap ? mappedRoles(this.options.roleMap, names) : names;
    const kind = isClientCredentialsToken(payload) ? 'service' : 'user';
    const sourcesClaim = this.options.ciSourcesClaim ?? 'ci_sources';
    const ciSources = namesIn(payload, sourcesClaim, 'CI sources');
    ciSources.forEach((source) => {
      const pattern = normaliseSourcePattern(source);
      if (!pattern.ok)
        throw new AuthenticationError(
          `the JWT's ${sourcesClaim} claim holds ${JSON.stringify(source)}, which is no CI source or prefix: it ${pattern.reason}`,
        );
    });
    return {
      id: principal,
      kind,
      roles,
      authenticatedBy: 'oidc-jwt',
      // Only a service reports CI facts, whatever a person's token claims.
      ...(kind === 'service' && ciSources.length > 0 ? { ciSources } : {}),
    };
  }
}

/**
 * A token a client got for itself (client credentials: no person behind it). Providers mark it
 * differently, and reading one as a person's would let a service's secret take a person's step
 * (ADR 0024), so every known mark counts; a person's token carries none of them:
 * - the client is the subject (RFC 9068 §2.2): its id as `azp`, Okta's `cid`, `client_id`, or
 *   Entra ID v1's `appid` equals `sub`;
 * - Keycloak: the subject is the client's service-account user, named `service-account-<client>`
 *   (its tokens also carry `client_id`; RFC 9068 providers put that in people's tokens too);
 * - Entra ID: `idtyp: app` (an optional claim), and always `sub === oid`, the service principal
 *   (a person's `sub` is pairwise, never their `oid`);
 * - Auth0: `gty: client-credentials`.
 */
function isClientCredentialsToken(payload: JWTPayload): boolean {
  const clientIds = [payload.azp, payload.cid, payload.client_id, payload.appid].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  const subject = payload.sub;
  return (
    (subject !== undefined && clientIds.includes(subject)) ||
    clientIds.some((id) => payload.preferred_username === `service-account-${id}`) ||
    (subject !== undefined && payload.oid === subject) ||
    payload.idtyp === 'app' ||
    payload.gty === 'client-credentials'
  );
}

/** A copy: the caller may change what it gets, never what is remembered. */
function copyOf(actor: AuthenticatedActor): AuthenticatedActor {
  return {
    ...actor,
    roles: [...actor.roles],
    ...(actor.ciSources ? { ciSources: [...actor.ciSources] } : {}),
  };
}

/**
 * A claim that lists names (roles, CI sources): absent, it lists none; present, it is a list of
 * non-empty strings or the token is refused, naming the claim (issue 25 §6). Reading a string
 * `"auditor"` as no roles, or keeping the strings of a mixed list, once turned an auditor's token
 * into a principal that was not read-only.
 */
function namesIn(payload: JWTPayload, path: string, what: string): string[] {
  const value = claim(payload, path);
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    !value.every((item): item is string => typeof item === 'string' && item.trim() !== '')
  ) {
    throw new AuthenticationError(
      `the JWT's ${path} claim must be a list of ${what} (non-empty strings); it is ${shapeOf(value)}`,
    );
  }
  return [...value];
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list holding something else than non-empty strings';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function claim(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      payload,
    );
}

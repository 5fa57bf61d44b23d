import { createRemoteJWKSet, importSPKI, type JWTPayload, jwtVerify, type KeyLike } from 'jose';
import { type AuthenticatedActor, AuthenticationError } from './authenticated-actor';

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
  /** The claim that names the person or service: `sub`, `preferred_username`, `email`. */
  principalClaim: string;
  /** Services: the claim listing the CI sources it may report for (a list of strings). */
  ciSourcesClaim?: string;
  clockToleranceSeconds?: number;
}

export class JwtVerifier {
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
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as KeyLike, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new AuthenticationError(
        `invalid JWT: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const principal = claim(payload, this.options.principalClaim);
    if (typeof principal !== 'string' || principal === '')
      throw new AuthenticationError(`the JWT has no ${this.options.principalClaim} claim`);
    const roles = claim(payload, this.options.rolesClaim);
    const kind = payload.azp !== undefined && payload.azp === payload.sub ? 'service' : 'user';
    const ciSources = strings(claim(payload, this.options.ciSourcesClaim ?? 'ci_sources'));
    return {
      id: principal,
      // A client-credentials token (no person behind it) names its client as subject and carries
      // no user claims; providers mark it differently, so the ledger reads the conventional `azp === sub`.
      kind,
      roles: strings(roles),
      authenticatedBy: 'oidc-jwt',
      // Only a service reports CI facts, whatever a person's token claims.
      ...(kind === 'service' && ciSources.length > 0 ? { ciSources } : {}),
    };
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
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

import { type AuthenticatedActor, AuthenticationError } from './authenticated-actor';
import { type JwtVerifier } from './jwt-verifier';
import { type StaticTokens } from './static-tokens';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Turns an `Authorization` header into the actor it proves, or refuses with why. */
export class Authenticator {
  constructor(private readonly sources: { tokens?: StaticTokens; jwt?: JwtVerifier }) {}

  async authenticate(authorization: string | undefined): Promise<AuthenticatedActor> {
    if (!authorization)
      throw new AuthenticationError('no Authorization header; send Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new AuthenticationError('the Authorization header is not "Bearer <token>"');
    const token = match[1]!;
    if (JWT_SHAPE.test(token) && this.sources.jwt) return this.sources.jwt.authenticate(token);
    if (this.sources.tokens) return this.sources.tokens.authenticate(token);
    throw new AuthenticationError('no credentials of this kind are accepted here');
  }
}

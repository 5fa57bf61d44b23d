// libs/auth: who a request acts as — static API tokens and OIDC JWTs. Transport-free.
export {
  type AuthenticatedActor,
  AuthenticationError,
  recordedActor,
  speaksForSource,
} from './authenticated-actor';
export { Authenticator } from './authenticator';
export { JwtVerifier, type JwtVerifierOptions } from './jwt-verifier';
export { InvalidRoleMapError, mappedRoles, parseRoleMap, type RoleMap } from './role-map';
export {
  InvalidTokensFileError,
  sha256,
  StaticTokens,
  type StaticTokenEntry,
} from './static-tokens';

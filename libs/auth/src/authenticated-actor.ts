/** Who a request acts as, once its credentials are verified; events record exactly this. */
export interface AuthenticatedActor {
  id: string;
  kind: 'user' | 'service';
  roles: string[];
  /** `api-token` or `oidc-jwt`. */
  authenticatedBy: string;
}

/** Credentials missing, malformed, unknown, expired or for someone else: always a 401. */
export class AuthenticationError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AuthenticationError';
  }
}

import { bindingsCover, LedgerError } from '@change-ledger/domain';

/** Who a request acts as, once its credentials are verified; events record exactly this. */
export interface AuthenticatedActor {
  id: string;
  kind: 'user' | 'service';
  roles: string[];
  /** `api-token` or `oidc-jwt`. */
  authenticatedBy: string;
  /**
   * The CI sources a service may report facts for (exact, or a prefix ending in `*`); a fact from
   * any other source is refused. Absent: it reports none.
   */
  ciSources?: string[];
}

/** The actor as events record it: who, what kind, which roles, how authenticated; no bindings. */
export function recordedActor({ id, kind, roles, authenticatedBy }: AuthenticatedActor) {
  return { id, kind, roles: [...roles], authenticatedBy };
}

/**
 * Whether `actor` may report a CI fact from `source` (its `ciSources`, see above), both
 * normalised first (libs/domain ci-source.ts): `github.com/acme/../../gitlab.com/other` is no
 * source of `github.com/acme/*`.
 */
export function speaksForSource(actor: AuthenticatedActor, source: string): boolean {
  return bindingsCover(actor.ciSources ?? [], source);
}

/** Credentials missing, malformed, unknown, expired or for someone else: always a 401. */
export class AuthenticationError extends LedgerError {
  readonly code = 'AUTH.UNAUTHENTICATED';
  readonly kind = 'unauthenticated';
  constructor(readonly reason: string) {
    super(reason);
  }
}

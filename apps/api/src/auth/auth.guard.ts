import { LedgerError } from '@change-ledger/domain';
import { Authenticator } from '@change-ledger/auth';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUDITOR_ROLE, AUDITORS_ONLY, AuditorsOnlyError } from './auditors-only.decorator';
import { type AuthenticatedRequest } from './current-actor.decorator';
import { IS_PUBLIC, PRESERVES_EVIDENCE } from './public.decorator';

export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

/** Roles that may read everything and write nothing (auditors). */
export const READ_ONLY_ROLES = new Set(['auditor']);

/** A principal whose roles are all read-only may only read. */
export const isReadOnly = (roles: readonly string[]) =>
  roles.length > 0 && roles.every((role) => READ_ONLY_ROLES.has(role));

export class ReadOnlyActorError extends LedgerError {
  readonly code = 'AUTH.READ_ONLY';
  readonly kind = 'forbidden';
  constructor(readonly actorId: string) {
    super(`${actorId} holds read-only roles and cannot change the ledger`, { actorId });
  }
}

/**
 * Every route but those marked @Public requires `Authorization: Bearer …` (an API token or an
 * OIDC JWT). A principal whose roles are all read-only may only read, except on the routes
 * marked @AuditorsOnly, which are the auditors' alone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.authenticator.authenticate(request.headers.authorization);
    const auditorsOnly = this.reflector.getAllAndOverride<boolean>(AUDITORS_ONLY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (auditorsOnly) {
      if (!actor.roles.includes(AUDITOR_ROLE)) throw new AuditorsOnlyError(actor.id);
      request.actor = actor;
      return true;
    }
    const readOnly = isReadOnly(actor.roles);
    const preservesEvidence = this.reflector.getAllAndOverride<boolean>(PRESERVES_EVIDENCE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (readOnly && !preservesEvidence && request.method !== 'GET' && request.method !== 'HEAD')
      throw new ReadOnlyActorError(actor.id);
    request.actor = actor;
    return true;
  }
}

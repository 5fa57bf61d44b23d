import { LedgerError } from '@change-ledger/domain';
import { type AuthenticatedActor, AuthenticationError, Authenticator } from '@change-ledger/auth';
import {
  CALENDAR_FEED_TOKEN_PREFIX,
  CalendarFeedTokenHandlers,
} from '@change-ledger/change-requests';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUDITOR_ROLE, AUDITORS_ONLY, AuditorsOnlyError } from './auditors-only.decorator';
import {
  CALENDAR_FEED_ROUTE,
  FEED_TOKEN_PARAMETER,
  OWN_READ_ACCESS,
} from './calendar-feed.decorator';
import { type AuthenticatedRequest } from './current-actor.decorator';
import { IS_PUBLIC, PRESERVES_EVIDENCE } from './public.decorator';

export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

/** Roles that may read everything and write nothing (auditors). */
export const READ_ONLY_ROLES = new Set(['auditor']);

/** A principal whose roles are all read-only may only read. */
export const isReadOnly = (roles: readonly string[]) =>
  roles.length > 0 && roles.every((role) => READ_ONLY_ROLES.has(role));

/**
 * A person with no role at all reads what every authenticated person reads, and writes nothing
 * (issue 25 §6: a roles claim that went missing must not leave a principal who may do anything a
 * role is not checked for). A service's writes answer to its bindings and the policy's mandates.
 */
export const holdsNoRole = (actor: Pick<AuthenticatedActor, 'kind' | 'roles'>) =>
  actor.kind === 'user' && actor.roles.length === 0;

/** What `GET /api/v1/me` says and the guard enforces: this principal may only read. */
export const mayOnlyRead = (actor: Pick<AuthenticatedActor, 'kind' | 'roles'>) =>
  isReadOnly(actor.roles) || holdsNoRole(actor);

export class ReadOnlyActorError extends LedgerError {
  readonly code = 'AUTH.READ_ONLY';
  readonly kind = 'forbidden';
  constructor(readonly actorId: string) {
    super(`${actorId} holds read-only roles and cannot change the ledger`, { actorId });
  }
}

export class NoRoleError extends LedgerError {
  readonly code = 'AUTH.NO_ROLE';
  readonly kind = 'forbidden';
  constructor(readonly actorId: string) {
    super(
      `${actorId} holds no role: a person without one reads what everyone reads and changes nothing`,
      { actorId },
    );
  }
}

/** What a route's decorators say about who may call it: read once per route, not per request. */
interface RouteAccess {
  isPublic: boolean;
  auditorsOnly: boolean;
  preservesEvidence: boolean;
  calendarFeed: boolean;
  ownReadAccess: boolean;
}

/**
 * Every route but those marked @Public requires `Authorization: Bearer …` (an API token or an
 * OIDC JWT). A principal whose roles are all read-only may only read, and so may a person with
 * no role; the routes marked @AuditorsOnly are the auditors' alone. The calendar feed by URL
 * (@CalendarFeedRoute) takes a calendar feed token and nothing else, and no other route takes
 * one (ADR 0028).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** By controller class, then handler: a handler a class inherits may carry another class's. */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
    private readonly feedTokens: CalendarFeedTokenHandlers,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access.isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (access.calendarFeed) {
      request.actor = await this.calendarFeedReader(request);
      return true;
    }
    // A feed token is handed to calendar apps and lives in URLs: it reads the feed and nothing
    // else, however it is presented.
    if (
      request.query?.[FEED_TOKEN_PARAMETER] !== undefined ||
      /^Bearer\s+clf_/i.test(request.headers.authorization?.trim() ?? '')
    )
      throw new AuthenticationError(
        'a calendar feed token opens the calendar feed (calendar.ics) only; send an API token as Authorization: Bearer <token>',
      );
    const actor = await this.authenticator.authenticate(request.headers.authorization);
    if (access.auditorsOnly) {
      if (!actor.roles.includes(AUDITOR_ROLE)) throw new AuditorsOnlyError(actor.id);
      request.actor = actor;
      return true;
    }
    // Issuing or revoking one's own feed token changes nothing of the ledger's changes: whoever
    // may read the calendar may do it, auditors and people without a role included.
    const writes = request.method !== 'GET' && request.method !== 'HEAD' && !access.ownReadAccess;
    if (writes && holdsNoRole(actor)) throw new NoRoleError(actor.id);
    if (writes && isReadOnly(actor.roles) && !access.preservesEvidence)
      throw new ReadOnlyActorError(actor.id);
    request.actor = actor;
    return true;
  }

  /**
   * The owner of a valid feed token, as the reader of the feed: a person, with the roles
   * recorded when it was issued. An API token in this URL is no feed token, and is refused.
   */
  private async calendarFeedReader(request: AuthenticatedRequest): Promise<AuthenticatedActor> {
    const presented = request.query?.[FEED_TOKEN_PARAMETER];
    const checked = await this.feedTokens.check(
      typeof presented === 'string' ? presented : undefined,
    );
    if (!checked.ok)
      throw new AuthenticationError(
        `${checked.reason}: the feed takes ?${FEED_TOKEN_PARAMETER}=${CALENDAR_FEED_TOKEN_PREFIX}… from POST /api/v1/me/calendar-feed-tokens`,
      );
    return {
      id: checked.reader.owner,
      kind: 'user',
      roles: checked.reader.roles,
      authenticatedBy: 'calendar-feed-token',
    };
  }

  /** The route's decorators, the method's first, then its controller's. */
  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    let routes = this.routes.get(controller);
    if (!routes) this.routes.set(controller, (routes = new WeakMap()));
    let access = routes.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        auditorsOnly: this.reflector.getAllAndOverride<boolean>(AUDITORS_ONLY, targets) === true,
        preservesEvidence:
          this.reflector.getAllAndOverride<boolean>(PRESERVES_EVIDENCE, targets) === true,
        calendarFeed:
          this.reflector.getAllAndOverride<boolean>(CALENDAR_FEED_ROUTE, targets) === true,
        ownReadAccess: this.reflector.getAllAndOverride<boolean>(OWN_READ_ACCESS, targets) === true,
      };
      routes.set(handler, access);
    }
    return access;
  }
}

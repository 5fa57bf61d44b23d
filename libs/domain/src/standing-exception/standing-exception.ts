import {
  type StandingExceptionEvent,
  type StandingExceptionRequested,
} from './standing-exception.events';

/**
 * A policy exception (POL-EXCEPTIONS) for a service and a period rather than one change: it waives the
 * gates it names for every change whose affected systems it all names, in a deployment of a
 * service it names, received inside [from, to), once the roles of the policy's `exceptions.approvers` have signed it off. Every such
 * exception lives in one system stream, read whole by whoever evaluates a gate (they are few).
 */
export interface StandingException extends StandingExceptionRequested {
  approvals: Array<{ approverId: string; role: string }>;
  approved: boolean;
  approvedAt: string | null;
}

/** Every standing exception ever requested, by id, in the order requested. */
export type StandingExceptions = ReadonlyMap<string, StandingException>;

export function evolveStandingExceptions(
  exceptions: StandingExceptions,
  event: StandingExceptionEvent,
): StandingExceptions {
  const next = new Map(exceptions);
  switch (event.type) {
    case 'StandingExceptionRequested': {
      const { exceptionId } = event.data;
      next.set(exceptionId, { ...event.data, approvals: [], approved: false, approvedAt: null });
      return next;
    }
    case 'StandingExceptionSignedOff': {
      const exception = exceptions.get(event.data.exceptionId);
      if (exception) {
        const { approverId, role } = event.data;
        next.set(exception.exceptionId, {
          ...exception,
          approvals: [...exception.approvals, { approverId, role }],
        });
      }
      return next;
    }
    case 'StandingExceptionApproved': {
      const exception = exceptions.get(event.data.exceptionId);
      if (exception)
        next.set(exception.exceptionId, {
          ...exception,
          approved: true,
          approvedAt: event.data.approvedAt,
        });
      return next;
    }
  }
}

export function foldStandingExceptions(
  events: readonly StandingExceptionEvent[],
): StandingExceptions {
  return events.reduce<StandingExceptions>(evolveStandingExceptions, new Map());
}

/** Affected systems and services compare without case or surrounding blanks. */
const systemKey = (name: string) => name.trim().toLowerCase();

/**
 * Whether an approved standing exception covers a deployment at `at`: it names every affected
 * system of the change (a waiver for `payments` says nothing about `ledger`) and the service the
 * deployment names, if it names one — a change that declares `payments` does not carry a waiver
 * to the `ledger` service CI deploys under it — and `at` is in [from, to).
 */
export function standingExceptionCovers(
  exception: StandingException,
  deployment: { affectedSystems: readonly string[]; deployedService: string | null },
  at: string,
): boolean {
  const services = new Set(exception.services.map(systemKey));
  const { affectedSystems, deployedService } = deployment;
  const when = Date.parse(at);
  return (
    exception.approved &&
    affectedSystems.length > 0 &&
    affectedSystems.every((system) => services.has(systemKey(system))) &&
    (deployedService === null || services.has(systemKey(deployedService))) &&
    when >= Date.parse(exception.from) &&
    when < Date.parse(exception.to)
  );
}

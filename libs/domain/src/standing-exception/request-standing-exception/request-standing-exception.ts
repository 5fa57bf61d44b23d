import { waivedGates } from '../../deploy-gate/waivable-gates';
import { type Policy } from '../../policy/policy';
import { type Actor } from '../../change-request/change-request.model';
import { refuseException } from '../standing-exception.errors';
import { type StandingExceptionEvent } from '../standing-exception.events';
import { type StandingExceptions } from '../standing-exception';

export interface RequestStandingException {
  type: 'RequestStandingException';
  data: {
    deviation: string;
    riskAssessment: string;
    gates: readonly string[];
    services: readonly string[];
    from: string;
    to: string;
  };
  metadata: { actor: Actor; at: string };
}

/** Who may ask for an exception that is not about one change: whoever may sign one off, or a change manager. */
export function standingExceptionRequesters(policy: Policy): string[] {
  return [...new Set(['change-manager', ...policy.exceptions.approvers])];
}

/**
 * POL-EXCEPTIONS: a deviation documented and risk-assessed, here for a service and a period: the gates it
 * would waive, the services (affected systems) it is for, and [from, to). Numbered in the order
 * requested (`EXC-0001`), so the id an approver signs is the one a gate later cites.
 */
export function requestStandingException(
  command: RequestStandingException,
  exceptions: StandingExceptions,
  policy: Policy,
): StandingExceptionEvent[] {
  const { actor, at } = command.metadata;
  if (actor.kind !== 'user') throw refuseException.notAPerson(actor.id);
  const requesters = standingExceptionRequesters(policy);
  if (!actor.roles.some((role) => requesters.includes(role)))
    throw refuseException.missingRole('request', actor.id, requesters);
  const { data } = command;
  const deviation = required('deviation', data.deviation);
  const riskAssessment = required('risk_assessment', data.riskAssessment);
  const waived = waivedGates(data.gates);
  if (waived.problem !== null) throw refuseException.invalid('gates', waived.problem);
  if (waived.gates.length === 0)
    throw refuseException.invalid('gates', 'must name at least one gate to waive');
  const services = [...new Set(data.services.map((service) => required('services', service)))];
  if (services.length === 0)
    throw refuseException.invalid('services', 'must name at least one service');
  const from = instant('from', data.from);
  const to = instant('to', data.to);
  if (Date.parse(to) <= Date.parse(from)) throw refuseException.invalid('to', 'must be after from');
  return [
    {
      type: 'StandingExceptionRequested',
      data: {
        exceptionId: `EXC-${String(exceptions.size + 1).padStart(4, '0')}`,
        deviation,
        riskAssessment,
        gates: waived.gates,
        services,
        from,
        to,
        requestedBy: actor.id,
        requestedAt: at,
      },
    },
  ];
}

function required(field: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw refuseException.invalid(field, 'must be a non-empty string');
  return value;
}

function instant(field: string, value: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw refuseException.invalid(field, 'must be an ISO 8601 instant');
  return new Date(time).toISOString();
}

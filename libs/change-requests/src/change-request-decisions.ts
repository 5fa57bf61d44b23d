import {
  type ChangeRequest,
  type ChangeRequestCommand,
  type ChangeRequestEvent,
  type CommandMeta,
  decide,
  evolve,
  mandateFor,
  personStepOf,
  type Policy,
} from '@change-ledger/domain';
import { type GlobalPosition, retryOnConflict } from '@change-ledger/event-store';
import { Injectable } from '@nestjs/common';
import { ChangeRequestIds } from './change-request-ids';
import { ChangeRequestRepository } from './change-request.repository';
import { PolicyInForce } from './policy-in-force';
import { type RequestContext } from './request-context';

export interface ChangeRequestOutcome {
  changeRequestId: string;
  state: ChangeRequest;
  events: ChangeRequestEvent[];
  /** Where the events landed in the global order (a read model can wait for it); null if none. */
  position: GlobalPosition | null;
}

/** A use case's domain command, once its change request, actor, time and policy are known. */
export type DomainCommandFor = (meta: CommandMeta, policy: Policy) => ChangeRequestCommand;

const ATTEMPTS = 5;
const PROVISIONAL_ID = 'CHG-0000-000';

/**
 * Emmett-style command handling, written once for every use case: load the stream, decide,
 * append at the revision that was read. When another writer got there first (two approvers at
 * once), decide again on the new state: the second decision sees the first, so every rule holds,
 * and a command the new state refuses is refused. A creation takes its number from
 * ChangeRequestIds instead (the creation is the reservation).
 */
@Injectable()
export class ChangeRequestDecisions {
  constructor(
    private readonly repository: ChangeRequestRepository,
    private readonly ids: ChangeRequestIds,
    private readonly policy: PolicyInForce,
  ) {}

  /** A new change request, under the next free id of the year it is decided in. */
  async create(given: RequestContext, commandFor: DomainCommandFor): Promise<ChangeRequestOutcome> {
    const command = this.commandIn(given, commandFor);
    const at = command(PROVISIONAL_ID).meta.at;
    // A creation the decider refuses must not take a number: decide once before taking one.
    decide(command(PROVISIONAL_ID), { status: 'absent' });
    const context = this.recorded(given, command(PROVISIONAL_ID));
    return this.ids.create(Number(at.slice(0, 4)), (id) => {
      const events = decide(command(id), { status: 'absent' });
      const state = events.reduce(evolve, { status: 'absent' }) as ChangeRequest;
      return {
        append: this.repository.appendOf(
          id,
          events.map((event) => ({ event, context })),
          undefined,
        ),
        created: (result) => ({ changeRequestId: id, state, events, position: result.position }),
      };
    });
  }

  /** A command on an existing change request. */
  async decide(
    changeRequestId: string,
    given: RequestContext,
    commandFor: DomainCommandFor,
  ): Promise<ChangeRequestOutcome> {
    const command = this.commandIn(given, commandFor)(changeRequestId);
    const context = this.recorded(given, command);
    return retryOnConflict(ATTEMPTS, async () => {
      const loaded = await this.repository.load(changeRequestId);
      const events = decide(command, loaded.state);
      const state = events.reduce(evolve, loaded.state) as ChangeRequest;
      if (events.length === 0) return { changeRequestId, state, events, position: null };
      const result = await this.repository.append(
        changeRequestId,
        events,
        loaded.revision,
        context,
      );
      return { changeRequestId, state, events, position: result.position };
    });
  }

  /**
   * The context its events are recorded with: a service the decider let take a person's step
   * did so under the policy entry naming it, and the record says which (ADR 0024).
   */
  private recorded(context: RequestContext, command: ChangeRequestCommand): RequestContext {
    const step = personStepOf(command);
    if (context.actor.kind !== 'service' || step === null) return context;
    const found = mandateFor(this.policy.policy, context.actor.id, step);
    return found
      ? {
          ...context,
          actingUnder: {
            policyVersion: this.policy.policy.version,
            policyEntry: found.entry,
            step,
          },
        }
      : context;
  }

  /** The command for a given id, with one time whatever the retries: when it was decided. */
  private commandIn(context: RequestContext, commandFor: DomainCommandFor) {
    const at = this.repository.now();
    return (changeRequestId: string) =>
      commandFor({ changeRequestId, actor: context.actor, at }, this.policy.policy);
  }
}

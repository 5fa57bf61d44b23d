import {
  type ChangeRequest,
  type ChangeRequestCommand,
  type ChangeRequestEvent,
  decide,
  evolve,
} from '@change-ledger/domain';
import { type GlobalPosition, WrongExpectedRevisionError } from '@change-ledger/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ChangeRequestIds } from '../change-request-ids';
import { ChangeRequestRepository } from '../change-request.repository';
import { PolicyInForce } from '../policy-in-force';
import { ExecuteChangeRequestCommand } from './execute-change-request.command';

export interface ChangeRequestOutcome {
  changeRequestId: string;
  state: ChangeRequest;
  events: ChangeRequestEvent[];
  /** Where the events landed in the global order (a read model can wait for it); null if none. */
  position: GlobalPosition | null;
}

const ATTEMPTS = 5;
const PROVISIONAL_ID = 'CHG-0000-000';

/**
 * Load the stream, decide, append at the revision that was read. When another writer got there
 * first (two approvers at once), decide again on the new state: the second decision sees the
 * first, so every rule holds, and a command the new state refuses is refused.
 */
@CommandHandler(ExecuteChangeRequestCommand)
export class ExecuteChangeRequestHandler implements ICommandHandler<
  ExecuteChangeRequestCommand,
  ChangeRequestOutcome
> {
  constructor(
    private readonly repository: ChangeRequestRepository,
    private readonly ids: ChangeRequestIds,
    private readonly policy: PolicyInForce,
  ) {}

  async execute({
    changeRequestId,
    intent,
    context,
  }: ExecuteChangeRequestCommand): Promise<ChangeRequestOutcome> {
    // One time for the command, whatever the retries: when it was decided.
    const at = context.occurredAt ?? this.repository.now();
    const commandFor = (id: string) =>
      ({
        ...intent,
        data: { ...intent.data, policy: this.policy.policy },
        meta: { changeRequestId: id, actor: context.actor, at },
      }) as ChangeRequestCommand;
    if (changeRequestId === undefined) {
      // A creation the decider refuses must not take a number: decide once before taking one.
      decide(commandFor(PROVISIONAL_ID), { status: 'absent' });
      return this.ids.withNextId(Number(at.slice(0, 4)), async (id) => {
        const events = decide(commandFor(id), { status: 'absent' });
        const state = events.reduce(evolve, { status: 'absent' }) as ChangeRequest;
        const result = await this.repository.append(id, events, undefined, context);
        return { changeRequestId: id, state, events, position: result.position };
      });
    }
    const id = changeRequestId;
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.repository.load(id);
      const events = decide(commandFor(id), loaded.state);
      const state = events.reduce(evolve, loaded.state) as ChangeRequest;
      if (events.length === 0) return { changeRequestId: id, state, events, position: null };
      try {
        const result = await this.repository.append(id, events, loaded.revision, context);
        return { changeRequestId: id, state, events, position: result.position };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }
}

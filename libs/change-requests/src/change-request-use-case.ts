import { type ChangeRequestCommand } from '@change-ledger/domain';
import { Injectable } from '@nestjs/common';
import { Command, type ICommandHandler } from '@nestjs/cqrs';
import {
  ChangeRequestDecisions,
  type ChangeRequestOutcome,
  type DomainCommandFor,
} from './change-request-decisions';
import { type RequestContext } from './request-context';

/**
 * What every use case of a change request shares, so that its own folder holds only what is its
 * own. @nestjs/cqrs routes by class: each use case has its command class (a subclass of one of
 * the two below) and its handler (a subclass of one of the two handlers below), and the bus
 * carries one named command per use case (docs/adr/0011-use-cases.md).
 */

/** A domain command as the edge states it: the handler adds the policy in force. */
export type Payload<C extends ChangeRequestCommand> = Omit<C['data'], 'policy'>;

/** A use case on an existing change request. */
export abstract class ChangeRequestUseCaseCommand<
  C extends ChangeRequestCommand,
> extends Command<ChangeRequestOutcome> {
  constructor(
    readonly changeRequestId: string,
    readonly payload: Payload<C>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** A creation: the change request has no id until its handler takes the next free one. */
export abstract class CreationUseCaseCommand<
  C extends ChangeRequestCommand,
> extends Command<ChangeRequestOutcome> {
  constructor(
    readonly payload: Payload<C>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** The decider's command of a use case, from the payload its command carries. */
@Injectable()
abstract class UseCaseHandler<C extends ChangeRequestCommand> {
  /** The decider's command this use case states. */
  protected abstract readonly decides: C['type'];

  constructor(protected readonly decisions: ChangeRequestDecisions) {}

  protected commandFor(payload: Payload<C>): DomainCommandFor {
    // TypeScript cannot rebuild a member of the union from its type and its data in general; the
    // handler's `decides` and the command's `Payload` are both taken from the same C.
    return (meta, policy) => ({ type: this.decides, data: { ...payload, policy }, meta }) as C;
  }
}

/** Handles a use case on an existing change request: decides its domain command. */
export abstract class ChangeRequestUseCaseHandler<C extends ChangeRequestCommand>
  extends UseCaseHandler<C>
  implements ICommandHandler<ChangeRequestUseCaseCommand<C>, ChangeRequestOutcome>
{
  execute({ changeRequestId, payload, context }: ChangeRequestUseCaseCommand<C>) {
    return this.decisions.decide(changeRequestId, context, this.commandFor(payload));
  }
}

/** Handles a creation: decides its domain command under the next free change request id. */
export abstract class CreationUseCaseHandler<C extends ChangeRequestCommand>
  extends UseCaseHandler<C>
  implements ICommandHandler<CreationUseCaseCommand<C>, ChangeRequestOutcome>
{
  execute({ payload, context }: CreationUseCaseCommand<C>) {
    return this.decisions.create(context, this.commandFor(payload));
  }
}

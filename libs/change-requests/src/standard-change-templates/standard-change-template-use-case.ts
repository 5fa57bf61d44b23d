import { type StandardChangeTemplateCommand } from '@change-ledger/domain';
import { Injectable } from '@nestjs/common';
import { Command, type ICommandHandler } from '@nestjs/cqrs';
import { type RequestContext } from '../request-context';
import {
  StandardChangeTemplateDecisions,
  type TemplateOutcome,
} from './standard-change-template-decisions';

/** A template command as the edge states it: the handler adds the policy in force. */
export type TemplatePayload<C extends StandardChangeTemplateCommand> = Omit<C['data'], 'policy'>;

/**
 * A use case of a standard-change template: its command class (a subclass of this) on the bus,
 * and its handler (a subclass of the handler below), as change requests' use cases are
 * (docs/adr/0011-use-cases.md).
 */
export abstract class TemplateUseCaseCommand<
  C extends StandardChangeTemplateCommand,
> extends Command<TemplateOutcome> {
  constructor(
    readonly templateId: string,
    readonly payload: TemplatePayload<C>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@Injectable()
export abstract class TemplateUseCaseHandler<
  C extends StandardChangeTemplateCommand,
> implements ICommandHandler<TemplateUseCaseCommand<C>, TemplateOutcome> {
  protected abstract readonly decides: C['type'];

  constructor(private readonly decisions: StandardChangeTemplateDecisions) {}

  execute({ templateId, payload, context }: TemplateUseCaseCommand<C>): Promise<TemplateOutcome> {
    // The handler's `decides` and the command's payload are both taken from the same C.
    return this.decisions.decide(
      templateId,
      context,
      (meta, policy) => ({ type: this.decides, data: { ...payload, policy }, meta }) as C,
    );
  }
}

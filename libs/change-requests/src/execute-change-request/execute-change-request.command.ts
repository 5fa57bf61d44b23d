import { type ChangeRequestCommand } from '@change-ledger/domain';
import { type RequestContext } from '../request-context';

type WithoutPolicy<C> = C extends { type: infer T; data: infer D }
  ? { type: T; data: Omit<D, 'policy'> }
  : never;

/** A domain command as the edge states it: the handler adds the policy in force, the time and the id. */
export type ChangeRequestIntent = WithoutPolicy<ChangeRequestCommand>;

/**
 * The one @nestjs/cqrs command class for change requests: it routes every intent to the decider.
 * `changeRequestId` is omitted for a creation, which reserves the next id.
 */
export class ExecuteChangeRequestCommand {
  constructor(
    readonly changeRequestId: string | undefined,
    readonly intent: ChangeRequestIntent,
    readonly context: RequestContext,
  ) {}
}

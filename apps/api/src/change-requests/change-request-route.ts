import { type ChangeRequestOutcome, type RequestContext } from '@change-ledger/change-requests';
import { CHANGE_REQUEST_ID } from '@change-ledger/domain';
import { formatPosition } from '@change-ledger/event-store';
import { Body, Controller, Param, type Type } from '@nestjs/common';
import { type Command, CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { RequestCtx } from '../auth/request-context.decorator';
import { RequestValidationError } from '../problem-details/request-validation.error';
import { IdStep, nameStepBody } from '../use-case-step';
import { ChangeRequestStepAnswer } from './dto/change-request.response.dto';
import { presentChangeRequest } from '@change-ledger/change-requests';

/**
 * What the routes of API v1's change requests share. Each use case has its own controller in its
 * own folder (`<use-case>/<use-case>.http.controller.ts`), all under this one base path.
 */
export const CHANGE_REQUESTS_ROUTE = 'api/v1/change-management/change-requests';

/** The `:id` of a route, refused (naming the field) unless it is a change request id. */
export function changeRequestId(id: string): string {
  if (!CHANGE_REQUEST_ID.test(id))
    throw new RequestValidationError([
      { field: 'id', reason: `${JSON.stringify(id)} is not a change request id like CHG-2025-001` },
    ]);
  return id;
}

/** Where the outcome's events landed, as a read model's `min_position` takes it; null if none. */
export function outcomePosition(outcome: ChangeRequestOutcome): string | null {
  return outcome.position ? formatPosition(outcome.position) : null;
}

/** The change request as the use case left it: the answer of every step without its own shape. */
export function presentOutcome(outcome: ChangeRequestOutcome) {
  return presentChangeRequest(outcome.state, outcome.position);
}

/** A step of a change request's lifecycle: `POST :id/<step>`, answered 200 (nothing is created). */
export const ChangeRequestStep = IdStep;

/** A use case's request mapping: the command a valid body states for change request `id`. */
export type ToCommand<Dto> = (
  id: string,
  body: Dto,
  context: RequestContext,
) => Command<ChangeRequestOutcome>;

/** A use case's own answer (API-ROUTES gives it a shape): how it is made, and its class for OpenAPI. */
export interface UseCaseAnswer<Dto, Answer> {
  present(outcome: ChangeRequestOutcome, body: Dto): NoInfer<Answer>;
  type: Type<Answer>;
}

/**
 * The controller of a use case on one change request (`:id` and a body), built from what is the
 * use case's own: its route, its body's class, its request mapping and, when API-ROUTES gives the answer
 * its own shape, its answer (else the change request as it now is). A class factory, as Nest's
 * own `PartialType()` and `AuthGuard()`, so that the route's parameters, the id's check and the
 * command bus are written once rather than in every use case's folder.
 */
export function ChangeRequestUseCaseController<Dto extends object, Answer>(
  route: MethodDecorator,
  body: Type<Dto>,
  toCommand: ToCommand<Dto>,
  answer?: UseCaseAnswer<Dto, Answer>,
) {
  const present = answer?.present ?? presentOutcome;
  @Controller(CHANGE_REQUESTS_ROUTE)
  class UseCaseController {
    constructor(readonly commands: CommandBus) {}

    @route
    @ApiOkResponse({ type: answer?.type ?? ChangeRequestStepAnswer })
    async handle(
      @Param('id') id: string,
      @Body() request: Dto,
      @RequestCtx() context: RequestContext,
    ): Promise<unknown> {
      const command = toCommand(changeRequestId(id), request, context);
      return present(await this.commands.execute(command), request);
    }
  }
  nameStepBody(UseCaseController, body);
  return UseCaseController;
}

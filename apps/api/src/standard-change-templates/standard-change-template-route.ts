import {
  presentTemplate,
  type RequestContext,
  type TemplateOutcome,
} from '@change-ledger/change-requests';
import { STANDARD_CHANGE_TEMPLATE_ID } from '@change-ledger/domain';
import { Body, Controller, Param, type Type } from '@nestjs/common';
import { type Command, CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { RequestCtx } from '../auth/request-context.decorator';
import { RequestValidationError } from '../problem-details/request-validation.error';
import { IdStep, nameStepBody } from '../use-case-step';
import { StandardChangeTemplateWriteAnswer } from './standard-change-template.response.dto';

/**
 * What the routes of the standard-change catalogue share. Each use case has its own controller in
 * its own folder, all under this one base path.
 */
export const STANDARD_CHANGE_TEMPLATES_ROUTE = 'api/v1/change-management/standard-change-templates';

/** The `:id` of a route, refused (naming the field) unless it can be a template's id. */
export function templateId(id: string): string {
  if (!STANDARD_CHANGE_TEMPLATE_ID.test(id))
    throw new RequestValidationError([
      { field: 'id', reason: `${JSON.stringify(id)} is not a template id like dependency-update` },
    ]);
  return id;
}

/** The template as the use case left it: the answer of every template step. */
export function presentTemplateOutcome(outcome: TemplateOutcome) {
  if (outcome.state.status === 'absent') throw new Error('a decided template exists');
  return presentTemplate(outcome.state, outcome.position);
}

/** A step of a template: `POST :id/<step>`, answered 200 (nothing is created). */
export const TemplateStep = IdStep;

/**
 * The controller of a step on one template (`:id` and a body), from what is the use case's own:
 * its route, its body's class and its request mapping, as change requests' steps are built
 * (`ChangeRequestUseCaseController`). Answered with the template as it now is.
 */
export function TemplateUseCaseController<Dto extends object>(
  route: MethodDecorator,
  body: Type<Dto>,
  toCommand: (id: string, body: Dto, context: RequestContext) => Command<TemplateOutcome>,
) {
  @Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
  class UseCaseController {
    constructor(readonly commands: CommandBus) {}

    @route
    @ApiOkResponse({ type: StandardChangeTemplateWriteAnswer })
    async handle(
      @Param('id') id: string,
      @Body() request: Dto,
      @RequestCtx() context: RequestContext,
    ): Promise<unknown> {
      return presentTemplateOutcome(
        await this.commands.execute(toCommand(templateId(id), request, context)),
      );
    }
  }
  nameStepBody(UseCaseController, body);
  return UseCaseController;
}

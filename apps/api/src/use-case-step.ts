import { applyDecorators, HttpCode, type Type } from '@nestjs/common';
import { PARAMTYPES_METADATA } from '@nestjs/common/constants';
import { IdempotentPost } from './idempotency/idempotency.interceptor';

/**
 * What the controllers a class factory builds for the steps on one resource share
 * (`ChangeRequestUseCaseController`, `TemplateUseCaseController`).
 */

/** A step on one resource: `POST :id/<step>`, answered 200 (nothing is created). */
export const IdStep = (step: string) =>
  applyDecorators(IdempotentPost(`:id/${step}`), HttpCode(200));

/**
 * Names the body's class of a built controller's `handle(id, body, context)`. The body's type is
 * generic there, so TypeScript records it as Object: the ValidationPipe validates against (and
 * OpenAPI describes) the class named here instead.
 */
export function nameStepBody(controller: Type<unknown>, body: Type<unknown>): void {
  Reflect.defineMetadata(
    PARAMTYPES_METADATA,
    [String, body, Object],
    controller.prototype,
    'handle',
  );
}

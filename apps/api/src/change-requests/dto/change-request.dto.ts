import { MAX_MINUTES, PRIORITIES } from '@change-ledger/domain';
import { IsTimestamp, parseTimestamp } from '@change-ledger/untrusted-input';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  validateSync,
} from 'class-validator';

/**
 * Request bodies of API v1: API-ROUTES' field names (snake_case) and shapes, extended. Unknown fields
 * are refused (a `requester` in the body, for instance: the requester is who authenticated).
 * This file holds what several use cases share (a change's content, the rollback plan, the
 * caps); each use case's own body is in its folder (`<use-case>/<use-case>.request.dto.ts`).
 */
export const TEXT = 10_000;
export const NAME = 200;
const URGENCIES = ['emergency', 'high', 'medium', 'low'] as const;
const RISK_LEVELS = ['low', 'medium', 'high'] as const;
/** Documented caps: entries of a list field, and list entries' length. */
export const LIST = 100;

/**
 * A field that may be left out — but not sent as null: `{"title": null}` is a value the field's
 * own rules refuse, naming it (class-validator's IsOptional would let null through to the domain).
 */
export const Optional = () => ValidateIf((_object, value: unknown) => value !== undefined);

/** An optional list of at most LIST texts, each at most `maxLength` long (conditions, checks). */
export const OptionalTexts = (maxLength: number) =>
  // Listed in the order stacked decorators apply (bottom first), so problems keep their order.
  applyDecorators(
    MaxLength(maxLength, { each: true }),
    IsString({ each: true }),
    ArrayMaxSize(LIST),
    IsArray(),
    Optional(),
  );

export class RollbackPlanDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) trigger_condition!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(TEXT, { each: true })
  steps!: string[];
  @IsString() @IsNotEmpty() @MaxLength(NAME) owner!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(TEXT, { each: true })
  verification_steps!: string[];
  @IsInt() @Min(1) @Max(MAX_MINUTES) time_estimate_minutes!: number;
}

export class LinksDto {
  @Optional() @IsString() @MaxLength(500) repository?: string;
  @Optional() @IsString() @MaxLength(500) pull_request?: string;
  @Optional()
  @Matches(/^[0-9a-f]{7,64}$/, { message: 'commit_sha must be a hex commit id' })
  commit_sha?: string;
  @Optional()
  @Matches(/^[a-z0-9]+:[0-9a-f]{32,128}$/, {
    message: 'artifact_digest must look like sha256:<hex>',
  })
  artifact_digest?: string;
}

/**
 * API-CR-FORM writes the rollback plan as a sentence; SOC-ROLLBACK-PLAN asks for five parts, which implementation
 * requires. Either form is accepted here; a wrong object names its wrong part.
 */
function IsRollbackPlan() {
  const problems = (value: unknown): string[] => {
    if (value === undefined) return [];
    if (typeof value === 'string')
      return value.trim() !== '' && value.length <= TEXT
        ? []
        : ['is an empty or over-long sentence'];
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return ['must be a sentence or an object'];
    const plan = plainToInstance(RollbackPlanDto, value);
    return validateSync(plan, { whitelist: true, forbidNonWhitelisted: true }).flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `.${error.property}: ${message}`),
    );
  };
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isRollbackPlan',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => problems(value).length === 0,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a sentence, or { trigger_condition, steps, owner, verification_steps, time_estimate_minutes } (${problems(args.value).join('; ')})`,
      },
    });
}

export class ChangeContentDto {
  @IsString() @IsNotEmpty() @MaxLength(NAME) title!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT) description!: string;
  @Optional() @IsString() @MaxLength(TEXT) business_justification?: string;
  @IsString() @IsNotEmpty() @MaxLength(100) change_type!: string;
  @IsIn(PRIORITIES) priority!: (typeof PRIORITIES)[number];
  @Optional() @IsIn(URGENCIES) urgency?: (typeof URGENCIES)[number];
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(NAME, { each: true })
  affected_systems!: string[];
  @Optional() @IsString() @MaxLength(TEXT) impact_scope?: string;
  @Optional() @IsIn(RISK_LEVELS) risk_level?: (typeof RISK_LEVELS)[number];
  @Optional() @IsString() @MaxLength(TEXT) risk_assessment?: string;
  @Optional() @IsRollbackPlan() rollback_plan?: RollbackPlanDto | string;
  @Optional() @IsBoolean() testing_required?: boolean;
  @Optional() @IsString() @MaxLength(TEXT) test_plan?: string;
  @Optional() @IsString() @MaxLength(NAME) test_environment?: string;
  @Optional() @IsString() @MaxLength(TEXT) security_considerations?: string;
  @Optional() @IsString() @MaxLength(TEXT) implementation_plan?: string;
  @Optional() @IsTimestamp() scheduled_for?: string;
  @Optional() @ValidateNested() @Type(() => LinksDto) links?: LinksDto;
  @Optional() @IsString() @MaxLength(100) standard_template_id?: string;
}

/**
 * `?as_of=`: an RFC 3339 instant; the answer folds only the events recorded before it. A query
 * string never holds null, so the plain IsOptional serves here.
 */
export class AsOfQueryDto {
  @IsOptional() @IsTimestamp() as_of?: string;
}

/** The instant of `?as_of=` (already checked by the DTO), if one was given. */
export function asOfDate(query: AsOfQueryDto): Date | undefined {
  return query.as_of === undefined ? undefined : parseTimestamp(query.as_of);
}

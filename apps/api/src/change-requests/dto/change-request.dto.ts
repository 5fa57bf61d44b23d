import { CATEGORIES, MAX_MINUTES, PRIORITIES } from '@change-ledger/domain';
import { IsTimestamp } from '@change-ledger/untrusted-input';
import { OmitType, PartialType } from '@nestjs/mapped-types';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
  validateSync,
} from 'class-validator';

/**
 * Request bodies of API v1: 004's field names (snake_case) and shapes, extended. Unknown fields
 * are refused (a `requester` in the body, for instance: the requester is who authenticated).
 */
const TEXT = 10_000;
const NAME = 200;
const URGENCIES = ['emergency', 'high', 'medium', 'low'] as const;
const RISK_LEVELS = ['low', 'medium', 'high'] as const;

export class RollbackPlanDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) trigger_condition!: string;
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  steps!: string[];
  @IsString() @IsNotEmpty() @MaxLength(NAME) owner!: string;
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  verification_steps!: string[];
  @IsInt() @Min(1) time_estimate_minutes!: number;
}

export class LinksDto {
  @IsOptional() @IsString() @MaxLength(500) repository?: string;
  @IsOptional() @IsString() @MaxLength(500) pull_request?: string;
  @IsOptional()
  @Matches(/^[0-9a-f]{7,64}$/, { message: 'commit_sha must be a hex commit id' })
  commit_sha?: string;
  @IsOptional()
  @Matches(/^[a-z0-9]+:[0-9a-f]{32,128}$/, {
    message: 'artifact_digest must look like sha256:<hex>',
  })
  artifact_digest?: string;
}

/**
 * 004 writes the rollback plan as a sentence; 003 §4 asks for five parts, which implementation
 * requires. Either form is accepted here; a wrong object names its wrong part.
 */
function IsRollbackPlan() {
  const problems = (value: unknown): string[] => {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string')
      return value.trim() !== '' && value.length <= TEXT
        ? []
        : ['is an empty or over-long sentence'];
    if (typeof value !== 'object' || Array.isArray(value))
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
  @IsOptional() @IsString() @MaxLength(TEXT) business_justification?: string;
  @IsString() @IsNotEmpty() @MaxLength(100) change_type!: string;
  @IsIn(PRIORITIES) priority!: (typeof PRIORITIES)[number];
  @IsOptional() @IsIn(URGENCIES) urgency?: (typeof URGENCIES)[number];
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  affected_systems!: string[];
  @IsOptional() @IsString() @MaxLength(TEXT) impact_scope?: string;
  @IsOptional() @IsIn(RISK_LEVELS) risk_level?: (typeof RISK_LEVELS)[number];
  @IsOptional() @IsString() @MaxLength(TEXT) risk_assessment?: string;
  @IsOptional() @IsRollbackPlan() rollback_plan?: RollbackPlanDto | string;
  @IsOptional() @IsBoolean() testing_required?: boolean;
  @IsOptional() @IsString() @MaxLength(TEXT) test_plan?: string;
  @IsOptional() @IsString() @MaxLength(NAME) test_environment?: string;
  @IsOptional() @IsString() @MaxLength(TEXT) security_considerations?: string;
  @IsOptional() @IsString() @MaxLength(TEXT) implementation_plan?: string;
  @IsOptional() @IsISO8601({ strict: true }) scheduled_for?: string;
  @IsOptional() @ValidateNested() @Type(() => LinksDto) links?: LinksDto;
  @IsOptional() @IsString() @MaxLength(100) standard_template_id?: string;
}

export class CreateChangeRequestDto extends ChangeContentDto {
  /** Emergency changes have their own route (`/emergency`). */
  @IsOptional() @IsIn(CATEGORIES.filter((category) => category !== 'emergency')) category?:
    'standard' | 'normal' | 'major';
  /** Extension: keep it as a draft instead of submitting it for approval. */
  @IsOptional() @IsBoolean() draft?: boolean;
}

/** Any content field; the category and the template are fixed once requested. */
export class AmendChangeRequestDto extends PartialType(
  OmitType(ChangeContentDto, ['standard_template_id'] as const),
) {}

export class ApproveDto {
  /** 004: `true` approves; `false` rejects, with the comments as the reason. */
  @IsBoolean() approved!: boolean;
  @IsOptional() @IsString() @MaxLength(TEXT) comments?: string;
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  conditions?: string[];
  /** Extension: which required role this approval is given as, for someone holding several. */
  @IsOptional() @IsString() @MaxLength(100) role?: string;
}

export class RejectDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
  @IsOptional() @IsString() @MaxLength(100) role?: string;
}

export class CancelDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
}

export class ScheduleDto {
  @IsTimestamp() scheduled_for!: string;
  /** Extension: the end of the window (default: the calendar's default change duration). */
  @IsOptional() @IsTimestamp() scheduled_until?: string;
  @IsOptional() @IsBoolean() maintenance_window?: boolean;
}

export class ImplementDto {
  @IsOptional() @IsString() @MaxLength(TEXT) implementation_plan?: string;
  @IsOptional() @IsISO8601({ strict: true }) scheduled_time?: string;
  @IsOptional() @IsBoolean() maintenance_window?: boolean;
  /** Extension: how long the implementation is expected to take (default 2 hours). */
  /** A positive whole number of minutes, at most a year (the domain's MAX_MINUTES). */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_MINUTES) estimated_duration_minutes?: number;
}

export class VerifyDto {
  @IsIn(['passed', 'failed']) outcome!: 'passed' | 'failed';
  @IsInt() @Min(0) monitoring_minutes!: number;
  @IsOptional() @IsArray() @IsString({ each: true }) checks?: string[];
  @IsOptional() @IsString() @MaxLength(TEXT) notes?: string;
}

export class CompleteDto {
  @IsIn(['completed', 'failed']) status!: 'completed' | 'failed';
  @IsOptional() @IsString() @MaxLength(TEXT) test_results?: string;
  @IsOptional() @IsString() @MaxLength(TEXT) post_implementation_review?: string;
}

export class RollbackDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) incident_id!: string;
  /** 003 §4: a rollback is an incident of P3 at least. */
  @IsOptional() @IsIn(['P1', 'P2', 'P3']) severity?: 'P1' | 'P2' | 'P3';
}

export class ReviewDto {
  @IsIn(['post_hoc', 'post_incident', 'post_implementation']) kind!:
    'post_hoc' | 'post_incident' | 'post_implementation';
  @IsString() @IsNotEmpty() @MaxLength(TEXT) findings!: string;
}

export class ExceptionRequestDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) deviation!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT) risk_assessment!: string;
}

export class ExceptionApproveDto {
  @IsOptional() @IsString() @MaxLength(100) role?: string;
}

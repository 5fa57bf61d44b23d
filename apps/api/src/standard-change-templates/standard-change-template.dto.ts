import { PRIORITIES, type TemplateDefinitionInput } from '@change-ledger/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  LIST,
  NAME,
  Optional,
  RollbackPlanDto,
  TEXT,
} from '../change-requests/dto/change-request.dto';
import { toRollbackPlan } from '../change-requests/change-request.input';

/**
 * A template version's definition as a proposer writes it (the constraints every instance is held
 * to). Shared by a new template and a new version of one; unknown fields are refused.
 */
export class TemplateDefinitionDto {
  @IsString() @IsNotEmpty() @MaxLength(NAME) title!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT) description!: string;
  /** The policy's change types (or their aliases) an instance may have. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  change_types!: string[];
  /** The highest priority an instance may have. */
  @IsIn(PRIORITIES) max_priority!: (typeof PRIORITIES)[number];
  /** The highest risk level an instance may state. */
  @IsIn(['low', 'medium', 'high']) max_risk_level!: 'low' | 'medium' | 'high';
  /** System names, or patterns where `*` stands for any characters (`payments-*`; `*`: any). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(NAME, { each: true })
  affected_systems!: string[];
  @IsBoolean() test_plan_required!: boolean;
  /** SOC-ROLLBACK-PLAN's five parts, filled into every instance that brings no plan of its own. */
  @ValidateNested() @Type(() => RollbackPlanDto) rollback_plan!: RollbackPlanDto;
}

export function toDefinitionInput(dto: TemplateDefinitionDto): TemplateDefinitionInput {
  return {
    title: dto.title,
    description: dto.description,
    changeTypes: dto.change_types,
    maxPriority: dto.max_priority,
    maxRiskLevel: dto.max_risk_level,
    affectedSystems: dto.affected_systems,
    testPlanRequired: dto.test_plan_required,
    rollbackPlan: toRollbackPlan(dto.rollback_plan),
  };
}

/** A rejection of a proposed version, or a retirement: why, and as which CAB role. */
export class TemplateDecisionDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
  @Optional() @IsString() @MaxLength(100) role?: string;
}

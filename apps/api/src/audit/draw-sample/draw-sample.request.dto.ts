import { IsDateOrTimestamp, IsTimestamp } from '@change-ledger/untrusted-input';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const MAX_SAMPLE = 10_000;

export class SampleSizesDto {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_SAMPLE) normal?: number;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_SAMPLE) emergency?: number;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_SAMPLE) unauthorized?: number;
}

/** `{ from, to, seed, size | sizes, as_of? }`: exactly one of size and sizes. */
export class DrawSampleDto {
  @IsDateOrTimestamp() from!: string;
  @IsDateOrTimestamp() to!: string;
  @IsString() @MinLength(1) @MaxLength(256) seed!: string;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_SAMPLE) size?: number;
  @IsOptional() @ValidateNested() @Type(() => SampleSizesDto) sizes?: SampleSizesDto;
  @IsOptional() @IsTimestamp() as_of?: string;
}

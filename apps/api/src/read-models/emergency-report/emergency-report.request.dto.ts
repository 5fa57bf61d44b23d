import { Matches } from 'class-validator';
import { ConsistencyDto } from '../read-query';

export class EmergencyReportQueryDto extends ConsistencyDto {
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter must be like 2026-Q1' }) quarter!: string;
}

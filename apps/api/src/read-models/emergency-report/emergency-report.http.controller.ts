import { EmergencyReportQuery } from '@change-ledger/read-models';
import { Get, Query } from '@nestjs/common';
import { ReadModelsController, ReadQueryContext } from '../read-query';
import { EmergencyReportQueryDto } from './emergency-report.request.dto';
import { EmergencyReportAnswer } from './emergency-report.response.dto';

@ReadModelsController()
export class EmergencyReportHttpController {
  constructor(
    private readonly reports: EmergencyReportQuery,
    private readonly read: ReadQueryContext,
  ) {}

  /** SOC-EMERG-REPORT: the quarter's emergency changes and their deadlines. */
  @Get('reports/emergency')
  async emergency(@Query() query: EmergencyReportQueryDto): Promise<EmergencyReportAnswer> {
    await this.read.awaitPosition(query.min_position);
    return this.reports.emergency(query.quarter, this.read.now());
  }
}

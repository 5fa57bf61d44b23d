import { type ProjectionStatus } from '@change-ledger/read-models';
import { Get, Inject } from '@nestjs/common';
import { ReadModelsController } from '../read-query';
import { ProjectionsAnswer } from './projections.response.dto';

/** The projections' lag and parked events, read from their checkpoints. */
export const PROJECTION_STATUS = Symbol('PROJECTION_STATUS');

@ReadModelsController()
export class ProjectionsHttpController {
  constructor(@Inject(PROJECTION_STATUS) private readonly projections: ProjectionStatus) {}

  /** How far each projection is behind the event store, in events and seconds. */
  @Get('projections')
  async projectionLag(): Promise<ProjectionsAnswer> {
    return { projections: await this.projections.lag() };
  }
}

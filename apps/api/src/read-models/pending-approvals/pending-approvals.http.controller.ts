import { PendingApprovalsQuery } from '@change-ledger/read-models';
import { Get, Query } from '@nestjs/common';
import { ReadModelsController, ReadQueryContext } from '../read-query';
import { PendingApprovalsQueryDto } from './pending-approvals.request.dto';
import { PendingApprovalsAnswer } from './pending-approvals.response.dto';

/** The approval queue: what awaits approval, of one role when `role` is given; paged. */
@ReadModelsController()
export class PendingApprovalsHttpController {
  constructor(
    private readonly approvals: PendingApprovalsQuery,
    private readonly read: ReadQueryContext,
  ) {}

  @Get('approvals/pending')
  async pending(@Query() query: PendingApprovalsQueryDto): Promise<PendingApprovalsAnswer> {
    await this.read.awaitPosition(query.min_position);
    const page = await this.approvals.page(query.role, this.read.now(), {
      limit: query.limit ?? 100,
      cursor: query.cursor,
    });
    return { pending: page.items, next_cursor: page.next_cursor };
  }
}

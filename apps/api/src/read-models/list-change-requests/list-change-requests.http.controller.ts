import { PolicyInForce } from '@change-ledger/change-requests';
import { ListChangeRequestsQuery } from '@change-ledger/read-models';
import { parseDateOrTimestamp, parsePeriodEnd } from '@change-ledger/untrusted-input';
import { Get, Query } from '@nestjs/common';
import { RequestValidationError } from '../../problem-details/request-validation.error';
import { ReadModelsController, ReadQueryContext } from '../read-query';
import { ListChangeRequestsQueryDto } from './list-change-requests.request.dto';
import { ChangeRequestsAnswer } from './list-change-requests.response.dto';

/** The change requests, filtered and paged, from the change-requests read model. */
@ReadModelsController()
export class ListChangeRequestsHttpController {
  constructor(
    private readonly changeRequests: ListChangeRequestsQuery,
    private readonly read: ReadQueryContext,
    private readonly policy: PolicyInForce,
  ) {}

  @Get('change-requests')
  async list(@Query() query: ListChangeRequestsQueryDto): Promise<ChangeRequestsAnswer> {
    await this.read.awaitPosition(query.min_position);
    return this.changeRequests.list({
      status: query.status,
      category: query.category,
      priority: query.priority,
      changeType: this.changeTypeFilter(query.change_type),
      requester: query.requester,
      affectedSystem: query.affected_system,
      createdFrom: parseDateOrTimestamp(query.from),
      createdTo: parsePeriodEnd(query.to),
      text: query.q,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
  }

  /**
   * A change type as the list stores it: an alias the policy names (API-CR-FORM's `security_enhancement`)
   * is its type; a name the policy does not know is refused with the ones it does.
   */
  private changeTypeFilter(changeType: string | undefined): string | undefined {
    if (changeType === undefined) return undefined;
    const { changeTypes, changeTypeAliases } = this.policy.policy;
    const resolved = changeTypeAliases[changeType] ?? changeType;
    if (!changeTypes.includes(resolved))
      throw new RequestValidationError([
        {
          field: 'change_type',
          reason: `must be one of ${[...changeTypes, ...Object.keys(changeTypeAliases)].join(', ')}`,
        },
      ]);
    return resolved;
  }
}

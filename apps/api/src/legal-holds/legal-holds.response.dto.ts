import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** A hold on one change request's records. */
export class ChangeRequestHoldScope {
  change_request_id!: string;
}

/** A hold on one system's records. */
export class SystemHoldScope {
  system!: string;
}

/** A hold on the records of a time range [from, to). */
export class TimeRangeHoldScope {
  from!: string;
  to!: string;
}

export class LegalHoldRelease {
  by!: string;
  at!: string;
  reason!: string;
}

/** A legal hold (issue 12), in the API's names. */
@ApiExtraModels(ChangeRequestHoldScope, SystemHoldScope, TimeRangeHoldScope)
export class LegalHoldAnswer {
  hold_id!: string;
  /** What it keeps: one change request, one system, or a time range. */
  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(ChangeRequestHoldScope) },
      { $ref: getSchemaPath(SystemHoldScope) },
      { $ref: getSchemaPath(TimeRangeHoldScope) },
    ],
  })
  scope!: ChangeRequestHoldScope | SystemHoldScope | TimeRangeHoldScope;
  reason!: string;
  /** When it lapses on its own; null: until released. */
  until!: string | null;
  placed_by!: string;
  placed_at!: string;
  released!: LegalHoldRelease | null;
}

/** A hold placed or released, with the log's signed receipt for what was recorded. */
export class LegalHoldWriteAnswer extends LegalHoldAnswer {
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt?: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}

/** A hold as the listing shows it: whether it holds now. */
export class ListedLegalHold extends LegalHoldAnswer {
  /** Not released, and not past its `until`. */
  active!: boolean;
}

export class LegalHoldsAnswer {
  legal_holds!: ListedLegalHold[];
}

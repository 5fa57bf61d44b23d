/** Every event of one change request, in order, with who recorded it and when. */
export class GetChangeRequestHistoryQuery {
  constructor(readonly changeRequestId: string) {}
}

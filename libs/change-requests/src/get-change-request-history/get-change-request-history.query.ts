/** Every event of one change request, in order, with who recorded it and when; or up to `asOf`. */
export class GetChangeRequestHistoryQuery {
  constructor(
    readonly changeRequestId: string,
    /** Only events recorded before this instant (what the ledger knew then). */
    readonly asOf?: Date,
  ) {}
}

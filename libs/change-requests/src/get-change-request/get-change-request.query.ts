/** The state of one change request, folded from its stream: now, or as of an instant. */
export class GetChangeRequestQuery {
  constructor(
    readonly changeRequestId: string,
    /** Only events recorded before this instant (what the ledger knew then). */
    readonly asOf?: Date,
  ) {}
}

/** The current state of one change request, folded from its stream. */
export class GetChangeRequestQuery {
  constructor(readonly changeRequestId: string) {}
}

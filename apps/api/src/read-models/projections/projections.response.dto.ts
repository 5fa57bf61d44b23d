/** How far one projection is behind the event store. */
export class ProjectionLag {
  projection!: string;
  /** The position of the last event it applied. */
  checkpoint!: string;
  eventsBehind!: number;
  /** Seconds between the newest event it has not applied and now (0 when caught up). */
  secondsBehind!: number;
  /** Events it could not apply and set aside (`ledger projections`). */
  parked!: number;
  /** Events it has applied (counted again from zero by a rebuild). */
  eventsApplied!: number;
}

export class ProjectionsAnswer {
  projections!: ProjectionLag[];
}

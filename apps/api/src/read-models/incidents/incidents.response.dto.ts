/** An incident (each executed rollback is one) and its post-incident review. */
export class Incident {
  incident_id!: string;
  change_request_id!: string;
  severity!: string;
  review_due_at!: string;
  reviewed_at!: string | null;
  review_overdue!: boolean;
}

export class IncidentsAnswer {
  incidents!: Incident[];
}

import { AnswerPeriod } from '../period-answer.dto';

export class ChangeLogIncident {
  incident_id!: string;
  severity!: string;
}

/** SOC-CHANGE-LOG: change id, description, author, approvers, deployment date, outcome, incidents. */
export class ChangeLogEntry {
  change_id!: string;
  title!: string;
  description!: string;
  author!: string;
  approvers!: string[];
  deployment_date!: string;
  outcome!: 'successful' | 'failed' | 'rolled_back' | 'in_progress';
  incidents!: ChangeLogIncident[];
  category!: string;
  emergency!: boolean;
}

/** The change log of a period (JSON; `format=csv` or `Accept: text/csv` gives CSV). */
export class ChangeLogAnswer {
  from!: string;
  to!: string;
  /** Present when neither `from` nor `to` was given. */
  period?: AnswerPeriod;
  entries!: ChangeLogEntry[];
}

import {
  StandardChangeTemplateAnswer,
  TemplateUsage,
} from '../standard-change-template.response.dto';

/** One event of the template's stream: who did what, when. */
export class TemplateHistoryEntry {
  event!: string;
  revision!: number;
  by!: string;
  at!: string;
  recorded_at!: string;
  version!: number | null;
  role!: string | null;
  change_request_id!: string | null;
  reason!: string | null;
}

/** One template from its own stream, with how its instances went and its history. */
export class StandardChangeTemplateDetail extends StandardChangeTemplateAnswer {
  usage!: TemplateUsage;
  history!: TemplateHistoryEntry[];
}

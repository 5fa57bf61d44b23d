import { ApproveStandardChangeTemplateHandler } from './approve-standard-change-template/approve-standard-change-template.handler';
import { GetStandardChangeTemplateHandler } from './get-standard-change-template/get-standard-change-template.handler';
import { ProposeStandardChangeTemplateHandler } from './propose-standard-change-template/propose-standard-change-template.handler';
import { RejectStandardChangeTemplateHandler } from './reject-standard-change-template/reject-standard-change-template.handler';
import { RetireStandardChangeTemplateHandler } from './retire-standard-change-template/retire-standard-change-template.handler';
import { StandardChangeCatalogue } from './standard-change-catalogue';
import { StandardChangeTemplateDecisions } from './standard-change-template-decisions';
import { StandardChangeTemplateRepository } from './standard-change-template.repository';
import { SuspendStandardChangeTemplateHandler } from './suspend-standard-change-template/suspend-standard-change-template.handler';

/** The standard-change catalogue's providers: its stream, its decisions, one handler per use case. */
export const STANDARD_CHANGE_TEMPLATE_PROVIDERS = [
  StandardChangeTemplateRepository,
  StandardChangeTemplateDecisions,
  StandardChangeCatalogue,
  ProposeStandardChangeTemplateHandler,
  ApproveStandardChangeTemplateHandler,
  RejectStandardChangeTemplateHandler,
  RetireStandardChangeTemplateHandler,
  SuspendStandardChangeTemplateHandler,
  GetStandardChangeTemplateHandler,
];

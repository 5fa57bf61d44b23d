import { ApproveStandardChangeTemplateHttpController } from './approve-standard-change-template/approve-standard-change-template.http.controller';
import { GetStandardChangeTemplateHttpController } from './get-standard-change-template/get-standard-change-template.http.controller';
import { ListStandardChangeTemplatesHttpController } from './list-standard-change-templates/list-standard-change-templates.http.controller';
import { ProposeStandardChangeTemplateHttpController } from './propose-standard-change-template/propose-standard-change-template.http.controller';
import { RejectStandardChangeTemplateHttpController } from './reject-standard-change-template/reject-standard-change-template.http.controller';
import { RetireStandardChangeTemplateHttpController } from './retire-standard-change-template/retire-standard-change-template.http.controller';

/** API v1's standard-change catalogue, one controller per use case, under one base path. */
export const STANDARD_CHANGE_TEMPLATE_CONTROLLERS = [
  ListStandardChangeTemplatesHttpController,
  ProposeStandardChangeTemplateHttpController,
  GetStandardChangeTemplateHttpController,
  ApproveStandardChangeTemplateHttpController,
  RejectStandardChangeTemplateHttpController,
  RetireStandardChangeTemplateHttpController,
];

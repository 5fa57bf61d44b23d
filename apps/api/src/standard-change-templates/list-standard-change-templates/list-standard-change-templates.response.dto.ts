import {
  AwaitingApproval,
  TemplateConstraints,
  TemplateRetirement,
  TemplateSuspensionAnswer,
  TemplateUsage,
} from '../standard-change-template.response.dto';

/** A template as the catalogue lists it, with how its instances went. */
export class CatalogueTemplate {
  template_id!: string;
  title!: string;
  status!: 'proposed' | 'rejected' | 'active' | 'suspended' | 'retired';
  version!: number | null;
  constraints!: TemplateConstraints | null;
  awaiting_approval!: AwaitingApproval | null;
  suspension!: TemplateSuspensionAnswer | null;
  retired!: TemplateRetirement | null;
  usage!: TemplateUsage;
}

/** The standard-change catalogue. */
export class StandardChangeTemplatesAnswer {
  templates!: CatalogueTemplate[];
}

/** One template as its stream folds now, with its history. */
export class GetStandardChangeTemplateQuery {
  constructor(readonly templateId: string) {}
}

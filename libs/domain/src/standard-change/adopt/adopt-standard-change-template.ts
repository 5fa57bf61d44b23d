import { type AdoptStandardChangeTemplate } from '../standard-change-template.commands';
import { type StandardChangeTemplateEvent } from '../standard-change-template.events';
import { type StandardChangeTemplateState } from '../standard-change-template.model';
import { definitionFromPolicy } from '../template-definition';

/**
 * An entry of the policy file's catalogue becomes version 1 of its template, approved by the
 * policy that listed it (the catalogue's first version, ADR 0021). A template that already exists
 * is governed by its own record: adopting it again records nothing.
 */
export function adopt(
  { data: { entry, policy }, meta }: AdoptStandardChangeTemplate,
  state: StandardChangeTemplateState,
): StandardChangeTemplateEvent[] {
  if (state.status !== 'absent') return [];
  return [
    {
      type: 'StandardChangeTemplateAdopted',
      data: {
        templateId: meta.templateId,
        by: meta.actor.id,
        at: meta.at,
        version: 1,
        definition: definitionFromPolicy(entry),
        policyVersion: policy.version,
      },
    },
  ];
}

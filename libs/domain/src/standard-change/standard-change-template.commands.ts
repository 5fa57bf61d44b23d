import { type Actor, type RollbackPlan } from '../change-request/change-request.model';
import {
  type Policy,
  type StandardChangeCatalogueEntry as PolicyCatalogueEntry,
} from '../policy/policy';
import { type SuspensionReason } from './standard-change-template.model';

/** Every command names its template and says who acts and when (the injected clock). */
export interface TemplateCommandMeta {
  templateId: string;
  actor: Actor;
  at: string;
}

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: TemplateCommandMeta;
}

/** A definition as a proposer states it, before it is checked against the policy. */
export interface TemplateDefinitionInput {
  title: string;
  description: string;
  changeTypes: string[];
  maxPriority: string;
  maxRiskLevel: string;
  affectedSystems: string[];
  testPlanRequired: boolean;
  rollbackPlan: RollbackPlan;
}

export type AdoptStandardChangeTemplate = Command<
  'AdoptStandardChangeTemplate',
  { entry: PolicyCatalogueEntry; policy: Policy }
>;
/** A new template (version 1), or the next version of an existing one. */
export type ProposeStandardChangeTemplate = Command<
  'ProposeStandardChangeTemplate',
  {
    definition: TemplateDefinitionInput;
    /** false: a new template (refused if the id exists); true: the next version of one. */
    revision: boolean;
    policy: Policy;
  }
>;
export type ApproveStandardChangeTemplate = Command<
  'ApproveStandardChangeTemplate',
  { role: string | null; version: number | null; comments: string | null; policy: Policy }
>;
export type RejectStandardChangeTemplate = Command<
  'RejectStandardChangeTemplate',
  { role: string | null; reason: string; policy: Policy }
>;
export type RetireStandardChangeTemplate = Command<
  'RetireStandardChangeTemplate',
  { role: string | null; reason: string; policy: Policy }
>;
/** Sent by the ledger itself when an instance was rolled back or caused an incident. */
export type SuspendStandardChangeTemplate = Command<
  'SuspendStandardChangeTemplate',
  { changeRequestId: string; reason: SuspensionReason; detail: string; policy: Policy }
>;

export type StandardChangeTemplateCommand =
  | AdoptStandardChangeTemplate
  | ProposeStandardChangeTemplate
  | ApproveStandardChangeTemplate
  | RejectStandardChangeTemplate
  | RetireStandardChangeTemplate
  | SuspendStandardChangeTemplate;

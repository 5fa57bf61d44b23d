import { type Actor, type RollbackPlan } from '../../change-request/change-request.model';
import { type Policy } from '../../policy/policy';
import { type SuspensionReason } from '../standard-change-template.model';
import { type TemplateDefinitionInput } from '../standard-change-template.commands';
import { type TemplateStep } from './template-specs';

/** The commands of the template specs, as steps, under a given policy. */
export const person = (id: string, ...roles: string[]): Actor => ({ id, kind: 'user', roles });
export const proposer = person('pat', 'engineer');
export const changeManager = person('carl', 'change-manager');
export const manager = person('erin', 'engineering-manager');
export const securityTeam = person('sam', 'security-team');
export const watcher: Actor = { id: 'change-ledger-standard-changes', kind: 'service', roles: [] };

export const rollbackPlan: RollbackPlan = {
  triggerCondition: 'Payments fail after the change',
  steps: ['Restore the previous value', 'Restart the service'],
  owner: 'platform-team',
  verificationSteps: ['Payments succeed'],
  timeEstimateMinutes: 20,
};

export const feeChange: TemplateDefinitionInput = {
  title: 'Payment fee table update',
  description: 'A fee value within the agreed range',
  changeTypes: ['configuration'],
  maxPriority: 'medium',
  maxRiskLevel: 'low',
  affectedSystems: ['payments-*'],
  testPlanRequired: true,
  rollbackPlan,
};

export function templateSteps(policy: Policy) {
  return {
    propose:
      (definition: TemplateDefinitionInput = feeChange, revision = false): TemplateStep[1] =>
      (meta) => ({
        type: 'ProposeStandardChangeTemplate',
        data: { definition, revision, policy },
        meta,
      }),
    approve:
      (role: string | null = null, version: number | null = null): TemplateStep[1] =>
      (meta) => ({
        type: 'ApproveStandardChangeTemplate',
        data: { role, version, comments: null, policy },
        meta,
      }),
    reject:
      (reason = 'Too broad'): TemplateStep[1] =>
      (meta) => ({
        type: 'RejectStandardChangeTemplate',
        data: { role: null, reason, policy },
        meta,
      }),
    retire:
      (reason = 'Replaced by automation'): TemplateStep[1] =>
      (meta) => ({
        type: 'RetireStandardChangeTemplate',
        data: { role: null, reason, policy },
        meta,
      }),
    suspend:
      (changeRequestId: string, reason: SuspensionReason = 'rolled_back'): TemplateStep[1] =>
      (meta) => ({
        type: 'SuspendStandardChangeTemplate',
        data: { changeRequestId, reason, detail: `${changeRequestId} was rolled back`, policy },
        meta,
      }),
  };
}

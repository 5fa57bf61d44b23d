import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Policy } from '@change-ledger/domain';
import {
  changeManager,
  manager,
  qa,
  securityTeam,
} from '@change-ledger/domain/change-request/testing/specs';
import { parsePolicy } from '@change-ledger/policy';

/** The seed policy (config/policy.yaml), as the ledger loads it: the read models' specs run under it. */
export const seedPolicy: Policy = parsePolicy(
  readFileSync(path.resolve(__dirname, '../../../../config/policy.yaml'), 'utf8'),
  'seed',
).policy;

/** An approver for each role the seed policy asks of a change that is not major. */
export const approvers = [securityTeam, manager, changeManager, qa];

/** A rollback plan with its five parts (SOC-ROLLBACK-PLAN), as short as it can be. */
export const rollbackPlan = {
  triggerCondition: 'errors',
  steps: ['revert'],
  owner: 'engineer-456',
  verificationSteps: ['check'],
  timeEstimateMinutes: 10,
};

import { type DeployGate } from '../deploy-gate/gate-result';

export interface StandingExceptionRequested {
  exceptionId: string;
  deviation: string;
  riskAssessment: string;
  gates: DeployGate[];
  services: string[];
  from: string;
  to: string;
  requestedBy: string;
  requestedAt: string;
}

export interface StandingExceptionSignedOff {
  exceptionId: string;
  role: string;
  approverId: string;
  signedOffAt: string;
  policyVersion: string;
}

export interface StandingExceptionApproved {
  exceptionId: string;
  approvers: Array<{ approverId: string; role: string }>;
  approvedAt: string;
}

export type StandingExceptionEvent =
  | { type: 'StandingExceptionRequested'; data: StandingExceptionRequested }
  | { type: 'StandingExceptionSignedOff'; data: StandingExceptionSignedOff }
  | { type: 'StandingExceptionApproved'; data: StandingExceptionApproved };

export const STANDING_EXCEPTION_EVENT_TYPES = [
  'StandingExceptionRequested',
  'StandingExceptionSignedOff',
  'StandingExceptionApproved',
] as const;

import {
  type ChangeRequest,
  type ChangeRequestEvent,
  type RecordedGate,
  rehydrate,
} from '@change-ledger/domain';
import { fact as ciFact } from '@change-ledger/domain/change-request/testing/specs';
import { type NotificationPolicy } from '@change-ledger/policy';
import { notificationFor } from './notification-plan';

const at = '2026-11-20T10:00:00.000Z';
const stamp = { changeRequestId: 'CHG-2026-001', by: 'user-123', at };
const change = rehydrate([
  {
    type: 'ChangeRequestCreated',
    data: {
      ...stamp,
      emergency: false,
      policyVersion: 'spec@1',
      content: {
        title: 'Rotate signing keys',
        description: 'Rotate them',
        businessJustification: null,
        changeTypeRequested: 'security',
        changeType: 'security',
        category: 'normal',
        priority: 'high',
        urgency: null,
        affectedSystems: ['payments'],
        impactScope: null,
        riskLevel: null,
        riskAssessment: null,
        rollbackPlan: null,
        testingRequired: false,
        testPlan: null,
        testEnvironment: null,
        securityConsiderations: null,
        implementationPlan: null,
        scheduledFor: null,
        links: {},
        standardTemplateId: null,
      },
    },
  },
]) as ChangeRequest;
const policy: NotificationPolicy = {
  enabled: true,
  channels: ['email'],
  recipients: ['change-manager'],
  emailFrom: 'ledger@example.com',
  emergencyChannel: '#emergency',
  securityRoles: ['security-team'],
  escalationRoles: [],
  operatorRoles: [],
  addresses: {},
};
const fact = ciFact({
  source: 'github.com/acme/payments',
  id: 'deploy-9',
  occurredAt: at,
  service: 'payments',
  changeRequestId: 'CHG-2026-001',
});
const gate: RecordedGate = {
  decision: 'deny',
  evaluatedAt: at,
  policyVersion: 'spec@1',
  gates: [
    { gate: 'code_review', status: 'failed', evidence: null, reason: 'no senior reviewer' },
    { gate: 'automated_tests', status: 'passed', evidence: null, reason: 'passed' },
    { gate: 'security_scan', status: 'failed', evidence: null, reason: '2 critical findings' },
    {
      gate: 'deployment_window',
      status: 'passed_by_exception',
      evidence: null,
      reason: 'waived',
      exception_id: 'EXC-0001',
    },
  ],
};

describe('Notifications', () => {
  describe('when a production deployment the deploy gate denied is recorded', () => {
    it('tells the security roles it was not authorized, naming the gates it failed', () => {
      const event: ChangeRequestEvent = {
        type: 'DeploymentRecorded',
        data: {
          ...stamp,
          fact,
          authorized: false,
          reason: 'the deploy gate denied it (003 §3): code_review: …; security_scan: …',
          gate,
        },
      };
      const notification = notificationFor(event, change, {
        policy,
        publicUrl: 'https://ledger.example.com',
      });
      expect(notification).toMatchObject({
        kind: 'unauthorized_change',
        audience: ['security-team'],
      });
      expect(notification!.text).toContain('was not authorized: the deploy gate denied it');
      expect(notification!.text).toContain('Deploy gates failed: code_review, security_scan.');
    });

    it('tells no one of an authorized one', () => {
      const event: ChangeRequestEvent = {
        type: 'DeploymentRecorded',
        data: {
          ...stamp,
          fact,
          authorized: true,
          reason: null,
          gate: { ...gate, decision: 'allow', gates: [] },
        },
      };
      expect(notificationFor(event, change, { policy, publicUrl: 'https://x' })).toBeNull();
    });
  });
});

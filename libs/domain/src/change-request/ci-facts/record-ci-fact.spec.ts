import {
  approve,
  approvedByChangeManagerAlone,
  approvedSteps,
  create,
  createEmergency,
  fact,
  fullyApproved,
  given,
  ID,
  mfa,
  report,
  requester,
  securityTeam,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest with CI facts', () => {
  const approved = () => given([requester, create()], ...fullyApproved());

  describe('when a production deployment is reported', () => {
    it('starts the implementation of an approved change, and it is authorized', () => {
      const events = when(approved(), report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded', 'ChangeImplementationStarted']);
      expect(events[0]!.data).toMatchObject({ authorized: true, reason: null });
      expect(events[1]!.data.by).toBe('github.com/acme/auth');
    });

    it('is recorded and flagged unauthorized when the change is not approved yet', () => {
      const pending = given([requester, create()], [securityTeam, approve()]);
      const events = when(pending, report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect((events[0]!.data as { reason: string }).reason).toMatch(/pending_approval/);
    });

    it('is flagged unauthorized when the rollback plan is incomplete, and does not start it', () => {
      const vague = given(
        [requester, create({ ...mfa, rollbackPlan: 'revert it' })],
        ...fullyApproved(),
      );
      const events = when(vague, report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect((events[0]!.data as { reason: string }).reason).toMatch(/rollback_plan/);
    });

    it('is flagged when the person the pipeline reports approved the change alone (separation of duties)', () => {
      const soleApprover = given(...approvedByChangeManagerAlone());
      expect(stateAfter(soleApprover).status).toBe('approved');
      const events = when(soleApprover, report(fact({ actor: 'carl' })));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect((events[0]!.data as { reason: string }).reason).toMatch(/approved .* alone/);
    });

    it('starts the 24-hour documentation clock of an emergency change', () => {
      const hotfix = given([
        requester,
        createEmergency({ ...mfa, priority: 'critical', rollbackPlan: null }),
      ]);
      const events = when(hotfix, report(fact({})), '2025-03-01T08:00:00.000Z');
      expect(types(events)).toEqual(['DeploymentRecorded', 'ChangeImplementationStarted']);
      expect(events[1]!.data).toMatchObject({ documentationDueAt: '2025-03-02T08:00:00.000Z' });
      expect(events[0]!.data).toMatchObject({ authorized: true });
    });

    it('records a failed deployment without moving the change along', () => {
      const events = when(approved(), report(fact({ outcome: 'failure' })));
      expect(types(events)).toEqual(['DeploymentRecorded']);
    });

    it('records the same fact delivered twice once', () => {
      const deployed = fact({});
      const history = [...approved(), ...when(approved(), report(deployed))];
      expect(when(history, report(deployed))).toEqual([]);
    });

    it('records another fact whose source and id only join to the same text', () => {
      const first = fact({ source: 'ci.acme', id: 'build 7', outcome: 'failure' });
      const history = [...approved(), ...when(approved(), report(first))];
      const other = fact({ source: 'ci.acme build', id: '7' });
      expect(types(when(history, report(other)))).toEqual([
        'DeploymentRecorded',
        'ChangeImplementationStarted',
      ]);
    });

    it('does not judge a deployment outside production', () => {
      const pending = given([requester, create()]);
      const events = when(pending, report(fact({ environment: 'staging' })));
      expect(events[0]!.data).toMatchObject({ authorized: null, reason: null });
    });
  });

  describe('when a production rollback is reported', () => {
    it('rolls the change back and opens a P3 incident with its review deadline (003 §4)', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const events = when(implementing, report(fact({ kind: 'rollback', outcome: 'success' })));
      expect(types(events)).toEqual(['RollbackRecorded', 'ChangeRolledBack', 'IncidentRecorded']);
      expect(events[2]!.data).toMatchObject({ incidentId: `INC-${ID}`, severity: 'P3' });
      expect(stateAfter([...implementing, ...events]).status).toBe('rolled_back');
    });

    it('keeps the incident the pipeline named', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const incident = { id: 'INC-77', severity: 'P1' as const, phase: 'detected' as const };
      const events = when(implementing, report(fact({ kind: 'rollback', incident })));
      expect(events[2]!.data).toMatchObject({ incidentId: 'INC-77', severity: 'P1' });
    });

    it('opens the incident at the severity the rollback names, even without an incident id', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const incident = { id: null, severity: 'P2' as const, phase: 'detected' as const };
      const events = when(implementing, report(fact({ kind: 'rollback', incident })));
      expect(events[2]!.data).toMatchObject({ incidentId: `INC-${ID}`, severity: 'P2' });
    });
  });

  describe('when an incident is reported against the change', () => {
    const incident = (phase: 'detected' | 'reported' | 'resolved', severity: 'P1' | null = null) =>
      report(fact({ kind: 'incident', outcome: null, incident: { id: 'INC-7', severity, phase } }));

    it("opens the change's incident, P3 when the report states no severity (003 §4)", () => {
      const events = when(approved(), incident('reported'));
      expect(types(events)).toEqual(['CiEvidenceRecorded', 'IncidentRecorded']);
      expect(events[1]!.data).toMatchObject({ incidentId: 'INC-7', severity: 'P3' });
      expect(
        (events[0]!.data as { fact: { incident: { severity: null } } }).fact.incident.severity,
      ).toBeNull();
    });

    it('keeps only the evidence of a resolution, or of a second incident', () => {
      expect(types(when(approved(), incident('resolved')))).toEqual(['CiEvidenceRecorded']);
      const opened = [...approved(), ...when(approved(), incident('detected', 'P1'))];
      const other = report(
        fact({
          kind: 'incident',
          outcome: null,
          incident: { id: 'INC-8', severity: 'P1', phase: 'reported' },
        }),
      );
      expect(types(when(opened, other))).toEqual(['CiEvidenceRecorded']);
    });
  });
});

import { StandardChangeSuspensions } from '@change-ledger/change-requests';
import { PostgresEventStore } from '@change-ledger/event-store';
import { type AddressInfo } from 'node:net';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { bearer, type Person, tokenOf, useTestApi } from '../support/test-api';

const API = '/api/v1/change-management';
const CHANGES = `${API}/change-requests`;
const TEMPLATES = `${API}/standard-change-templates`;

/** A template for the payments team's fee table, as a proposer writes it. */
const feeTemplate = {
  id: 'payment-fee-update',
  title: 'Payment fee table update',
  description: 'A fee value within the range finance agreed',
  change_types: ['configuration'],
  max_priority: 'medium',
  max_risk_level: 'low',
  affected_systems: ['payments-*'],
  test_plan_required: true,
  rollback_plan: {
    trigger_condition: 'Card payments fail or fees are charged wrong',
    steps: ['Restore the previous fee table', 'Restart payments-api'],
    owner: 'platform-team',
    verification_steps: ['A test payment is charged the previous fee'],
    time_estimate_minutes: 20,
  },
};
const feeChange = {
  title: 'Card fee 1.9%',
  description: 'Within the agreed range',
  change_type: 'configuration',
  category: 'standard',
  standard_template_id: 'payment-fee-update',
  priority: 'low',
  risk_level: 'low',
  affected_systems: ['payments-api'],
  test_plan: 'Fee preview in staging',
};

/** A standard change under the seed catalogue's dependency-update template that fits it. */
const dependencyUpdate = {
  title: 'Bump lodash to 4.17.21',
  description: 'Patch update of a dependency, CI green',
  change_type: 'bugfix',
  category: 'standard',
  standard_template_id: 'dependency-update',
  priority: 'medium',
  risk_level: 'low',
  affected_systems: ['authentication-service'],
  test_plan: 'The CI suite, green on the pull request',
};

describe('The standard-change catalogue (issue 25)', () => {
  const api = useTestApi();
  let store: PostgresEventStore;
  beforeAll(() => {
    store = new PostgresEventStore({ connectionString: api.database.url, role: 'ledger_reader' });
    api.closeFirst(() => store.close());
  });
  /** Events of change requests, read from the store itself (a refusal must record none). */
  const changeRequestEvents = async () =>
    (await store.readAll({ filter: { streamPrefixes: ['change-request-CHG-'] } })).length;
  const http = () => request(api.app.getHttpServer());
  const post = (path: string, who: Person, body: object = {}) =>
    http().post(path).set(bearer(who)).send(body);

  describe('when a label is all a change has (walk-around: "a label pre-approves anything")', () => {
    it('refuses a security, critical, high-risk change without a test plan under dependency-update, naming each constraint, and records nothing', async () => {
      const refused = await post(CHANGES, 'requester', {
        ...dependencyUpdate,
        title: 'Rotate the auth signing keys',
        change_type: 'security',
        priority: 'critical',
        risk_level: 'high',
        test_plan: undefined,
      }).expect(400);
      expect(refused.body).toMatchObject({ code: 'CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE' });
      expect(refused.body.errors).toEqual([
        { field: 'change_type', reason: expect.stringContaining('bugfix') },
        { field: 'priority', reason: expect.stringContaining('medium') },
        { field: 'risk_level', reason: expect.stringContaining('low') },
        { field: 'test_plan', reason: expect.stringContaining('dependency-update') },
      ]);
      expect(await changeRequestEvents()).toBe(0);
    });

    it('still pre-approves a change that fits, with the template’s rollback plan, implemented by its requester', async () => {
      const created = await post(CHANGES, 'requester', dependencyUpdate).expect(201);
      expect(created.body).toMatchObject({ status: 'approved', approvers: [] });
      const id = created.body.change_request_id as string;
      const change = await http().get(`${CHANGES}/${id}`).set(bearer('auditor')).expect(200);
      expect(change.body.rollback_plan).toMatchObject({
        steps: ['Revert the dependency update commit', 'Redeploy the previous build through CI'],
        time_estimate_minutes: 30,
      });
      await post(`${CHANGES}/${id}/implement`, 'requester').expect(200);
    });

    it('keeps a pre-approved change inside its template when it is amended', async () => {
      const created = await post(CHANGES, 'requester', dependencyUpdate).expect(201);
      const id = created.body.change_request_id as string;
      const amended = await http()
        .patch(`${CHANGES}/${id}`)
        .set(bearer('requester'))
        .send({ change_type: 'security', priority: 'critical' })
        .expect(400);
      expect(amended.body.code).toBe('CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE');
      const change = await http().get(`${CHANGES}/${id}`).set(bearer('auditor')).expect(200);
      expect(change.body).toMatchObject({ change_type: 'bugfix', priority: 'medium' });
    });
  });

  describe('when a template goes through its life (propose → approve → use → rollback → suspended → re-approve)', () => {
    const cab: Person[] = ['changeManager', 'manager', 'securityTeam'];
    const approveAll = async (version: number) => {
      let answer;
      for (const who of cab)
        answer = await post(`${TEMPLATES}/payment-fee-update/approve`, who, { version }).expect(
          200,
        );
      return answer!.body;
    };
    const catalogue = async (position?: string) =>
      (
        await http()
          .get(TEMPLATES)
          .query(position ? { min_position: position } : {})
          .set(bearer('auditor'))
          .expect(200)
      ).body.templates as Array<{ template_id: string } & Record<string, unknown>>;
    const entry = async (position?: string) =>
      (await catalogue(position)).find((one) => one.template_id === 'payment-fee-update');

    it('lists the seed policy’s three entries as the catalogue’s first version', async () => {
      const seeded = await catalogue();
      expect(seeded.map((one) => [one.template_id, one.status, one.version])).toEqual(
        expect.arrayContaining([
          ['certificate-renewal', 'active', 1],
          ['config-value-change', 'active', 1],
          ['dependency-update', 'active', 1],
        ]),
      );
      const dependency = await http()
        .get(`${TEMPLATES}/dependency-update`)
        .set(bearer('auditor'))
        .expect(200);
      expect(dependency.body).toMatchObject({
        status: 'active',
        version: 1,
        adopted_from_policy: expect.stringMatching(/^seed-2026-11@/),
        constraints: { change_types: ['bugfix'], max_priority: 'medium', max_risk_level: 'low' },
        history: [
          expect.objectContaining({ event: 'StandardChangeTemplateAdopted', by: 'change-ledger' }),
        ],
      });
    });

    it('is proposed by a person, approved by the CAB, used, suspended by a rollback and used again once re-approved', async () => {
      // Services and auditors do not govern the catalogue.
      expect((await post(TEMPLATES, 'pipeline', feeTemplate).expect(403)).body.code).toBe(
        'STANDARD_CHANGE_TEMPLATE.PERSONS_ONLY',
      );
      await post(TEMPLATES, 'auditor', feeTemplate).expect(403);

      const proposed = await post(TEMPLATES, 'implementer', feeTemplate).expect(201);
      expect(proposed.body).toMatchObject({
        template_id: 'payment-fee-update',
        status: 'proposed',
        version: null,
        awaiting_approval: {
          version: 1,
          kind: 'proposal',
          proposed_by: 'engineer-456',
          remaining_approvals: ['change-manager', 'engineering-manager', 'security-team'],
        },
      });
      // Not in force before the CAB approved it; its proposer never approves it.
      expect((await post(CHANGES, 'requester', feeChange).expect(409)).body.code).toBe(
        'CHANGE_REQUEST.STANDARD_TEMPLATE_NOT_IN_FORCE',
      );
      expect(
        (await post(`${TEMPLATES}/payment-fee-update/approve`, 'implementer').expect(403)).body
          .code,
      ).toBe('STANDARD_CHANGE_TEMPLATE.SELF_APPROVAL');

      const approved = await approveAll(1);
      expect(approved).toMatchObject({ status: 'active', version: 1, awaiting_approval: null });
      expect(approved.approved_by.map((one: { approver: string }) => one.approver)).toEqual([
        'carl',
        'erin',
        'sam',
      ]);

      // Used: a change that fits is pre-approved; one that does not is refused naming why.
      const outside = await post(CHANGES, 'requester', {
        ...feeChange,
        affected_systems: ['auth-service'],
      }).expect(400);
      expect(outside.body.errors).toEqual([
        { field: 'affected_systems[0]', reason: expect.stringContaining('payments-*') },
      ]);
      const used = await post(CHANGES, 'requester', feeChange).expect(201);
      expect(used.body.status).toBe('approved');
      const id = used.body.change_request_id as string;
      await post(`${CHANGES}/${id}/implement`, 'requester').expect(200);
      const rolledBack = await post(`${CHANGES}/${id}/rollback`, 'implementer', {
        reason: 'Fees charged twice',
        incident_id: 'INC-42',
      }).expect(200);

      // The catalogue counts it, and the watcher suspends the template for it, once.
      expect(await entry(rolledBack.body.position)).toMatchObject({
        status: 'active',
        usage: { uses: 1, completed: 0, rolled_back: 1, incidents: 1, success_rate: 0 },
      });
      const watcher = api.app.get(StandardChangeSuspensions);
      expect(await watcher.tick()).toBe(1);
      const suspended = await http()
        .get(`${TEMPLATES}/payment-fee-update`)
        .set(bearer('auditor'))
        .expect(200);
      expect(suspended.body).toMatchObject({
        status: 'suspended',
        suspension: { change_request_id: id, reason: 'rolled_back' },
        awaiting_approval: { version: 1, kind: 'reapproval' },
        usage: { uses: 1, rolled_back: 1 },
      });
      expect(suspended.body.history.map((one: { event: string }) => one.event).at(-1)).toBe(
        'StandardChangeTemplateSuspended',
      );
      const refused = await post(CHANGES, 'requester', feeChange).expect(409);
      expect(refused.body).toMatchObject({
        code: 'CHANGE_REQUEST.STANDARD_TEMPLATE_NOT_IN_FORCE',
        errors: [{ field: 'standard_template_id', reason: expect.stringContaining(id) }],
      });
      // Counted once: a second pass (the read model may or may not show the suspension yet) adds nothing.
      expect(await watcher.tick()).toBe(0);

      // Re-approved by the CAB, it pre-approves again.
      const reapproved = await approveAll(1);
      expect(reapproved).toMatchObject({ status: 'active', suspension: null, suspended_for: [id] });
      expect((await post(CHANGES, 'requester', feeChange).expect(201)).body.status).toBe(
        'approved',
      );
      expect(await watcher.tick()).toBe(0);
    });

    it('is revised by a new version the CAB approves, and retired for good', async () => {
      const revised = await post(`${TEMPLATES}/payment-fee-update/versions`, 'implementer', {
        ...feeTemplate,
        id: undefined,
        max_priority: 'high',
      }).expect(201);
      expect(revised.body).toMatchObject({
        version: 1,
        awaiting_approval: { version: 2, kind: 'proposal' },
        proposal: { constraints: { max_priority: 'high' } },
      });
      // The version in force stays until the new one is approved.
      expect(
        (await post(CHANGES, 'requester', { ...feeChange, priority: 'high' }).expect(400)).body
          .errors,
      ).toEqual([{ field: 'priority', reason: expect.any(String) }]);
      expect((await approveAll(2)).version).toBe(2);
      await post(CHANGES, 'requester', { ...feeChange, priority: 'high' }).expect(201);

      const retired = await post(`${TEMPLATES}/payment-fee-update/retire`, 'changeManager', {
        reason: 'The fee table moved to the pricing service',
      }).expect(200);
      expect(retired.body).toMatchObject({ status: 'retired', retired: { retired_by: 'carl' } });
      expect(
        (await post(CHANGES, 'requester', feeChange).expect(409)).body.errors[0].reason,
      ).toContain('retired');
      expect((await entry(retired.body.position))!.status).toBe('retired');
    });

    it('answers 404 for a template that does not exist and 400 for an id that cannot be one', async () => {
      await http().get(`${TEMPLATES}/no-such-template`).set(bearer('auditor')).expect(404);
      const bad = await http().get(`${TEMPLATES}/Not_A_Slug`).set(bearer('auditor')).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'id', reason: expect.any(String) }]);
      await post(`${TEMPLATES}/no-such-template/approve`, 'changeManager').expect(404);
    });
  });

  describe('when someone reads the catalogue', () => {
    it(
      'is listed by `ledger catalogue`, with each template’s uses, success rate and rollbacks',
      async () => {
        await api.app.listen(0);
        const url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
        const cli = (...args: string[]) =>
          runLedgerCli(['catalogue', ...args], {
            LEDGER_URL: url,
            LEDGER_TOKEN: tokenOf('auditor'),
          });
        const table = await cli();
        expect(table.stderr).toBe('');
        expect(table.status).toBe(0);
        expect(table.stdout).toMatch(
          /^TEMPLATE\s+STATUS\s+VERSION\s+CONSTRAINTS\s+USES\s+SUCCESS\s+ROLLBACKS/,
        );
        expect(table.stdout).toMatch(
          /dependency-update\s+active\s+v1\s+bugfix ≤medium risk≤low \* \+test plan/,
        );
        expect(table.stdout).toMatch(
          /payment-fee-update\s+retired\s+v2\s.*payments-\* \+test plan\s+3\s+0%\s+1/,
        );
        // Rebuilt from the first event, the catalogue's read model says the same.
        const rebuilt = await runLedgerCli(['rebuild', 'standard-change-catalogue'], {
          DATABASE_URL: api.database.url,
        });
        expect(rebuilt.stderr).toBe('');
        expect(rebuilt.stdout).toMatch(/standard-change-catalogue: rebuilt from \d+ events/);
        expect((await cli()).stdout).toBe(table.stdout);
        const json = await cli('--status', 'retired', '--json');
        expect(JSON.parse(json.stdout)).toEqual([
          expect.objectContaining({
            template_id: 'payment-fee-update',
            usage: expect.objectContaining({ uses: 3, rolled_back: 1 }),
          }),
        ]);
      },
      CLI_TEST_TIMEOUT_MS,
    );
  });
});

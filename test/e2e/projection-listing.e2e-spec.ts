import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { API, createChangeRequest } from '../support/change-request-fixtures';
import { seedPolicyWith } from '../support/policy-files';
import { bearer, NOTIFIER_SENDING_NOWHERE, useTestApi } from '../support/test-api';

/**
 * The notifier's planner follows the event store as the projections do (its checkpoint in
 * read_models.checkpoints, its failures parked): where the policy enables notifications, it is
 * listed with them — by `GET /projections` (and so the page's Operations view) and by `ledger
 * projections` — and where it does not, it is not run and not listed.
 */
const SEED_POLICY = 'config/policy.yaml';
const WITHOUT_NOTIFICATIONS = seedPolicyWith((seed) =>
  seed.replace(/^( {2}notifications:\n {4}enabled:) true$/m, '$1 false'),
);

interface Row {
  projection: string;
  checkpoint: string;
  eventsBehind: number;
  parked: number;
}

describe('The projections listed', () => {
  describe('where the policy enables notifications', () => {
    const api = useTestApi({ notifier: NOTIFIER_SENDING_NOWHERE });

    it(
      'lists the notifier’s planner beside the read models, in the API and the CLI',
      async () => {
        await createChangeRequest(api.app);
        // Listed, and followed: the planner this API hosts catches up with the change.
        for (let attempt = 0; ; attempt += 1) {
          const listed = await request(api.app.getHttpServer())
            .get(`${API}/projections`)
            .set(bearer('auditor'))
            .expect(200);
          const planner = (listed.body.projections as Row[]).find(
            (row) => row.projection === 'notifications',
          );
          expect(planner).toMatchObject({
            checkpoint: expect.stringMatching(/^\d+\/\d+$/),
            eventsBehind: expect.any(Number),
            parked: 0,
          });
          if (planner!.eventsBehind === 0 && planner!.checkpoint !== '0/0') break;
          if (attempt > 100)
            throw new Error(`the planner never caught up: ${JSON.stringify(planner)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }

        const cli = await runLedgerCli(['projections', 'list', '--policy-file', SEED_POLICY], {
          DATABASE_URL: api.database.url,
        });
        expect(cli.stderr).toBe('');
        expect(JSON.parse(cli.stdout).projections).toContainEqual(
          expect.objectContaining({ projection: 'notifications', eventsBehind: 0, parked: 0 }),
        );
      },
      CLI_TEST_TIMEOUT_MS,
    );
  });

  describe('where it does not', () => {
    const api = useTestApi({ policyFile: WITHOUT_NOTIFICATIONS });

    it(
      'lists the read models only',
      async () => {
        const listed = await request(api.app.getHttpServer())
          .get(`${API}/projections`)
          .set(bearer('auditor'))
          .expect(200);
        const names = (listed.body.projections as Row[]).map((row) => row.projection);
        expect(names).toContain('change-requests');
        expect(names).not.toContain('notifications');

        const cli = await runLedgerCli(
          ['projections', 'list', '--policy-file', WITHOUT_NOTIFICATIONS],
          { DATABASE_URL: api.database.url },
        );
        expect(cli.stderr).toBe('');
        const cliNames = (JSON.parse(cli.stdout).projections as Row[]).map((row) => row.projection);
        expect(cliNames).toContain('change-requests');
        expect(cliNames).not.toContain('notifications');
      },
      CLI_TEST_TIMEOUT_MS,
    );
  });
});

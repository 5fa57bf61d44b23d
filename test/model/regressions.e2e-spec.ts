import fc from 'fast-check';
import { useTestApi } from '../support/test-api';
import { Amend, Create, ModelRun } from './commands';
import { ModelApi, ModelClock } from './model-api';

/**
 * What the model-based test found, each as fast-check shrank it, replayed against the model on
 * every run (the seeded run may not draw the same sequence again once the code changes).
 */
describe('the model-based test’s findings, replayed', () => {
  const clock = new ModelClock(Date.parse('2027-03-01T08:00:00Z'));
  const api = useTestApi({ clock });
  let model: ModelApi;
  beforeAll(async () => {
    await api.app.listen(0, '127.0.0.1');
    model = new ModelApi(api.app, api.database.url, clock);
    await model.open();
    api.closeFirst(() => model.close());
  });
  const replay = (token: string, commands: Array<fc.AsyncCommand<ModelRun, ModelApi>>) =>
    fc.asyncModelRun(() => ({ model: new ModelRun(token, clock), real: model }), commands);

  it('records nothing when the rollback plan sent is the one it holds (seed 20261125)', async () => {
    // Found: the plan read back from PostgreSQL (jsonb orders an object's keys its own way)
    // compared as a string against the plan sent, so re-sending it made a new content version
    // and, once approved, voided the approvals.
    await replay('regression1', [
      new Create(
        'fitting',
        {
          category: 'normal',
          templateId: null,
          draft: false,
          content: {
            title: 'Model',
            changeType: 'security',
            priority: 'critical',
            affectedSystems: ['billing'],
            rollbackPlan: 'complete',
            riskLevel: null,
            riskAssessment: null,
            testPlan: 'Run the suite',
            testingRequired: false,
          },
        },
        null,
      ),
      new Amend('fitting', 'completePlan', 'low'),
    ]);
  });
});

import fc from 'fast-check';
import { type Content } from './change-model';
import { Amend, Approve, Create, PlainStep } from './commands';
import { ModelRun } from './model-run';
import { type ModelApi } from './model-api';
import { useModelApi } from './use-model-api';

/**
 * What the model-based test found, each as fast-check shrank it, replayed against the model on
 * every run (the seeded run may not draw the same sequence again once the code changes).
 */
/** The content the shrunk sequences start from: a critical security change. */
const CRITICAL_SECURITY: Content = {
  title: 'Model',
  changeType: 'security',
  priority: 'critical',
  affectedSystems: ['billing'],
  rollbackPlan: 'complete',
  riskLevel: null,
  riskAssessment: null,
  testPlan: 'Run the suite',
  testingRequired: false,
  repository: null,
};

/** Filed as a normal change, submitted at once, by whoever fits. */
const criticalSecurityChange = () =>
  new Create(
    'fitting',
    { category: 'normal', templateId: null, draft: false, content: CRITICAL_SECURITY },
    null,
  );

describe('the model-based test’s findings, replayed', () => {
  // Each step is two to four requests and a read-model wait: seconds on a loaded machine.
  const REPLAY_MS = 60_000;
  const model = useModelApi();
  const replay = (token: string, commands: Array<fc.AsyncCommand<ModelRun, ModelApi>>) =>
    fc.asyncModelRun(
      () => ({ model: new ModelRun(token, model.api.clock), real: model.api }),
      commands,
    );

  it(
    'records nothing when the rollback plan sent is the one it holds (seed 20261125)',
    async () => {
      // Found: the plan read back from PostgreSQL (jsonb orders an object's keys its own way)
      // compared as a string against the plan sent, so re-sending it made a new content version
      // and, once approved, voided the approvals.
      await replay('regression1', [
        criticalSecurityChange(),
        new Amend('fitting', 'completePlan', 'low'),
      ]);
    },
    REPLAY_MS,
  );

  it(
    'answers exception: null for a change that has none, as API v1 did (seed 20261125)',
    async () => {
      // Found after the gate of record merged: GET presented the latest of the change's
      // exceptions as `exceptions.at(-1) && {…}`, undefined when there is none, and JSON left the
      // key out where API v1 answered `exception: null`.
      await replay('regression3', [criticalSecurityChange()]);
    },
    REPLAY_MS,
  );

  it(
    'keeps an emergency change’s retro-approvals through its documentation (issue 25)',
    async () => {
      // The walk-around of issue 25 in the model's terms: on main, the documentation voided the
      // approvals while approval_status stayed approved, and the model (and the invariant read off
      // GET alone) disagreed at the last step.
      await replay('regression2', [
        new Create('fitting', null, { ...CRITICAL_SECURITY, rollbackPlan: null, testPlan: null }),
        new PlainStep('Implement', 'fitting'),
        new Approve('fitting', null),
        new Approve('fitting', null),
        new Approve('fitting', null),
        new Amend('fitting', 'document', 'low'),
        new Amend('fitting', 'rescope', 'low'),
        new Approve('fitting', null),
      ]);
    },
    REPLAY_MS,
  );
});

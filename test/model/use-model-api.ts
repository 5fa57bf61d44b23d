import { seedPolicyWith } from '../support/policy-files';
import { useTestApi } from '../support/test-api';
import { ModelApi, ModelClock } from './model-api';
import { MODEL_POLICY_SERVICES } from './principals';

/** The model's start: a Monday morning; the model moves the API's clock itself from there. */
export const MODEL_EPOCH = Date.parse('2027-03-01T08:00:00Z');

/**
 * The model's policy file: the seed's, naming the one service the model lets take people's steps
 * (principals.ts `MANDATES`). The test and the benchmark boot with it.
 */
export const modelPolicyFile = () =>
  seedPolicyWith((seed) => seed.replace(/\n {2}services: \[\]\n/, `\n${MODEL_POLICY_SERVICES}\n`));

/**
 * For a test file of the model: an API of its own (`useTestApi`) deciding by the model's clock,
 * listening on a port, with the model's policy, and the model's side of it. Read `model.api`
 * inside hooks and tests.
 */
export function useModelApi(): { readonly api: ModelApi } {
  const clock = new ModelClock(MODEL_EPOCH);
  const testApi = useTestApi({ clock, policyFile: modelPolicyFile() });
  const fixture = {} as { api: ModelApi };
  beforeAll(async () => {
    await testApi.app.listen(0, '127.0.0.1');
    fixture.api = new ModelApi(testApi.app, testApi.database.url, clock);
    await fixture.api.open();
    testApi.closeFirst(() => fixture.api.close());
  });
  return fixture;
}

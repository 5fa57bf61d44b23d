import { useTestApi } from '../support/test-api';
import { fuzzApi, seedChanges } from './api-fuzz';

/**
 * Every route, hostile input, a seeded run: no answer may be a 5xx. CI sends FUZZ_REQUESTS
 * (default 600); `npm run bench:fuzz` sends thousands from another thread and reports the API's
 * event-loop stalls.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

describe('the API under a fuzzer', () => {
  const api = useTestApi({
    webhooks: { github: 'fuzz-github-secret-0123456789', gitlab: 'fuzz-gitlab-token-0123456789' },
  });

  it(`answers ${REQUESTS} seeded hostile requests (seed ${SEED}) without a single 5xx`, async () => {
    const server = api.app.getHttpServer();
    const report = await fuzzApi(server, {
      requests: REQUESTS,
      seed: SEED,
      ids: await seedChanges(server),
    });
    console.log(`fuzz: ${report.requests} requests, by status ${JSON.stringify(report.byStatus)}`);
    expect(report.requests).toBe(REQUESTS);
    expect(report.serverErrors).toEqual([]);
  }, 600_000);
});

import * as domain from '@change-ledger/domain';
import * as verifier from '@change-ledger/verify';

/**
 * The standalone verifier (packages/verify) depends on nothing of the server, so it names the
 * change request streams itself: it must name them as the ledger writes them.
 */
describe('the standalone verifier and the ledger', () => {
  it('name change request streams alike', () => {
    expect(verifier.CHANGE_REQUEST_STREAM_PREFIX).toBe(domain.CHANGE_REQUEST_STREAM_PREFIX);
    expect(domain.changeRequestStream('CHG-2026-001')).toBe(
      `${verifier.CHANGE_REQUEST_STREAM_PREFIX}CHG-2026-001`,
    );
  });
});

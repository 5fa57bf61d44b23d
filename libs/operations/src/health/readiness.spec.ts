import { retryDelayMs } from '@change-ledger/event-store';
import { type LoopHealth, loopsCheck } from './readiness';

describe('readiness of the background loops', () => {
  it('is ready while every loop works', async () => {
    const check = loopsCheck('notifier', [() => ({ ok: true }), () => ({ ok: true })]);
    await expect(check.probe()).resolves.toBeUndefined();
  });

  it('is not ready while one retries, saying why, and ready again once it resumed', async () => {
    let dispatcher: LoopHealth = { ok: false, reason: 'retrying: Connection terminated' };
    const check = loopsCheck('notifier', [() => ({ ok: true }), () => dispatcher]);
    await expect(check.probe()).rejects.toThrow('retrying: Connection terminated');
    dispatcher = { ok: true };
    await expect(check.probe()).resolves.toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('doubles from the first wait and stops growing at the cap: no hot spin, a quick return', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((failures) => retryDelayMs(failures, 200))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
    expect(retryDelayMs(3, 1000, 2000)).toBe(2000);
  });
});

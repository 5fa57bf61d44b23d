import { StreamNotFoundError, WrongExpectedRevisionError } from './event-store.errors';
import { retryOnConflict } from './retry-on-conflict';

describe('retryOnConflict', () => {
  const conflict = () => new WrongExpectedRevisionError('s-1', 0, 1);

  it('decides again after another writer got there first, and answers what the next attempt does', async () => {
    let calls = 0;
    const answer = await retryOnConflict(5, async () => {
      calls++;
      if (calls < 3) throw conflict();
      return 'appended';
    });
    expect(answer).toBe('appended');
    expect(calls).toBe(3);
  });

  it('gives up with the conflict after its attempts', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(3, async () => {
        calls++;
        throw conflict();
      }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(calls).toBe(3);
  });

  it('never retries another failure', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(5, async () => {
        calls++;
        throw new StreamNotFoundError('s-1');
      }),
    ).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(calls).toBe(1);
  });
});

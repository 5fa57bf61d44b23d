import { StreamNotFoundError, WrongExpectedRevisionError } from './event-store.errors';
import { retryOnConflict } from './retry-on-conflict';

/** An attempt that fails with `failure` its first `failing` times, then appends; counts its calls. */
function attempt(failing: number, failure: () => Error) {
  const counted = {
    calls: 0,
    run: async () => {
      counted.calls++;
      if (counted.calls <= failing) throw failure();
      return 'appended';
    },
  };
  return counted;
}

const conflict = () => new WrongExpectedRevisionError('s-1', 0, 1);

describe('retryOnConflict', () => {
  it('decides again after another writer got there first, and answers what the next attempt does', async () => {
    const appending = attempt(2, conflict);
    await expect(retryOnConflict(5, appending.run)).resolves.toBe('appended');
    expect(appending.calls).toBe(3);
  });

  it('gives up with the conflict after its attempts', async () => {
    const appending = attempt(Infinity, conflict);
    await expect(retryOnConflict(3, appending.run)).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(appending.calls).toBe(3);
  });

  it('never retries another failure', async () => {
    const appending = attempt(Infinity, () => new StreamNotFoundError('s-1'));
    await expect(retryOnConflict(5, appending.run)).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(appending.calls).toBe(1);
  });
});

import { WrongExpectedRevisionError } from './event-store.errors';

/**
 * Runs `attempt` (read, decide, append at the revision read) again when its append finds another
 * writer got there first, at most `attempts` times in all. Safe for a command decided whole on
 * what it read: deciding it again on the new state is what it would have done had it come second.
 */
export async function retryOnConflict<T>(attempts: number, attempt: () => Promise<T>): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && tried < attempts) continue;
      throw error;
    }
  }
}

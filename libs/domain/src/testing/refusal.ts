import { type LedgerError } from '../errors/ledger-error';

/**
 * The code and kind a decision is refused with, by an error of the aggregate's `type`. Anything
 * else thrown fails the spec as it is; a decision that goes through fails it too.
 */
export function refusalOf(
  type: abstract new (...args: never[]) => LedgerError,
  decide: () => unknown,
): { code: string; kind: string } {
  try {
    decide();
  } catch (error) {
    if (error instanceof type) return { code: error.code, kind: error.kind };
    throw error;
  }
  throw new Error('the command was accepted');
}

import { type Person } from '../support/test-api';

/**
 * What a run exercised: each command by each principal, and how the API answered it (`ok` or the
 * refusal's code), so the run can show that every command and every role took part.
 */
export class Coverage {
  readonly answers = new Map<string, Map<string, number>>();
  readonly principals = new Set<Person>();
  /** How many of each principal's steps the API accepted. */
  readonly acceptedBy = new Map<Person, number>();

  record(command: string, who: Person, outcome: string): void {
    this.principals.add(who);
    if (outcome.startsWith('ok')) this.acceptedBy.set(who, (this.acceptedBy.get(who) ?? 0) + 1);
    const outcomes = this.answers.get(command) ?? new Map<string, number>();
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    this.answers.set(command, outcomes);
  }

  /** One line per command: how often each answer came. */
  summary(): string[] {
    return [...this.answers].map(
      ([command, outcomes]) =>
        `${command}: ${[...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(', ')}`,
    );
  }
}

export const coverage = new Coverage();

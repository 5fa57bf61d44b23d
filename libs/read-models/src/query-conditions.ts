/**
 * A query's WHERE clause built from the filters it was given: each condition with `?` where its
 * values go, numbered after the parameters the statement already has. What is given goes to
 * PostgreSQL as parameters, never into the text.
 */
export class QueryConditions {
  private readonly conditions: string[] = [];

  /** `params`: the statement's parameters so far (kept, and added to). */
  constructor(readonly params: unknown[] = []) {}

  /** `sql` with each `?` the next of `values`, in order. */
  add(sql: string, ...values: unknown[]): void {
    let text = sql;
    for (const value of values) text = text.replace('?', this.param(value));
    this.conditions.push(text);
  }

  /** `value` as the next parameter: its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** The conditions joined by AND. */
  get all(): string[] {
    return this.conditions;
  }

  /** `WHERE …`, or nothing without a condition. */
  get where(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

import { type ModelChange } from './change-model';
import { type ModelClock } from './model-api';

/** One sequence's side of the model: its change request as the model has it. */
export class ModelRun {
  change: ModelChange | null = null;
  /** The change's stream head as last seen: a refusal must leave it where it was. */
  head: string | null = null;
  serial = 0;
  constructor(
    readonly token: string,
    readonly clock: ModelClock,
  ) {}
}

/** A copy the rules may change (JSON: the model holds data only; and one realm's prototypes). */
export const copyOf = (change: ModelChange): ModelChange => JSON.parse(JSON.stringify(change));

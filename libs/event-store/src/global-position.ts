import { type GlobalPosition } from './event-envelope';
import { InvalidPositionError } from './event-store.errors';

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `commit/prepare`: the form positions take in checkpoints, URLs (`?min_position=`) and logs. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d{1,20})\/(\d{1,20})$/.exec(text);
  if (!match) throw new InvalidPositionError(text);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

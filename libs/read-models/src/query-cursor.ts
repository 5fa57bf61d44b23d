import { LedgerError } from '@change-ledger/domain';

/**
 * The read side's keyset cursors: base64url JSON of the sort key of a page's last row, handed out
 * by a listing and taken back by it. A cursor is checked before any of it reaches SQL — a forged
 * one is a 400 naming `cursor`, never the driver's 500 (issue 26).
 */

/** A `cursor` the ledger did not hand out (or that was altered). */
export class InvalidCursorError extends LedgerError {
  readonly code = 'READ_MODEL.INVALID_CURSOR';
  readonly kind = 'invalid';
  constructor(reason = 'is not a cursor this ledger handed out') {
    super(`cursor: ${reason}`, { field: 'cursor', reason });
  }
}

export function encodeQueryCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** A cursor is base64url JSON of `length` strings; anything else was not handed out here. */
export function decodeQueryCursor(cursor: string, length: number): string[] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === length &&
      // PostgreSQL's text cannot hold NUL: refused here, not as a 500 from the driver.
      value.every((part) => typeof part === 'string' && !part.includes('\u0000'))
    )
      return value as string[];
  } catch {
    // fall through: not base64url JSON, so not a cursor handed out here (a 400 below)
  }
  throw new InvalidCursorError();
}

/**
 * One page of a keyset listing read with LIMIT `limit + 1`: its first `limit` rows, and the
 * cursor of the next page (the sort key of its last row) when there was one more.
 */
export function keysetPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  itemOf: (row: Row) => Item,
  keyOf: (last: Item) => string[],
): { items: Item[]; next_cursor: string | null } {
  const items = rows.slice(0, limit).map(itemOf);
  const last = items.at(-1);
  return {
    items,
    next_cursor: rows.length > limit && last ? encodeQueryCursor(keyOf(last)) : null,
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as `toISOString` writes it: the only time a cursor carries to a timestamptz cast. */
export function isIsoInstant(text: string): boolean {
  return ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}

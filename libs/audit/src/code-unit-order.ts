/**
 * Plain UTF-16 code-unit order, not the locale's: the order an auditor's `sort` (with LC_ALL=C)
 * or any other language's default string comparison gives for the ASCII ids and hex ranks here.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Code-point order (= the byte order of UTF-8, PostgreSQL's `COLLATE "C"`): for ids a source
 * outside the ledger chose, which may hold characters beyond U+FFFF, where code-unit order differs.
 * The export reads those members page by page in the database's order; the same order in memory
 * keeps a paged population identical to a whole one.
 */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Plain UTF-16 code-unit order, not the locale's: the order an auditor's `sort` (with LC_ALL=C)
 * or any other language's default string comparison gives for the ASCII ids and hex ranks here.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

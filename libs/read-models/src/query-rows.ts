/** A timestamptz column as the answers write it: pg's Date as an ISO instant, null kept. */
export function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : ((value as string | null) ?? null);
}

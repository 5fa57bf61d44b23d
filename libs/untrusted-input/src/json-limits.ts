/**
 * Limits on JSON from outside, checked once after parsing and before any validation, in one pass
 * that is linear in the body: whatever comes after (class-transformer, class-validator, the
 * domain, PostgreSQL's jsonb) then never meets a shape that would make it recurse past its stack,
 * run super-linear, or fail below the API (a lone surrogate that jsonb refuses, a NUL that text
 * refuses, a number that overflows to Infinity, which RFC 8785 canonicalisation, the hash chain
 * and jsonb all refuse).
 */
export interface JsonLimits {
  /** Objects and arrays inside each other. */
  maxDepth: number;
  /** Values in the whole document. */
  maxNodes: number;
  /** Elements of any one array. */
  maxArrayLength: number;
  /** Characters of any one string or key. */
  maxStringLength: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: 32,
  maxNodes: 20_000,
  maxArrayLength: 1_000,
  maxStringLength: 100_000,
};

/** Keys that mean something to JavaScript objects rather than to the ledger. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonProblem {
  field: string;
  reason: string;
}

/** The first problems of `value` (at most `max`), each with its path (`steps[3]`); none if it is fine. */
export function inspectJson(
  value: unknown,
  root = 'body',
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
  max = 10,
): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value, path: root, depth: 0 },
  ];
  let nodes = 0;
  while (stack.length > 0 && problems.length < max) {
    const { value: current, path, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) {
      problems.push({ field: root, reason: `holds more than ${limits.maxNodes} values` });
      break;
    }
    if (typeof current === 'string') {
      const reason = stringProblem(current, limits);
      if (reason) problems.push({ field: path, reason });
      continue;
    }
    if (typeof current === 'number') {
      const reason = numberProblem(current);
      if (reason) problems.push({ field: path, reason });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limits.maxDepth) {
      problems.push({ field: path, reason: `nests deeper than ${limits.maxDepth} levels` });
      continue;
    }
    if (Array.isArray(current)) {
      if (current.length > limits.maxArrayLength) {
        problems.push({ field: path, reason: `has more than ${limits.maxArrayLength} elements` });
        continue;
      }
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], path: `${path}[${index}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(current);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      const at = `${path}.${key}`;
      if (RESERVED_KEYS.has(key)) {
        problems.push({ field: at, reason: 'is not a field the ledger takes' });
        continue;
      }
      const reason = stringProblem(key, limits);
      if (reason) {
        problems.push({ field: at, reason: `key ${reason}` });
        continue;
      }
      stack.push({ value: (current as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return problems.slice(0, max);
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Numbers JSON can carry on: `JSON.parse` turns a literal beyond ±1.8e308 (`1e309`) into
 * ±Infinity, which no JSON encoder, RFC 8785 (the Idempotency-Key fingerprint, the hash chain)
 * or jsonb takes back.
 */
export function numberProblem(value: number): string | undefined {
  if (Number.isFinite(value)) return undefined;
  if (Number.isNaN(value)) return 'is not a number JSON can represent';
  return `is a number too large for JSON (it overflows to ${value > 0 ? '' : '-'}Infinity); at most ±${Number.MAX_VALUE}`;
}

/** Strings PostgreSQL and every client can store and show: well-formed UTF-16, no NUL. */
export function stringProblem(text: string, limits: Pick<JsonLimits, 'maxStringLength'>) {
  if (text.length > limits.maxStringLength)
    return `is longer than ${limits.maxStringLength} characters`;
  // With the u flag a surrogate pair is one code point: only a lone surrogate matches \p{Cs}.
  if (LONE_SURROGATE.test(text)) return 'holds a lone surrogate (not valid Unicode)';
  if (text.includes('\u0000')) return 'holds a NUL character';
  return undefined;
}

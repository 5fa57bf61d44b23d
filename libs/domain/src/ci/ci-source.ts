/**
 * CI sources as the ledger compares them (issue 25 §4, ADR 0024). A source says where a CI fact
 * comes from (a CloudEvents `source`, a repository, a project path); a binding says which
 * sources a credential speaks for: exact, or a prefix ending in `*` (`github.com/acme/*`).
 *
 * Both are normalised before anything is matched, so that no spelling of one source passes for
 * another. What a source may not hold is refused, never repaired: resolving `..` would make the
 * ledger guess what the sender meant.
 *
 * - A scheme and `//` are dropped (`https://github.com/acme` is `github.com/acme`), and so is
 *   the user information of an authority (`user:secret@`).
 * - Percent-escapes are decoded once; a source still holding an escape after that (encoded
 *   twice, `%252e`) or a malformed one is refused.
 * - `.` and `..` segments, empty segments (`a//b`), backslashes and control characters are
 *   refused. One trailing `/` is dropped; a leading `/` (a path-only URI reference, as in the
 *   CDEvents examples' `/event/source/123`) is kept.
 * - The first segment, the host, is compared lower-case (DNS names are case-insensitive); the
 *   path is compared as written: Git hosts and CI servers may tell `ACME` from `acme`, and a
 *   binding that does not cover a spelling refuses it rather than guess.
 *
 * The fact keeps its source as reported (its dedupe key, its evidence); only the comparison
 * uses the normal form.
 */

export type Normalised = { ok: true; value: string } | { ok: false; reason: string };

const SCHEME_AND_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/]*)(.*)$/;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\\\u0000-\u001f\u007f]/;

export function normaliseCiSource(raw: string): Normalised {
  if (typeof raw !== 'string' || raw.length === 0) return refused('is empty');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return refused('holds a malformed percent-escape');
  }
  if (ESCAPE.test(decoded)) return refused('is percent-encoded more than once');
  if (FORBIDDEN.test(decoded)) return refused('holds a backslash or a control character');
  let text = decoded;
  const withScheme = SCHEME_AND_AUTHORITY.exec(text);
  if (withScheme) {
    const authority = withScheme[1]!.slice(withScheme[1]!.lastIndexOf('@') + 1);
    if (authority === '') return refused('names a scheme but no host');
    text = `${authority}${withScheme[2]!}`;
  }
  const leading = text.startsWith('/') ? '/' : '';
  let path = leading ? text.slice(1) : text;
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path === '') return leading ? { ok: true, value: '/' } : refused('is empty');
  const segments = path.split('/');
  if (segments.some((segment) => segment === ''))
    return refused('has an empty segment (//), which is never read as one');
  if (segments.some((segment) => segment === '.' || segment === '..'))
    return refused('has a . or .. segment, which is never resolved');
  if (!leading) segments[0] = segments[0]!.toLowerCase();
  return { ok: true, value: leading + segments.join('/') };
}

/**
 * A repository as a change registers it (`links.repository`): a source, also written the ways
 * Git writes it — `git@github.com:acme/payments.git` is `github.com/acme/payments`, and a
 * trailing `.git` is dropped.
 */
export function normaliseRepository(raw: string): Normalised {
  const scp = /^[^/@:\s]+@([^/:\s]+):(?!\/)(.+)$/.exec(raw);
  const normal = normaliseCiSource(scp ? `${scp[1]}/${scp[2]}` : raw);
  return normal.ok && normal.value.endsWith('.git')
    ? { ok: true, value: normal.value.slice(0, -4) }
    : normal;
}

/** A binding, normalised: every source (`*`), a prefix (`github.com/acme/*`), or one source. */
export type SourcePattern =
  { kind: 'every' } | { kind: 'prefix'; prefix: string } | { kind: 'exact'; source: string };

export function normaliseSourcePattern(
  raw: string,
): { ok: true; pattern: SourcePattern } | { ok: false; reason: string } {
  if (raw === '*') return { ok: true, pattern: { kind: 'every' } };
  if (raw.slice(0, -1).includes('*'))
    return refused('has a * before its end; only a trailing * is read');
  if (!raw.endsWith('*')) {
    const exact = normaliseCiSource(raw);
    return exact.ok ? { ok: true, pattern: { kind: 'exact', source: exact.value } } : exact;
  }
  const prefix = raw.slice(0, -1);
  if (prefix === '/') return { ok: true, pattern: { kind: 'prefix', prefix } };
  const slash = prefix.endsWith('/');
  const stem = slash ? prefix.slice(0, -1) : prefix;
  // normaliseCiSource drops one trailing '/': a second one would be an empty segment swallowed.
  if (stem.endsWith('/')) return refused('has an empty segment (//), which is never read as one');
  const normal = normaliseCiSource(stem);
  if (!normal.ok) return normal;
  return { ok: true, pattern: { kind: 'prefix', prefix: `${normal.value}${slash ? '/' : ''}` } };
}

/** Whether a normalised source falls under a pattern. */
export function patternCovers(pattern: SourcePattern, normalSource: string): boolean {
  switch (pattern.kind) {
    case 'every':
      return true;
    case 'prefix':
      return normalSource.startsWith(pattern.prefix);
    case 'exact':
      return normalSource === pattern.source;
  }
}

/**
 * Whether any of `bindings` covers `source`, both as written; a binding or source that does not
 * normalise covers and is covered by nothing.
 */
export function bindingsCover(bindings: readonly string[], source: string): boolean {
  const normal = normaliseCiSource(source);
  if (!normal.ok) return false;
  return bindings.some((binding) => {
    const pattern = normaliseSourcePattern(binding);
    return pattern.ok && patternCovers(pattern.pattern, normal.value);
  });
}

/** Whether a binding covers every source (`*`): a webhook secret, an unrestricted topic. */
export function bindsEverySource(bindings: readonly string[]): boolean {
  return bindings.includes('*');
}

function refused(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

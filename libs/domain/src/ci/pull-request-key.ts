/**
 * A pull request (or merge request, or change) as one key, `repository#change`, so that a CI fact
 * links to a change request only when both name the same change in the same repository (ADR
 * 0025). The change is the number of a pull request URL (`…/pull/123`, `…/-/merge_requests/7`,
 * `…/pull-requests/5`) or the id as reported, whole (`123`, `#123`, `I8473b95934b5732ac55d26311a706c9c2bde9940`):
 * never digits taken out of an id (`mySubject123` is not 123). The repository is the URL's, else
 * the one named beside it; without a repository there is no key, so nothing links by it.
 *
 * The same function is `ingestion.pull_request_key` in SQL (migration 1764200000010), which keeps
 * the registered side in the link table; a test holds the two to the same answers.
 */
export function pullRequestKey(
  pullRequest: string | null | undefined,
  repository: string | null | undefined,
): string | null {
  const text = pullRequest?.trim();
  if (!text) return null;
  const url = /^(.*)\/(?:pull|pulls|merge_requests|pull-requests)\/(\d+)\/?$/i.exec(text);
  const repo = url
    ? (repositoryKey(url[1]!.replace(/\/-$/, '')) ?? repositoryKey(repository))
    : repositoryKey(repository);
  const change = url ? url[2]! : /^#?\d+$/.test(text) ? text.replace(/^#/, '') : text.toLowerCase();
  const normalised = change.replace(/^0+(?=\d)/, '');
  return repo && normalised ? `${repo}#${normalised}` : null;
}

/**
 * A repository as `owner/name` (or `group/subgroup/name`): lower-cased, without scheme, host,
 * `git@host:` prefix, `.git` suffix or trailing slash, so `https://github.com/Acme/Payments.git`,
 * `github.com/acme/payments` and `acme/payments` are one repository; a host alone is none.
 */
export function repositoryKey(repository: string | null | undefined): string | null {
  if (!repository) return null;
  const lowered = repository.trim().toLowerCase();
  // A scheme or `git@host:` says the first part is a host; without one, a first part with a dot
  // is a host only before an owner and a name (`github.com/acme/payments`, not `my.group/app`).
  const hosted = /^([a-z][a-z0-9+.-]*:\/\/|git@)/.test(lowered);
  const path = lowered
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^git@([^:/]+):/, '$1/')
    .replace(/(\.git)?\/*$/, '');
  const parts = path.split('/').filter((part) => part !== '');
  if (parts.length > 0 && (hosted || (parts.length > 2 && /[.:]/.test(parts[0]!)))) parts.shift();
  return parts.length > 0 ? parts.join('/') : null;
}

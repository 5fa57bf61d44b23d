import { type ChangeLinks } from '../change-request/change-request.model';
import { type SourceSystems } from '../policy/policy';
import {
  bindingsCover,
  bindsEverySource,
  normaliseCiSource,
  normaliseRepository,
  normaliseSourcePattern,
  patternCovers,
} from './ci-source';

/**
 * A CI credential's reach (issue 25 §4, ADR 0024): which change requests a reporter bound to
 * some sources may record facts on. Being bound to a source says who may speak for it, not which
 * changes it speaks about; naming a change's id is no proof of either.
 *
 * A fact of `source` reaches a change when
 * - the reporter is bound to every source (`*`: a webhook's shared secret, an unrestricted topic);
 * - or the change registered a repository (`links.repository`) that the source lies in (the
 *   source is the repository or under it: `github.com/acme/payments/actions`), or that one of
 *   the reporter's bindings covers (`github.com/acme/*` covers `github.com/acme/payments`);
 * - or the policy maps the source to one of the change's affected systems
 *   (`ci_ingestion.source_systems`; `*` among the systems maps it to all).
 * Anything else is out of reach: a change that registers no repository is reached through the
 * policy's mapping only.
 */
export type Reach =
  | { reaches: true; by: 'every_source' | 'repository' | 'source_systems' }
  | { reaches: false; why: string };

export interface ReachedChange {
  id: string;
  links: ChangeLinks;
  affectedSystems: readonly string[];
}

export function reachOf(
  bindings: readonly string[],
  source: string,
  change: ReachedChange,
  sourceSystems: readonly SourceSystems[],
): Reach {
  if (bindsEverySource(bindings)) return { reaches: true, by: 'every_source' };
  const normal = normaliseCiSource(source);
  if (!normal.ok) return { reaches: false, why: `its source ${normal.reason}` };
  const registered = change.links.repository;
  const repository = registered ? normaliseRepository(registered) : null;
  if (repository?.ok) {
    const within =
      normal.value === repository.value || normal.value.startsWith(`${repository.value}/`);
    if (within || bindingsCover(bindings, repository.value)) {
      return { reaches: true, by: 'repository' };
    }
  }
  const systems = new Set(
    sourceSystems
      .filter((entry) =>
        entry.sources.some((raw) => {
          const pattern = normaliseSourcePattern(raw);
          return pattern.ok && patternCovers(pattern.pattern, normal.value);
        }),
      )
      .flatMap((entry) => entry.systems),
  );
  if (systems.has('*') || change.affectedSystems.some((system) => systems.has(system))) {
    return { reaches: true, by: 'source_systems' };
  }
  const repositoryWhy = !registered
    ? `${change.id} registers no repository`
    : repository?.ok
      ? `${change.id} registers the repository ${repository.value}, which ${source} does not lie in and no binding covers`
      : `${change.id} registers a repository that is no normal source (${repository?.reason})`;
  return {
    reaches: false,
    why: `${repositoryWhy}, and the policy's ci_ingestion.source_systems maps ${source} to none of its systems (${change.affectedSystems.join(', ')})`,
  };
}

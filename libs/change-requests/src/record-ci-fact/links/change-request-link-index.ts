import { type ChangeRequestLink, type CiFact, pullRequestKey } from '@change-ledger/domain';

/** A change request that registered what a fact reports, and by which of them. */
export interface RegisteredLink {
  changeRequestId: string;
  linkedBy: Exclude<ChangeRequestLink['linkedBy'], 'change_request_id'>;
}

export type LinkedFact = Pick<CiFact, 'commitSha' | 'pullRequest' | 'artifact' | 'repository'>;

/**
 * Where the change requests that registered a commit, pull request or artifact are found: for a
 * whole batch of facts at once, every candidate of each (the caller picks one by the change's
 * state, which it loads anyway to decide on it).
 */
export interface ChangeRequestLinkIndex {
  /** For each fact, in the order given, its candidates (none: an empty array). */
  candidates(facts: readonly LinkedFact[]): Promise<RegisteredLink[][]>;
}

export const CHANGE_REQUEST_LINK_INDEX = Symbol('CHANGE_REQUEST_LINK_INDEX');

/** What a fact is looked up by, normalised as the link table stores registrations. */
export interface LinkKeys {
  commitSha: string | null;
  /** `repository#change` (pull-request-key.ts): null without a repository, which links nothing. */
  pullRequestKey: string | null;
  /** The reported artifact, URL-decoded and lower-cased: a registered digest must occur in it. */
  artifact: string | null;
  /** The 32 hex digits after each ':' of the artifact (a registered digest's key), and itself. */
  artifactKeys: string[];
}

export function linkKeys(fact: LinkedFact): LinkKeys {
  const artifact = fact.artifact ? safeDecode(fact.artifact).toLowerCase() : null;
  const artifactKeys = artifact
    ? [
        ...new Set([...artifact.matchAll(/:([0-9a-f]{32})/g)].map((match) => match[1]!)).add(
          artifact,
        ),
      ]
    : [];
  return {
    commitSha: fact.commitSha && fact.commitSha.length >= 7 ? fact.commitSha.toLowerCase() : null,
    pullRequestKey: pullRequestKey(fact.pullRequest, fact.repository),
    artifact,
    artifactKeys,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not URL-encoded after all (a bare '%'): looked up as reported.
    return text;
  }
}

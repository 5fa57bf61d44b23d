import { type CiFact } from '@change-ledger/domain';

/** A webhook is either a CI fact, or acknowledged and ignored with the reason. */
export type WebhookOutcome = { fact: CiFact } | { ignored: string };

/** The first change request id written in free text (a description, a ref, a commit title). */
export function mentionedChangeRequest(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    const found = text ? /CHG-\d{4}-\d{3,}/.exec(text) : null;
    if (found) return found[0];
  }
  return null;
}

type DeploymentFields = Pick<
  CiFact,
  | 'source'
  | 'id'
  | 'kind'
  | 'format'
  | 'sourceType'
  | 'occurredAt'
  | 'actor'
  | 'environment'
  | 'service'
  | 'changeRequestId'
  | 'commitSha'
  | 'outcome'
>;

/**
 * A deployment a webhook reported: it carries no pull request, artifact or test details. `reported`
 * is the time as the payload wrote it (kept when it is not `occurredAt`'s text), `unread` what the
 * payload holds beyond what was read.
 */
export function webhookDeployment(
  fields: DeploymentFields & { repository: string },
  reported: string,
  unread: string[],
): CiFact {
  const { repository, ...rest } = fields;
  return {
    ...rest,
    ...(reported === fields.occurredAt ? {} : { occurredAtReported: reported }),
    repository,
    pullRequest: null,
    artifact: null,
    tests: null,
    findings: null,
    incident: null,
    review: null,
    ...(unread.length > 0 ? { unread } : {}),
  };
}

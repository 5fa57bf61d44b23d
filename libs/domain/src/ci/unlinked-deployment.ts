import { type CiEventReceipt } from './ci-event-receipt';
import { type CiFact, isProduction } from './ci-fact';

/** A deployment or a removal in production: what the deploy gate judges (SOC-GATES). */
export function deploysToProduction(fact: Pick<CiFact, 'kind' | 'environment'>): boolean {
  return (fact.kind === 'deployment' || fact.kind === 'removal') && isProduction(fact.environment);
}

/**
 * A fact that no change request is linked to. In production, a deployment or a removal is an
 * unauthorized change: no approved change request covers it, and it is flagged so that someone
 * notices (POL-APPROVED-RECORD, SOC-PROHIBITED). It is recorded all the same. Any other unlinked
 * fact is evidence about nothing in particular and is not flagged. `whyUnlinked` says why no
 * change request was found, and the flag's reason repeats it.
 */
export function judgeUnlinkedFact(
  fact: Pick<CiFact, 'kind' | 'environment'>,
  whyUnlinked: string,
): CiEventReceipt['unauthorized'] {
  return deploysToProduction(fact)
    ? { reason: `no change request covers it (${whyUnlinked})` }
    : null;
}

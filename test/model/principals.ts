import { people, type Person } from '../support/test-api';

/**
 * Who acts in the model: every principal the test API knows — a person of each role of the seed
 * policy, two with none or several (`nobody`, `twoHats`), the auditor, and two CI services. The
 * requester of a change is whoever created it.
 *
 * Which principal *kinds* may take a person's step is stated here alone, as the ledger does it
 * today (issue 25 item 5 changes it: services are not people, a principal with no roles reads
 * only). After that merge, update `mayTakePersonStep` and the model follows.
 */
export interface Principal {
  key: Person;
  id: string;
  kind: 'user' | 'service';
  roles: readonly string[];
}

export const PRINCIPALS: readonly Principal[] = (Object.keys(people) as Person[]).map((key) => {
  const entry = people[key];
  return {
    key,
    id: entry.principal,
    kind: 'kind' in entry ? entry.kind : 'user',
    roles: entry.roles,
  };
});

export const principal = (key: Person): Principal => PRINCIPALS.find((p) => p.key === key)!;

export const holds = (who: Principal, role: string) => who.roles.includes(role);
export const holdsAny = (who: Principal, roles: readonly string[]) =>
  roles.some((role) => who.roles.includes(role));

/** The auth guard: a principal whose roles are all read-only (auditors) writes nothing. */
export const isReadOnly = (who: Principal) =>
  who.roles.length > 0 && who.roles.every((role) => role === 'auditor');

/** An answer the model expects instead of success: the HTTP status and the problem's code. */
export class Refused {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {}
}

/** Any write: the auth guard refuses a read-only principal before any rule is asked. */
export function refuseReadOnly(who: Principal): void {
  if (isReadOnly(who)) throw new Refused(403, 'AUTH.READ_ONLY');
}

/**
 * A person's step (create, amend, submit, cancel, schedule, reject, reviews, exceptions): today
 * any principal that may write takes it, services and principals with no role included; only
 * approving checks for a person (in the decider, after the separation of duties). Issue 25 item 5
 * narrows this: update it here.
 */
export function refuseNonPerson(who: Principal): void {
  refuseReadOnly(who);
}

/** The CI sources each service is bound to (LEDGER_TOKENS_FILE `sources`). */
export const boundSources = (who: Principal): readonly string[] => {
  const entry = people[who.key];
  return 'sources' in entry ? entry.sources : [];
};

import { people, type Person } from '../support/test-api';
import { type Category } from './seed-rules';

/**
 * Who acts in the model: every principal the test API knows — a person of each role of the seed
 * policy, people with no role, a role the policy gives no step, or several roles (`nobody`,
 * `onlooker`, `twoHats`), the auditor, and the CI services (bound to every source, to one, to an
 * organisation; one holding people's roles; the bot the model's policy names). The requester of a
 * change is whoever created it.
 *
 * Which principals may take a person's step is stated here alone (ADR 0024): a service is not a
 * person — every person's step refuses it, whatever roles it holds, unless the policy's
 * `services` names it for that step (and category); a person with no role, like the auditor,
 * writes nothing.
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

/** An answer the model expects instead of success: the HTTP status and the problem's code. */
export class Refused {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {}
}

/**
 * Any write, at the auth guard before any rule is asked: a person with no role writes nothing,
 * nor does a principal whose roles are all read-only (auditors). A service with no role is
 * neither: its writes answer to its bindings and to the policy's `services`.
 */
export function refuseAtGuard(who: Principal): void {
  if (who.kind === 'user' && who.roles.length === 0) throw new Refused(403, 'AUTH.NO_ROLE');
  if (who.roles.length > 0 && who.roles.every((role) => role === 'auditor'))
    throw new Refused(403, 'AUTH.READ_ONLY');
}

/** The person's steps of a change request (ADR 0024), as the policy's `services` names them. */
export type PersonStep =
  | 'create'
  | 'create_emergency'
  | 'amend'
  | 'submit'
  | 'cancel'
  | 'schedule'
  | 'implement'
  | 'verify'
  | 'complete'
  | 'roll_back'
  | 'request_exception'
  | 'approve'
  | 'reject'
  | 'review'
  | 'approve_exception';

/**
 * The model's policy names one service for people's steps: a bot that files standard changes
 * (and, to be held to the step's roles like a person, may try to implement them). The same entry
 * is written into the policy file the model's API boots with (`MODEL_POLICY_SERVICES`).
 */
export const MANDATES: ReadonlyArray<{
  principal: Person;
  steps: readonly PersonStep[];
  categories: readonly Category[];
}> = [
  {
    principal: 'standardChangeBot',
    steps: ['create', 'submit', 'amend', 'cancel', 'implement'],
    categories: ['standard'],
  },
];

/** The `services:` section of the model's policy file, from `MANDATES`. */
export const MODEL_POLICY_SERVICES = [
  '  services:',
  ...MANDATES.flatMap((mandate) => [
    `    - principal: ${people[mandate.principal].principal}`,
    `      steps: [${mandate.steps.join(', ')}]`,
    `      categories: [${mandate.categories.join(', ')}]`,
  ]),
].join('\n');

/**
 * A person's step: the guard, then — before any rule of the step, whatever the change's state —
 * a service is refused unless the policy names it for this step on this category of change.
 */
export function refuseNonPerson(who: Principal, step: PersonStep, category: Category): void {
  refuseAtGuard(who);
  if (who.kind !== 'service') return;
  const mandate = MANDATES.find(
    (entry) => entry.principal === who.key && entry.steps.includes(step),
  );
  if (!mandate || (mandate.categories.length > 0 && !mandate.categories.includes(category)))
    throw new Refused(403, 'CHANGE_REQUEST.NOT_A_PERSON');
}

/** The CI sources each service is bound to (LEDGER_TOKENS_FILE `sources`). */
export const boundSources = (who: Principal): readonly string[] => {
  const entry = people[who.key];
  return 'sources' in entry ? entry.sources : [];
};

/**
 * Which of the policy's roles each of the identity provider's names gives (issue 28): an IdP
 * speaks in its own groups or roles (`ledger-approvers`, an Entra ID group's object id), the
 * policy in its roles (`change-manager`). With a map, only the names it lists give roles: a group
 * someone creates in the IdP with a policy role's name gives nothing unless the map says so.
 */
export type RoleMap = ReadonlyMap<string, readonly string[]>;

export class InvalidRoleMapError extends Error {
  constructor(reason: string) {
    super(`LEDGER_OIDC_ROLE_MAP ${reason}`);
    this.name = 'InvalidRoleMapError';
  }
}

/**
 * Reads a map written as JSON: `{"ledger-approvers": ["change-manager", "engineering-manager"],
 * "ledger-auditors": "auditor"}`. Any other shape is refused whole, naming the entry, rather than
 * read in part: a map that silently dropped an entry would take a role away, or keep one.
 */
export function parseRoleMap(text: string): RoleMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRoleMapError(
      'must be a JSON object from the IdP\'s group or role names to the policy\'s roles, e.g. {"ledger-approvers": ["change-manager"]}; it is not JSON',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidRoleMapError(
      `must be a JSON object from the IdP's group or role names to the policy's roles; it is ${shapeOf(parsed)}`,
    );
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0)
    throw new InvalidRoleMapError(
      'maps nothing: every token would carry no role (leave it unset to take the names as roles)',
    );
  const map = new Map<string, readonly string[]>();
  for (const [name, value] of entries) {
    if (name.trim() === '') throw new InvalidRoleMapError('has an empty IdP name');
    const roles = typeof value === 'string' ? [value] : value;
    if (
      !Array.isArray(roles) ||
      roles.length === 0 ||
      !roles.every((role): role is string => typeof role === 'string' && role.trim() !== '')
    )
      throw new InvalidRoleMapError(
        `maps ${JSON.stringify(name)} to ${shapeOf(value)}: give a role name or a non-empty list of role names`,
      );
    map.set(name, [...new Set(roles)]);
  }
  return map;
}

/** The policy's roles the IdP's names give, in the map's order of first mention, each once. */
export function mappedRoles(map: RoleMap, names: readonly string[]): string[] {
  const roles = new Set<string>();
  for (const name of names) for (const role of map.get(name) ?? []) roles.add(role);
  return [...roles];
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value))
    return value.length === 0 ? 'an empty list' : 'a list holding something else than role names';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'an empty name';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

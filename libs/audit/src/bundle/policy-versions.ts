import { type Policy } from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { parsePolicy } from '@change-ledger/policy';

/**
 * The policy of each version recorded in `ledger-policy-versions` (PolicyVersionActivated carries
 * the whole document), parsed by the same loader the ledger decides with. A document that no
 * longer parses is left out: its changes' gates say the version is missing.
 */
export function policiesFromEvents(events: readonly RecordedEvent[]): Map<string, Policy> {
  const policies = new Map<string, Policy>();
  for (const event of events) {
    if (event.type !== 'PolicyVersionActivated') continue;
    try {
      // JSON is YAML: the stored document parses as the file it came from. The version names the
      // file's own bytes (its hash), so it is the recorded one, not one of this re-serialisation.
      const loaded = parsePolicy(JSON.stringify(event.data.document), `event ${event.id}`);
      const version = String(event.data.version);
      policies.set(version, { ...loaded.policy, version });
    } catch (error) {
      console.error(
        `policy version of event ${event.id} does not parse: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return policies;
}

import { withClient } from '@change-ledger/event-store';

/**
 * What the database says of how durable an acknowledged write is (issue 29). The ledger's promise
 * "nothing acknowledged is lost" holds through a failover only where the replica promoted had
 * every commit: synchronous replication (Patroni's synchronous_mode, synchronous_standby_names).
 */
export interface DurabilityFacts {
  /** The server is a standby: it refuses every write. */
  standby: boolean;
  /** Replicas streaming from it now. */
  replicas: number;
  synchronousStandbyNames: string;
  synchronousCommit: string;
}

export async function readDurabilityFacts(databaseUrl: string): Promise<DurabilityFacts> {
  return withClient('durability check', databaseUrl, async (client) => {
    const { rows } = await client.query<{
      standby: boolean;
      replicas: string;
      names: string;
      commit: string;
    }>(
      `SELECT pg_is_in_recovery() AS standby,
              (SELECT count(*) FROM pg_stat_replication) AS replicas,
              current_setting('synchronous_standby_names') AS names,
              current_setting('synchronous_commit') AS commit`,
    );
    const row = rows[0]!;
    return {
      standby: row.standby,
      replicas: Number(row.replicas),
      synchronousStandbyNames: row.names,
      synchronousCommit: row.commit,
    };
  });
}

/** What an operator must hear at start, one line each: none where nothing can be lost. */
export function durabilityWarnings(facts: DurabilityFacts): string[] {
  const warnings: string[] = [];
  if (facts.standby)
    warnings.push(
      'DATABASE_URL reaches a standby (read-only): every write is refused as unavailable (503) until it reaches the primary; point it at the primary, or at a proxy that routes to it (README, "Running it at scale").',
    );
  else if (facts.replicas > 0 && facts.synchronousStandbyNames.trim() === '')
    warnings.push(
      `PostgreSQL streams to ${facts.replicas} replica(s) asynchronously: a failover to one of them can lose writes the ledger has acknowledged. Replicate synchronously (Patroni synchronous_mode, or synchronous_standby_names).`,
    );
  else if (
    facts.synchronousStandbyNames.trim() !== '' &&
    ['off', 'local'].includes(facts.synchronousCommit)
  )
    warnings.push(
      `synchronous_commit = ${facts.synchronousCommit}: commits are acknowledged before a standby has them, so a failover can lose acknowledged writes. Use on, remote_write or remote_apply.`,
    );
  return warnings;
}

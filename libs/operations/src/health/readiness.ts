import { type EventStore } from '@change-ledger/event-store';
import { type Pool } from 'pg';

/**
 * One thing a process needs before it can do its work. `probe` resolves with details to show
 * (or nothing) when it is up and throws, saying why, when it is not.
 */
export interface ReadinessCheck {
  name: string;
  probe: () => Promise<Record<string, unknown> | void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** How long a probe may take before it counts as down: orchestrators probe every few seconds. */
export const PROBE_TIMEOUT_MS = 3_000;

export function eventStoreCheck(store: EventStore): ReadinessCheck {
  return {
    name: 'eventStore',
    probe: async () => {
      await store.readAll({ maxCount: 1 });
    },
  };
}

export function postgresCheck(name: string, pool: Pool): ReadinessCheck {
  return {
    name,
    probe: async () => {
      await pool.query('SELECT 1');
    },
  };
}

/** Ready while no projection is further behind than `maxSeconds` (it would serve stale reads). */
export function projectionLagCheck(
  lag: () => Promise<{ projection: string; secondsBehind: number; eventsBehind: number }[]>,
  maxSeconds: number,
): ReadinessCheck {
  return {
    name: 'projections',
    probe: async () => {
      const projections = await lag();
      const behind = projections.filter((projection) => projection.secondsBehind > maxSeconds);
      if (behind.length > 0)
        throw new Error(
          `behind by more than ${maxSeconds} s: ${behind
            .map(
              (projection) =>
                `${projection.projection} (${Math.round(projection.secondsBehind)} s)`,
            )
            .join(', ')}`,
        );
      return {
        maxSecondsBehind: Math.max(0, ...projections.map((projection) => projection.secondsBehind)),
      };
    },
  };
}

/** What a loop working in the background says of itself: working, or failing and retrying. */
export type LoopHealth = { ok: true } | { ok: false; reason: string };

/**
 * Ready while every one of `loops` works: a projector, sequencer, checkpointer or notifier that
 * cannot reach its database keeps retrying (it never dies), and says so here until it resumes.
 */
export function loopsCheck(name: string, loops: ReadonlyArray<() => LoopHealth>): ReadinessCheck {
  return {
    name,
    probe: async () => {
      const failing = loops
        .map((health) => health())
        .flatMap((state) => (state.ok ? [] : [state.reason]));
      if (failing.length > 0) throw new Error(failing.join('; '));
    },
  };
}

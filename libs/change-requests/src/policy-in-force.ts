import {
  type Policy,
  POLICY_VERSIONS_STREAM,
  type PolicyVersionStreamEvent,
} from '@change-ledger/domain';
import { EVENT_STORE, type EventStore, jsonData, storedAs } from '@change-ledger/event-store';
import { type LoadedPolicy } from '@change-ledger/policy';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Clock, CLOCK, ID_GENERATOR, type IdGenerator } from './request-context';

export const LOADED_POLICY = Symbol('LOADED_POLICY');
export { POLICY_VERSIONS_STREAM };

/**
 * The policy the ledger decides with. Each version that comes into force is recorded once, as a
 * PolicyVersionActivated event with the whole document, so an auditor can read which rules any
 * past decision (which records the version) was made under.
 */
@Injectable()
export class PolicyInForce implements OnApplicationBootstrap {
  constructor(
    @Inject(LOADED_POLICY) private readonly loaded: LoadedPolicy,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly newId: IdGenerator,
  ) {}

  get policy(): Policy {
    return this.loaded.policy;
  }

  async onApplicationBootstrap(): Promise<void> {
    const [last] = await this.store.readStream(POLICY_VERSIONS_STREAM, {
      direction: 'backwards',
      maxCount: 1,
    });
    const recorded =
      last && storedAs<PolicyVersionStreamEvent>(last, ['PolicyVersionActivated'])?.data.version;
    if (recorded === this.loaded.policy.version) return;
    const activated: PolicyVersionStreamEvent = {
      type: 'PolicyVersionActivated',
      data: {
        version: this.loaded.policy.version,
        sha256: this.loaded.sha256,
        source: this.loaded.source,
        document: this.loaded.document,
      },
    };
    await this.store.appendToStream(
      POLICY_VERSIONS_STREAM,
      [
        {
          id: this.newId(),
          type: activated.type,
          data: jsonData(activated.data),
          metadata: {
            actor: { id: 'change-ledger', kind: 'service', roles: [], authenticatedBy: 'system' },
            occurredAt: this.clock.now().toISOString(),
            correlationId: `policy:${this.loaded.policy.version}`,
            source: { kind: 'system', process: 'policy-loader' },
          },
        },
      ],
      { expectedRevision: last ? last.revision : 'no_stream' },
    );
  }
}

import {
  decideTemplate,
  STANDARD_CHANGE_CATALOGUE_STREAM,
  type StandardChangeCatalogueSeeded,
  standardChangeTemplateStream,
  type StandardTemplatesInForce,
} from '@change-ledger/domain';
import {
  EVENT_STORE,
  type EventStore,
  jsonData,
  type StreamAppend,
  retryOnConflict,
} from '@change-ledger/event-store';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ChangeRequestRepository } from '../change-request.repository';
import { PolicyInForce } from '../policy-in-force';
import {
  type Clock,
  CLOCK,
  ID_GENERATOR,
  type IdGenerator,
  type RequestContext,
} from '../request-context';
import { StandardChangeTemplateRepository } from './standard-change-template.repository';

const LEDGER = {
  id: 'change-ledger',
  kind: 'service' as const,
  roles: [],
  authenticatedBy: 'system',
};
const ATTEMPTS = 3;

/**
 * The governed standard-change catalogue, as change-request use cases read it: the templates a
 * command names, each as its own record stands now (ADR 0021). At the first start it seeds the
 * catalogue from the policy file: each entry becomes version 1 of its template, in one append
 * with the `standard-change-catalogue` stream's one event, which says it happened; from then on
 * the file's entries are not read, and one the catalogue lacks is only reported.
 */
@Injectable()
export class StandardChangeCatalogue implements OnApplicationBootstrap {
  private readonly logger = new Logger(StandardChangeCatalogue.name);

  constructor(
    private readonly templates: StandardChangeTemplateRepository,
    private readonly changeRequests: ChangeRequestRepository,
    private readonly policy: PolicyInForce,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly newId: IdGenerator,
  ) {}

  /** The named templates as their records stand; an id with no template is left out. */
  async named(ids: ReadonlyArray<string | null | undefined>): Promise<StandardTemplatesInForce> {
    const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    const loaded = await Promise.all(unique.map((id) => this.templates.load(id)));
    return Object.fromEntries(
      loaded.flatMap(({ state }) => (state.status === 'absent' ? [] : [[state.id, state]])),
    );
  }

  /**
   * The template a stored standard change names (none for another category). Read before the
   * command is decided; should the change move meanwhile, the decider judges the state it loads
   * against what this read, and a template it did not read is refused, never assumed.
   */
  async forChangeRequest(changeRequestId: string): Promise<StandardTemplatesInForce> {
    const { state } = await this.changeRequests.load(changeRequestId);
    return state.status !== 'absent' && state.content.category === 'standard'
      ? this.named([state.content.standardTemplateId])
      : {};
  }

  async onApplicationBootstrap(): Promise<void> {
    const adopted = await this.seedFromPolicy();
    if (adopted)
      this.logger.log(
        `standard-change catalogue seeded from the policy: ${adopted.join(', ') || 'no entry'}`,
      );
  }

  /** Seeds the catalogue once; what it adopted, or null when it was seeded before. */
  async seedFromPolicy(): Promise<string[] | null> {
    const { policy } = this.policy;
    // Another process seeding at the same start makes the append conflict: read what it did.
    return retryOnConflict(ATTEMPTS, async () => {
      const [seeded] = await this.store.readStream(STANDARD_CHANGE_CATALOGUE_STREAM, {
        maxCount: 1,
      });
      if (seeded) {
        await this.reportUnadopted();
        return null;
      }
      const at = this.clock.now().toISOString();
      const context: RequestContext = {
        actor: LEDGER,
        requestId: `standard-change-catalogue:${policy.version}`,
        correlationId: `standard-change-catalogue:${policy.version}`,
        source: { kind: 'system', process: 'standard-change-catalogue' },
      };
      const appends: StreamAppend[] = [];
      const adopted: string[] = [];
      for (const entry of policy.standardChangeCatalogue) {
        const loaded = await this.templates.load(entry.id);
        const events = decideTemplate(
          {
            type: 'AdoptStandardChangeTemplate',
            data: { entry, policy },
            meta: { templateId: entry.id, actor: LEDGER, at },
          },
          loaded.state,
        );
        if (events.length === 0) continue;
        adopted.push(entry.id);
        appends.push({
          streamId: standardChangeTemplateStream(entry.id),
          events: events.map((event) => this.templates.envelope(event, context)),
          expectedRevision: loaded.revision ?? 'no_stream',
        });
      }
      const marker: StandardChangeCatalogueSeeded = {
        type: 'StandardChangeCatalogueSeeded',
        data: { policyVersion: policy.version, templateIds: adopted, at },
      };
      appends.push({
        streamId: STANDARD_CHANGE_CATALOGUE_STREAM,
        events: [
          {
            id: this.newId(),
            type: marker.type,
            data: jsonData(marker.data),
            metadata: {
              actor: LEDGER,
              occurredAt: at,
              correlationId: context.correlationId,
              source: { kind: 'system', process: 'standard-change-catalogue' },
            },
          },
        ],
        expectedRevision: 'no_stream',
      });
      await this.store.appendToStreams(appends);
      return adopted;
    });
  }

  private async reportUnadopted(): Promise<void> {
    const ids = this.policy.policy.standardChangeCatalogue.map((entry) => entry.id);
    const known = await this.named(ids);
    const missing = ids.filter((id) => !known[id]);
    if (missing.length > 0)
      this.logger.warn(
        `the policy file lists standard-change templates the catalogue does not have (${missing.join(', ')}): the catalogue is governed through the API now; propose them there`,
      );
  }
}

import { createHash } from 'node:crypto';
import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  type ChangeRequestOutcome,
  type Clock,
  CLOCK,
  ExecuteChangeRequestCommand,
} from '@change-ledger/change-requests';
import { type CiFact, isProduction } from '@change-ledger/domain';
import {
  EVENT_STORE,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import canonicalize from 'canonicalize';
import { v5 as uuidV5 } from 'uuid';
import {
  CHANGE_REQUEST_LINKS,
  type ChangeRequestLink,
  type ChangeRequestLinks,
} from '../change-request-links';
import { RecordCiEventCommand } from './record-ci-event.command';

/** The streams that make (source, id) unique: one per CI fact, its receipt first. */
const CI_EVENT_STREAM_PREFIX = 'ci-event-';

/** UUIDv5 namespace of the ledger's CI receipts (random, fixed forever). */
const RECEIPT_NAMESPACE = '0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a';
const ATTEMPTS = 5;

interface CiEventReceipt {
  fact: CiFact;
  contentHash: string;
  receivedAt: string;
  link: ChangeRequestLink | null;
  /** An unlinked production deployment: no approved change covers it (002 §3.8, 003 §6). */
  unauthorized: { reason: string } | null;
}

export interface RecordCiEventResult {
  /** `duplicate`: the same fact again; `conflict`: the same (source, id) with other content. */
  outcome: 'recorded' | 'duplicate' | 'conflict';
  changeRequestId: string | null;
  linkedBy: ChangeRequestLink['linkedBy'] | null;
  /** Production deployments: whether an approved change covered it; null otherwise. */
  authorized: boolean | null;
  reason: string | null;
}

/**
 * Records a CI fact once. Its receipt, appended to a stream named after (source, id) that must
 * not exist yet, is the dedupe: a redelivery finds it; other content under the same key is
 * recorded as a conflict beside it, never over it. The receipt fixes the link to a change
 * request, then the fact goes to that change request's stream; that second step is idempotent
 * (the decider knows the facts it has), so a crash between the two is healed by the redelivery.
 */
@CommandHandler(RecordCiEventCommand)
export class RecordCiEventHandler implements ICommandHandler<
  RecordCiEventCommand,
  RecordCiEventResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHANGE_REQUEST_LINKS) private readonly links: ChangeRequestLinks,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  async execute({ fact, origin }: RecordCiEventCommand): Promise<RecordCiEventResult> {
    const streamId = ciEventStream(fact);
    const contentHash = sha256(canonicalize(fact)!);
    for (let attempt = 1; ; attempt++) {
      const stored = await this.store.readStream(streamId);
      try {
        if (stored.length === 0) {
          const receipt = await this.receive(fact, contentHash);
          await this.append(streamId, 'CiEventReceived', receipt, origin, 'no_stream', streamId);
          return await this.applyToChangeRequest(receipt, origin, 'recorded');
        }
        const receipt = stored[0]!.data as unknown as CiEventReceipt;
        if (receipt.contentHash === contentHash) {
          return await this.applyToChangeRequest(receipt, origin, 'duplicate');
        }
        await this.recordConflict(streamId, stored, fact, contentHash, origin);
        return {
          ...unlinked,
          outcome: 'conflict',
          changeRequestId: receipt.link?.changeRequestId ?? null,
        };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async receive(fact: CiFact, contentHash: string): Promise<CiEventReceipt> {
    const found = await this.links.find(fact);
    const deployment = fact.kind === 'deployment' || fact.kind === 'removal';
    const reason =
      found.link === null && deployment && isProduction(fact.environment)
        ? `no change request covers it (${found.why})`
        : null;
    return {
      fact,
      contentHash,
      receivedAt: this.clock.now().toISOString(),
      link: found.link,
      unauthorized: reason ? { reason } : null,
    };
  }

  private async applyToChangeRequest(
    receipt: CiEventReceipt,
    origin: RecordCiEventCommand['origin'],
    outcome: 'recorded' | 'duplicate',
  ): Promise<RecordCiEventResult> {
    const { fact, link } = receipt;
    if (!link) {
      return {
        ...unlinked,
        outcome,
        authorized: receipt.unauthorized ? false : null,
        reason: receipt.unauthorized?.reason ?? null,
      };
    }
    const result: ChangeRequestOutcome = await this.commands.execute(
      new ExecuteChangeRequestCommand(
        link.changeRequestId,
        { type: 'RecordCiFact', data: { fact } },
        {
          actor: factActor(fact, origin.actor),
          requestId: origin.requestId,
          correlationId: origin.correlationId,
          source: origin.source,
          occurredAt: fact.occurredAt,
        },
      ),
    );
    // A redelivery records nothing new, so its judgement is the one already recorded (not repeated here).
    const recorded = result.events.find((event) => event.type === 'DeploymentRecorded');
    return {
      outcome,
      changeRequestId: link.changeRequestId,
      linkedBy: link.linkedBy,
      authorized: recorded?.data.authorized ?? null,
      reason: recorded?.data.reason ?? null,
    };
  }

  private async recordConflict(
    streamId: string,
    stored: RecordedEvent[],
    fact: CiFact,
    contentHash: string,
    origin: RecordCiEventCommand['origin'],
  ): Promise<void> {
    const known = stored.some(
      (event) => (event.data as { contentHash?: string }).contentHash === contentHash,
    );
    if (known) return;
    await this.append(
      streamId,
      'CiEventConflicted',
      {
        fact,
        contentHash,
        receivedAt: this.clock.now().toISOString(),
        firstContentHash: (stored[0]!.data as unknown as CiEventReceipt).contentHash,
      },
      origin,
      stored.at(-1)!.revision,
      `${streamId}/${contentHash}`,
    );
  }

  private append<Data extends { fact: CiFact }>(
    streamId: string,
    type: 'CiEventReceived' | 'CiEventConflicted',
    data: Data,
    origin: RecordCiEventCommand['origin'],
    expectedRevision: number | 'no_stream',
    name: string,
  ) {
    return this.store.appendToStream(
      streamId,
      [
        {
          // Named after what it records: the same receipt, appended twice, is stored once.
          id: uuidV5(name, RECEIPT_NAMESPACE),
          type,
          data: data as unknown as JsonObject,
          metadata: {
            actor: origin.actor,
            occurredAt: data.fact.occurredAt,
            correlationId: origin.correlationId,
            causationId: null,
            source: origin.source,
          },
        },
      ],
      { expectedRevision },
    );
  }
}

const unlinked = { changeRequestId: null, linkedBy: null, authorized: null, reason: null };

/** The stream of one (source, id): a hash, since both are free text. */
function ciEventStream(fact: Pick<CiFact, 'source' | 'id'>): string {
  return `${CI_EVENT_STREAM_PREFIX}${sha256(`${fact.source}\u0000${fact.id}`).slice(0, 40)}`;
}

/** The change request's events name who did it: the person or bot behind the fact, or the pipeline. */
function factActor(fact: CiFact, transport: AuthenticatedActor): AuthenticatedActor {
  return {
    id: fact.actor ?? fact.source,
    kind: fact.actor ? 'user' : 'service',
    roles: [],
    authenticatedBy: `${transport.authenticatedBy}:${transport.id}`,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

import { createHash, randomUUID } from 'node:crypto';
import { type AuthenticatedActor, recordedActor, speaksForSource } from '@change-ledger/auth';
import { type Clock, CLOCK, RecordCiFactCommand } from '@change-ledger/change-requests';
import {
  CI_EVENT_STREAM_PREFIX,
  type ChangeRequestLink,
  type CiEventReceipt,
  type CiEventStreamEvent,
  type CiFact,
  isProduction,
} from '@change-ledger/domain';
import {
  EVENT_STORE,
  EventIdConflictError,
  type EventStore,
  jsonData,
  type RecordedEvent,
  storedAs,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import canonicalize from 'canonicalize';
import { v5 as uuidV5 } from 'uuid';
import { CHANGE_REQUEST_LINKS, type ChangeRequestLinks } from '../change-request-links';
import { CiReporterRefusedError } from '../ingestion.errors';
import { RecordCiEventCommand } from './record-ci-event.command';
import { REPORTED_TIME_LIMITS, type ReportedTimeLimits, reportedTimeFlags } from './reported-time';

/** The CI sources a person's own credential may report for (the policy's `ci_ingestion`). */
export const PEOPLE_MAY_REPORT = Symbol('PEOPLE_MAY_REPORT');

/** UUIDv5 namespace of the ledger's CI conflicts: one per (stream, content), stored once. */
const RECEIPT_NAMESPACE = '0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a';
const ATTEMPTS = 5;
const CI_STREAM_EVENTS = ['CiEventReceived', 'CiEventConflicted'] as const;

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
 * recorded as a conflict beside it, never over it. Two first deliveries racing each other both
 * end up reading the receipt that won, so each answers `duplicate` or `conflict` by content,
 * whatever the interleaving. The receipt fixes the link to a change request, then the fact goes
 * to that change request's stream; that second step is idempotent (the decider knows the facts
 * it has), so a crash between the two is healed by the redelivery.
 *
 * Who reported the fact is the authenticated principal, never the payload: only a service bound
 * to the fact's source may report it, and the change request's events name that principal as
 * their actor. What the payload says of its actor stays in the fact, as reported.
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
    @Inject(REPORTED_TIME_LIMITS) private readonly timeLimits: ReportedTimeLimits,
    @Inject(PEOPLE_MAY_REPORT) private readonly peopleMayReport: readonly string[],
    private readonly commands: CommandBus,
  ) {}

  async execute({ fact, origin }: RecordCiEventCommand): Promise<RecordCiEventResult> {
    assertMayReport(origin.actor, fact, this.peopleMayReport);
    const streamId = ciEventStream(fact);
    const contentHash = sha256(canonicalize(fact)!);
    for (let attempt = 1; ; attempt++) {
      const stored = await this.store.readStream(streamId);
      try {
        const first = stored[0] && storedAs<CiEventStreamEvent>(stored[0], ['CiEventReceived']);
        if (!first || first.type !== 'CiEventReceived') {
          const receipt = await this.receive(fact, contentHash);
          // A fresh id: a delivery racing this one must fail on `no_stream` and read the winner,
          // never pass as an idempotent replay of it.
          await this.append(
            streamId,
            { type: 'CiEventReceived', data: receipt },
            origin,
            'no_stream',
            randomUUID(),
          );
          return await this.applyToChangeRequest(receipt, origin, 'recorded');
        }
        const receipt = first.data;
        if (receipt.contentHash === contentHash) {
          return await this.applyToChangeRequest(receipt, origin, 'duplicate');
        }
        await this.recordConflict(streamId, stored, receipt, fact, contentHash, origin);
        return {
          ...unlinked,
          outcome: 'conflict',
          changeRequestId: receipt.link?.changeRequestId ?? null,
        };
      } catch (error) {
        // Another delivery of the same key got there first: read what it wrote and answer by it.
        const raced =
          error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError;
        if (raced && attempt < ATTEMPTS) continue;
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
    const now = this.clock.now();
    return {
      fact,
      contentHash,
      receivedAt: now.toISOString(),
      link: found.link,
      unauthorized: reason ? { reason } : null,
      reportedTimeFlags: reportedTimeFlags(fact, now, this.timeLimits),
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
    const result = await this.commands.execute(
      new RecordCiFactCommand(
        link.changeRequestId,
        { fact },
        {
          actor: origin.actor,
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
    receipt: CiEventReceipt,
    fact: CiFact,
    contentHash: string,
    origin: RecordCiEventCommand['origin'],
  ): Promise<void> {
    const known = stored.some(
      (event) =>
        storedAs<CiEventStreamEvent>(event, CI_STREAM_EVENTS)?.data.contentHash === contentHash,
    );
    if (known) return;
    await this.append(
      streamId,
      {
        type: 'CiEventConflicted',
        data: {
          fact,
          contentHash,
          receivedAt: this.clock.now().toISOString(),
          firstContentHash: receipt.contentHash,
        },
      },
      origin,
      stored.at(-1)!.revision,
      uuidV5(`${streamId}/${contentHash}`, RECEIPT_NAMESPACE),
    );
  }

  private append(
    streamId: string,
    event: CiEventStreamEvent,
    origin: RecordCiEventCommand['origin'],
    expectedRevision: number | 'no_stream',
    eventId: string,
  ) {
    return this.store.appendToStream(
      streamId,
      [
        {
          id: eventId,
          type: event.type,
          data: jsonData(event.data),
          metadata: {
            actor: recordedActor(origin.actor),
            occurredAt: event.data.fact.occurredAt,
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

/** Only a service bound to the fact's source may report it (DESIGN.md: attribution). */
function assertMayReport(
  actor: AuthenticatedActor,
  fact: CiFact,
  peopleMayReport: readonly string[],
): void {
  if (actor.kind !== 'service') {
    // A person reports only for the sources the policy opens to people (e.g. manual deploys).
    if (speaksForSource({ ...actor, ciSources: [...peopleMayReport] }, fact.source)) return;
    throw new CiReporterRefusedError(
      'INGESTION.NOT_A_CI_PRINCIPAL',
      `${actor.id} is a person; CI facts of ${fact.source} are reported by a CI service credential bound to it (the policy's ci_ingestion.people_may_report opens sources to people)`,
      { actor: actor.id, source: fact.source },
    );
  }
  if (!speaksForSource(actor, fact.source)) {
    throw new CiReporterRefusedError(
      'INGESTION.SOURCE_NOT_BOUND',
      `${actor.id} may not report facts of source ${fact.source}`,
      { actor: actor.id, source: fact.source, boundTo: actor.ciSources ?? [] },
    );
  }
}

/** The stream of one (source, id): a hash, since both are free text. */
export function ciEventStream(fact: Pick<CiFact, 'source' | 'id'>): string {
  return `${CI_EVENT_STREAM_PREFIX}${sha256(`${fact.source}\u0000${fact.id}`).slice(0, 40)}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

import { randomUUID } from 'node:crypto';
import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  presentRecordedGate,
  RecordCiFactCommand,
  type RecordCiFactResult,
} from '@change-ledger/change-requests';
import {
  type CiFact,
  InvalidCiEventError,
  LedgerError,
  type RawCiMessage,
} from '@change-ledger/domain';
import { type EventSourceRef } from '@change-ledger/event-store';
import { isHttpMessageHeader, rawCiMessage, type WebhookOutcome } from '@change-ledger/ingestion';
import { type WriteReceipts } from '@change-ledger/integrity';
import { LedgerMetrics } from '@change-ledger/operations';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Request } from 'express';
import { WRITE_RECEIPTS, withReceipt } from '../receipts/receipt.interceptor';
import { headersOf, rawBody } from './ingest-route';

/**
 * What every ingest route does once it has a CI fact: record it (RecordCiFactCommand), count it
 * as Kafka counts its messages, and answer what was recorded.
 */
@Injectable()
export class HttpCiFacts {
  constructor(
    private readonly commands: CommandBus,
    @Inject(WRITE_RECEIPTS) private readonly receipts: WriteReceipts,
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
  ) {}

  /** A message the ledger refuses (a 4xx) is counted as Kafka counts its dead letters. */
  refusalCounted<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      this.countRefusal(error);
      throw error;
    }
  }

  /** A webhook's fact, recorded under its provider's service and its delivery's id. */
  async webhook(
    outcome: WebhookOutcome,
    provider: string,
    delivery: string | undefined,
    raw: RawCiMessage,
  ) {
    if ('ignored' in outcome) return { outcome: 'ignored', reason: outcome.ignored };
    const requestId = delivery ?? randomUUID();
    const actor: AuthenticatedActor = {
      id: `${provider}-webhook`,
      kind: 'service',
      roles: ['ci-webhook'],
      authenticatedBy: 'webhook-signature',
      // The shared secret is the binding: whatever repository the provider signs for.
      ciSources: ['*'],
    };
    // The events carry the delivery, not the request's id: the receipt follows the delivery.
    const source: EventSourceRef = { kind: 'webhook', provider, deliveryId: requestId };
    const key = this.receipts.begin(source);
    try {
      const answer = await this.record(outcome.fact, actor, source, requestId, raw);
      return withReceipt(answer, this.receipts.receiptFor(this.receipts.end(key)));
    } finally {
      this.receipts.end(key);
    }
  }

  async record(
    fact: CiFact,
    actor: AuthenticatedActor,
    source: EventSourceRef,
    requestId: string,
    raw: RawCiMessage,
  ) {
    let result: RecordCiFactResult;
    try {
      result = await this.commands.execute(
        new RecordCiFactCommand(fact, { actor, source, requestId, correlationId: requestId }, raw),
      );
    } catch (error) {
      this.countRefusal(error);
      throw error;
    }
    this.metrics.ingestMessages.inc({ transport: 'http', outcome: result.outcome });
    return {
      outcome: result.outcome,
      source: fact.source,
      id: fact.id,
      kind: fact.kind,
      change_request_id: result.changeRequestId,
      linked_by: result.linkedBy,
      authorized: result.authorized,
      reason: result.reason,
      gate: presentRecordedGate(result.gate),
    };
  }

  private countRefusal(error: unknown): void {
    // An unavailable ledger is not the message's fault: a 503 the client retries, not counted.
    if (error instanceof LedgerError && error.kind !== 'unavailable')
      this.metrics.ingestMessages.inc({ transport: 'http', outcome: 'refused' });
  }
}

export function notConfigured(provider: string, key: string): InvalidCiEventError {
  return new InvalidCiEventError('INGESTION.BAD_SIGNATURE', [
    `${provider} webhooks are not configured on this ledger (${key})`,
  ]);
}

/** The message as received, with the headers that belong to it (never the credential). */
export function rawOf(request: Request): RawCiMessage {
  return rawCiMessage(headersOf(request), rawBody(request), isHttpMessageHeader);
}

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
import {
  decodeCiMessage,
  gitHubWebhookToFact,
  gitLabWebhookToFact,
  isHttpMessageHeader,
  rawCiMessage,
  verifyGitHubSignature,
  verifyGitLabToken,
  type WebhookOutcome,
} from '@change-ledger/ingestion';
import { Controller, HttpCode, Inject, Req } from '@nestjs/common';
import { IdempotentPost } from '../idempotency/idempotency.interceptor';
import { CommandBus } from '@nestjs/cqrs';
import { type Request } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { LedgerMetrics, requestIdOf } from '@change-ledger/operations';
import { Public } from '../auth/public.decorator';
import { WRITE_RECEIPTS, withReceipt } from '../receipts/receipt.interceptor';
import { type WriteReceipts } from '@change-ledger/integrity';

export interface WebhookSecrets {
  github?: string;
  gitlab?: string;
}
export const WEBHOOK_SECRETS = Symbol('WEBHOOK_SECRETS');

/**
 * The same CI facts as the Kafka topic, over HTTP. `events` takes CloudEvents (HTTP binding,
 * binary or structured) and the native form from a bearer-authenticated pipeline; the GitHub
 * and GitLab webhooks authenticate by their signature or token, which is why they are @Public.
 * Bodies arrive raw (configure-app): signatures are over the exact bytes.
 */
@Controller('api/v1/ingest')
export class IngestController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(WEBHOOK_SECRETS) private readonly secrets: WebhookSecrets,
    @Inject(WRITE_RECEIPTS) private readonly receipts: WriteReceipts,
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
  ) {}

  @IdempotentPost('events')
  @HttpCode(202)
  async events(@Req() request: Request, @CurrentActor() actor: AuthenticatedActor) {
    const requestId = requestIdOf(request);
    const message = { headers: headersOf(request), body: rawBody(request) };
    const fact = this.refusalCounted(() => decodeCiMessage(message));
    return this.record(fact, actor, { kind: 'api', requestId }, requestId, rawOf(request));
  }

  @Public()
  @IdempotentPost('github')
  @HttpCode(202)
  async github(@Req() request: Request) {
    const body = rawBody(request);
    if (!this.secrets.github) throw notConfigured('GitHub', 'LEDGER_GITHUB_WEBHOOK_SECRET');
    verifyGitHubSignature(body, header(request, 'x-hub-signature-256'), this.secrets.github);
    return this.webhook(
      this.refusalCounted(() => gitHubWebhookToFact(header(request, 'x-github-event'), body)),
      'github',
      header(request, 'x-github-delivery'),
      rawOf(request),
    );
  }

  @Public()
  @IdempotentPost('gitlab')
  @HttpCode(202)
  async gitlab(@Req() request: Request) {
    if (!this.secrets.gitlab) throw notConfigured('GitLab', 'LEDGER_GITLAB_WEBHOOK_TOKEN');
    verifyGitLabToken(header(request, 'x-gitlab-token'), this.secrets.gitlab);
    return this.webhook(
      this.refusalCounted(() =>
        gitLabWebhookToFact(header(request, 'x-gitlab-event'), rawBody(request)),
      ),
      'gitlab',
      header(request, 'x-gitlab-event-uuid'),
      rawOf(request),
    );
  }

  /** A message the ledger refuses (a 4xx) is counted as Kafka counts its dead letters. */
  private refusalCounted<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      this.countRefusal(error);
      throw error;
    }
  }

  private countRefusal(error: unknown): void {
    // An unavailable ledger is not the message's fault: a 503 the client retries, not counted.
    if (error instanceof LedgerError && error.kind !== 'unavailable')
      this.metrics.ingestMessages.inc({ transport: 'http', outcome: 'refused' });
  }

  private async webhook(
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

  private async record(
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
}

function notConfigured(provider: string, key: string): InvalidCiEventError {
  return new InvalidCiEventError('INGESTION.BAD_SIGNATURE', [
    `${provider} webhooks are not configured on this ledger (${key})`,
  ]);
}

/** The message as received, with the headers that belong to it (never the credential). */
function rawOf(request: Request): RawCiMessage {
  return rawCiMessage(headersOf(request), rawBody(request), isHttpMessageHeader);
}

function rawBody(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function headersOf(request: Request): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.keys(request.headers).map((name) => [name.toLowerCase(), header(request, name)]),
  );
}

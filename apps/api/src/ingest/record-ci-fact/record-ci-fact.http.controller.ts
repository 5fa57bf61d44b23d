import { type AuthenticatedActor } from '@change-ledger/auth';
import { decodeCiMessage } from '@change-ledger/ingestion';
import { requestIdOf } from '@change-ledger/operations';
import { HttpCode, Req } from '@nestjs/common';
import { ApiAcceptedResponse } from '@nestjs/swagger';
import { type Request } from 'express';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import { HttpCiFacts, rawOf } from '../http-ci-facts';
import { headersOf, IngestController, rawBody } from '../ingest-route';
import { RecordedCiFactAnswer } from './record-ci-fact.response.dto';

/**
 * The same CI facts as the Kafka topic, over HTTP: CloudEvents (HTTP binding, binary or
 * structured) and the native form, from a bearer-authenticated pipeline.
 */
@IngestController()
export class RecordCiFactHttpController {
  constructor(private readonly facts: HttpCiFacts) {}

  @IdempotentPost('events')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RecordedCiFactAnswer })
  async events(@Req() request: Request, @CurrentActor() actor: AuthenticatedActor) {
    const requestId = requestIdOf(request);
    const message = { headers: headersOf(request), body: rawBody(request) };
    const fact = this.facts.refusalCounted(() => decodeCiMessage(message));
    return this.facts.record(fact, actor, { kind: 'api', requestId }, requestId, rawOf(request));
  }
}

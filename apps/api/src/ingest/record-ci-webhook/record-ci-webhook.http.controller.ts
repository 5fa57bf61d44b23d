import {
  gitHubWebhookToFact,
  gitLabWebhookToFact,
  verifyGitHubSignature,
  verifyGitLabToken,
} from '@change-ledger/ingestion';
import { applyDecorators, HttpCode, Inject, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { type Request } from 'express';
import { Public } from '../../auth/public.decorator';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import { HttpCiFacts, notConfigured, rawOf } from '../http-ci-facts';
import {
  header,
  IngestController,
  rawBody,
  WEBHOOK_SECRETS,
  type WebhookSecrets,
} from '../ingest-route';
import { RecordedCiFactAnswer } from '../record-ci-fact/record-ci-fact.response.dto';
import { IgnoredWebhookAnswer } from './record-ci-webhook.response.dto';

/** A delivery's answer: the fact recorded, or why the delivery carried none the ledger records. */
const WebhookAnswer = () =>
  applyDecorators(
    ApiExtraModels(RecordedCiFactAnswer, IgnoredWebhookAnswer),
    ApiAcceptedResponse({
      schema: {
        oneOf: [
          { $ref: getSchemaPath(RecordedCiFactAnswer) },
          { $ref: getSchemaPath(IgnoredWebhookAnswer) },
        ],
      },
    }),
  );

/**
 * The GitHub and GitLab deployment webhooks: a CI fact delivered by its provider, which
 * authenticates by its signature or its token (the secret shared with the ledger), hence @Public.
 */
@IngestController()
export class RecordCiWebhookHttpController {
  constructor(
    private readonly facts: HttpCiFacts,
    @Inject(WEBHOOK_SECRETS) private readonly secrets: WebhookSecrets,
  ) {}

  @Public()
  @IdempotentPost('github')
  @HttpCode(202)
  @WebhookAnswer()
  async github(@Req() request: Request) {
    const body = rawBody(request);
    if (!this.secrets.github) throw notConfigured('GitHub', 'LEDGER_GITHUB_WEBHOOK_SECRET');
    verifyGitHubSignature(body, header(request, 'x-hub-signature-256'), this.secrets.github);
    return this.facts.webhook(
      this.facts.refusalCounted(() => gitHubWebhookToFact(header(request, 'x-github-event'), body)),
      'github',
      header(request, 'x-github-delivery'),
      rawOf(request),
    );
  }

  @Public()
  @IdempotentPost('gitlab')
  @HttpCode(202)
  @WebhookAnswer()
  async gitlab(@Req() request: Request) {
    if (!this.secrets.gitlab) throw notConfigured('GitLab', 'LEDGER_GITLAB_WEBHOOK_TOKEN');
    verifyGitLabToken(header(request, 'x-gitlab-token'), this.secrets.gitlab);
    return this.facts.webhook(
      this.facts.refusalCounted(() =>
        gitLabWebhookToFact(header(request, 'x-gitlab-event'), rawBody(request)),
      ),
      'gitlab',
      header(request, 'x-gitlab-event-uuid'),
      rawOf(request),
    );
  }
}

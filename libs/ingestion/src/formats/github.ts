import { IsTimestamp } from '@change-ledger/untrusted-input';
import { type CiOutcome } from '@change-ledger/domain';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { mentionedChangeRequest, webhookDeployment, type WebhookOutcome } from './webhook';
import { type ReadTree, unreadFields } from './unread';
import { parseJson, validated } from './validate';

class GitHubUser {
  @IsString() login!: string;
}

class GitHubRepository {
  @IsString() full_name!: string;
}

class GitHubDeployment {
  @IsInt() id!: number;
  @IsString() sha!: string;
  @IsOptional() @IsString() ref?: string;
  @IsOptional() @IsString() task?: string;
  @IsOptional() @IsString() environment?: string;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional() payload?: unknown;
  @IsOptional() @ValidateNested() @Type(() => GitHubUser) creator?: GitHubUser;
}

class GitHubDeploymentStatus {
  @IsInt() id!: number;
  @IsString() state!: string;
  @IsOptional() @IsString() environment?: string;
  @IsTimestamp() created_at!: string;
  @IsOptional() @ValidateNested() @Type(() => GitHubUser) creator?: GitHubUser;
}

class DeploymentStatusEvent {
  @IsDefined()
  @ValidateNested()
  @Type(() => GitHubDeploymentStatus)
  deployment_status!: GitHubDeploymentStatus;
  @IsDefined() @ValidateNested() @Type(() => GitHubDeployment) deployment!: GitHubDeployment;
  @IsDefined() @ValidateNested() @Type(() => GitHubRepository) repository!: GitHubRepository;
}

/** What the ledger reads of a `deployment_status` payload; the rest is listed in `unread`. */
const READ: ReadTree = {
  deployment_status: {
    id: true,
    state: true,
    environment: true,
    created_at: true,
    creator: { login: true },
  },
  deployment: {
    id: true,
    sha: true,
    ref: true,
    task: true,
    environment: true,
    description: true,
    payload: { change_request_id: true },
    creator: { login: true },
  },
  repository: { full_name: true },
};

const FINAL: Record<string, CiOutcome> = { success: 'success', failure: 'failure', error: 'error' };

/**
 * GitHub's `deployment_status` webhook, once the status is final, is a deployment (a rollback
 * when the deployment's task says so). A `deployment` alone is a request to deploy, not yet a
 * change: it is acknowledged and left for its final status.
 */
export function gitHubWebhookToFact(event: string | undefined, body: Buffer): WebhookOutcome {
  if (event === 'ping') return { ignored: 'ping' };
  if (event === 'deployment') {
    return { ignored: 'a deployment is recorded when GitHub reports its final deployment_status' };
  }
  if (event !== 'deployment_status') {
    return { ignored: `GitHub ${event ?? 'unnamed'} events are not change facts` };
  }
  const document = parseJson(body, 'body (GitHub webhook)');
  const payload = validated(DeploymentStatusEvent, document);
  const { deployment_status: status, deployment, repository } = payload;
  const outcome = FINAL[status.state];
  if (!outcome) return { ignored: `deployment_status ${status.state} is not final` };
  const explicit = (deployment.payload as { change_request_id?: unknown } | undefined)
    ?.change_request_id;
  const fact = webhookDeployment(
    {
      source: `github.com/${repository.full_name}`,
      id: `deployment_status/${status.id}`,
      kind: /rollback/i.test(deployment.task ?? '') ? 'rollback' : 'deployment',
      format: 'github',
      sourceType: 'deployment_status',
      occurredAt: new Date(status.created_at).toISOString(),
      actor: status.creator?.login ?? deployment.creator?.login ?? null,
      environment: status.environment ?? deployment.environment ?? null,
      service: repository.full_name,
      changeRequestId:
        typeof explicit === 'string'
          ? explicit
          : mentionedChangeRequest(deployment.description, deployment.ref),
      commitSha: deployment.sha,
      outcome,
      repository: repository.full_name,
    },
    status.created_at,
    unreadFields(document, READ, ''),
  );
  return { fact };
}

import { type CiOutcome, invalidCiEvent } from '@change-ledger/domain';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { mentionedChangeRequest, webhookDeployment, type WebhookOutcome } from './webhook';
import { type ReadTree, unreadFields } from './unread';
import { parseJson, validated } from './validate';

class GitLabProject {
  @IsString() path_with_namespace!: string;
}

class GitLabUser {
  @IsString() username!: string;
}

/** GitLab's deployment event (`X-Gitlab-Event: Deployment Hook`). */
class GitLabDeploymentEvent {
  @IsIn(['deployment']) object_kind!: string;
  @IsString() status!: string;
  @Matches(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/, {
    message: 'must be a GitLab time like "2026-11-20 10:15:00 +0100"',
  })
  status_changed_at!: string;
  @IsInt() deployment_id!: number;
  @IsString() environment!: string;
  @IsDefined() @ValidateNested() @Type(() => GitLabProject) project!: GitLabProject;
  @IsOptional() @IsString() short_sha?: string;
  @IsOptional() @IsString() ref?: string;
  @IsOptional() @IsString() commit_title?: string;
  @IsOptional() @ValidateNested() @Type(() => GitLabUser) user?: GitLabUser;
}

/** What the ledger reads of a GitLab deployment event; the rest is listed in `unread`. */
const READ: ReadTree = {
  object_kind: true,
  status: true,
  status_changed_at: true,
  deployment_id: true,
  environment: true,
  project: { path_with_namespace: true },
  short_sha: true,
  ref: true,
  commit_title: true,
  user: { username: true },
};

const FINAL: Record<string, CiOutcome> = {
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
};

export function gitLabWebhookToFact(event: string | undefined, body: Buffer): WebhookOutcome {
  if (event !== 'Deployment Hook') {
    return { ignored: `GitLab ${event ?? 'unnamed'} events are not change facts` };
  }
  const document = parseJson(body, 'body (GitLab webhook)');
  const payload = validated(GitLabDeploymentEvent, document);
  const outcome = FINAL[payload.status];
  if (!outcome) return { ignored: `deployment status ${payload.status} is not final` };
  const occurredAt = gitLabTime(payload.status_changed_at);
  const fact = webhookDeployment(
    {
      source: `gitlab/${payload.project.path_with_namespace}`,
      // One deployment moves through statuses; each final one is its own fact.
      id: `deployment/${payload.deployment_id}/${payload.status}`,
      kind: 'deployment',
      format: 'gitlab',
      sourceType: 'Deployment Hook',
      occurredAt,
      actor: payload.user?.username ?? null,
      environment: payload.environment,
      service: payload.project.path_with_namespace,
      changeRequestId: mentionedChangeRequest(payload.commit_title, payload.ref),
      commitSha: payload.short_sha ?? null,
      outcome,
      repository: payload.project.path_with_namespace,
    },
    payload.status_changed_at,
    unreadFields(document, READ, ''),
  );
  return { fact };
}

/** "2026-11-20 10:15:00 +0100" → ISO 8601 UTC. */
function gitLabTime(text: string): string {
  const [date, time, zone] = text.split(' ');
  const parsed = new Date(`${date}T${time}${zone!.slice(0, 3)}:${zone!.slice(3)}`);
  if (Number.isNaN(parsed.getTime()))
    throw invalidCiEvent(`status_changed_at: ${text} is not a time`);
  return parsed.toISOString();
}

import { loadEnvironment } from '@change-ledger/event-store';
import { NotifierEnvironment } from '@change-ledger/notifications';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** The projector's environment, validated once at start-up with one message per bad key. */
export class ProjectorEnvironment extends NotifierEnvironment {
  /** The policy whose `notifications` say who the notifier tells what. */
  @IsString()
  LEDGER_POLICY_FILE = 'config/policy.yaml';

  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// connection string (the read models live there)',
  })
  DATABASE_URL!: string;

  /** Its health routes (/health/live, /health/ready): the only HTTP it serves. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3001;
}

export function loadProjectorEnvironment(env: NodeJS.ProcessEnv): ProjectorEnvironment {
  return loadEnvironment(ProjectorEnvironment, env);
}

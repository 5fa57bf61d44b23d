import { EventStoreEnvironment, eventStoreEnvironmentProblems } from '@change-ledger/event-store';
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { Matches, validateSync } from 'class-validator';

/** The projector's environment, validated once at start-up with one message per bad key. */
export class ProjectorEnvironment extends EventStoreEnvironment {
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// connection string (the read models live there)',
  })
  DATABASE_URL!: string;
}

export function loadProjectorEnvironment(env: NodeJS.ProcessEnv): ProjectorEnvironment {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(ProjectorEnvironment, defined);
  const problems = validateSync(config).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  problems.push(...eventStoreEnvironmentProblems(config));
  if (problems.length > 0)
    throw new Error(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  return config;
}

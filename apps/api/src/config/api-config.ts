import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

/**
 * The environment the API reads, validated once at start-up with one message per bad key
 * (STYLE.md §11). Nothing else in the app reads process.env.
 */
export class ApiEnvironment {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** Unset: the embedded PostgreSQL under LEDGER_DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// connection string',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsIn(['postgres', 'eventstoredb'])
  EVENT_STORE: 'postgres' | 'eventstoredb' = 'postgres';

  @IsOptional()
  @Matches(/^(esdb|kurrentdb)(\+discover)?:\/\//, {
    message: 'EVENTSTORE_URL must be an esdb:// connection string',
  })
  EVENTSTORE_URL?: string;

  /** The role the PostgreSQL store writes as; `ledger_writer` by default (INSERT/SELECT only). */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'LEDGER_DB_ROLE must be a plain PostgreSQL role name' })
  LEDGER_DB_ROLE = 'ledger_writer';

  /** Where the embedded PostgreSQL keeps its data. */
  @IsOptional()
  @IsString()
  LEDGER_DATA_DIR = '.data';
}

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadApiEnvironment(env: NodeJS.ProcessEnv): ApiEnvironment {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(ApiEnvironment, defined, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const errors = validateSync(config, { whitelist: false });
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${error.property}: ${message} (got ${JSON.stringify(error.value)})`,
    ),
  );
  if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_URL) {
    problems.push('EVENTSTORE_URL: required when EVENT_STORE=eventstoredb');
  }
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  return config;
}

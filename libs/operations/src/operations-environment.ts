import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, validateSync } from 'class-validator';

/**
 * What every process reads for being operated — logging, metrics, readiness — validated once at
 * start-up beside the app's own configuration (which names what the app does, not how it is run).
 */
export class OperationsEnvironment {
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /**
   * Prometheus text at /metrics on this port, unauthenticated: an internal port that is never
   * published (docker-compose), so the app's own port keeps "everything but health needs a token".
   * 0 picks a free port (tests).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /** Readiness fails while a projection is further behind than this. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LEDGER_READY_MAX_LAG_SECONDS = 300;
}

export function loadOperationsEnvironment(
  env: NodeJS.ProcessEnv,
  defaults: { metricsPort: number },
): OperationsEnvironment & { METRICS_PORT: number } {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(OperationsEnvironment, defined);
  const problems = validateSync(config).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  if (problems.length > 0)
    throw new Error(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  return Object.assign(config, { METRICS_PORT: config.METRICS_PORT ?? defaults.metricsPort });
}

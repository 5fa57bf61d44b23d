import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { Public } from './public-route';
import { PROBE_TIMEOUT_MS, READINESS_CHECKS, type ReadinessCheck } from './readiness';

/**
 * Liveness and readiness for orchestrators, without authentication. Live: the process answers
 * (restart it when not). Ready: what it depends on answers (send it no work while not).
 */
@Public()
@Controller('health')
export class OperationsHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.checks.map((check) => () => this.run(check)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Said in the message too, which problem documents carry as their `detail`.
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.entries(result.error ?? {}).map(
        ([name, state]) => `${name} (${String((state as { reason?: unknown }).reason)})`,
      );
      throw new ServiceUnavailableException({
        ...result,
        message: `Not ready: ${down.join(', ')}`,
      });
    }
  }

  private async run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(check.name);
    try {
      const details = await withTimeout(check.probe(), PROBE_TIMEOUT_MS);
      return session.up(details ?? {});
    } catch (error) {
      return session.down({ reason: error instanceof Error ? error.message : String(error) });
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

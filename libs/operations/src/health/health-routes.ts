import { type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { OperationsHealthController } from './health.controller';
import { READINESS_CHECKS } from './readiness';

/**
 * What an app module adds for `/health/live` and `/health/ready` (@nestjs/terminus): the
 * controller, and its readiness checks made by a factory over the app's own providers (its
 * event store, its pools, its consumer), which is why these go into the app's module.
 */
export function healthRoutes(
  checks: Omit<FactoryProvider, 'provide'>,
): Required<Pick<ModuleMetadata, 'imports' | 'controllers' | 'providers'>> {
  return {
    // The response says what is down; terminus's own log line would repeat it at every probe.
    imports: [TerminusModule.forRoot({ logger: false })],
    controllers: [OperationsHealthController],
    providers: [{ provide: READINESS_CHECKS, ...checks }],
  };
}

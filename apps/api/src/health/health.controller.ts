import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { Public } from '../auth/public.decorator';

/** The one route without authentication: for load balancers and orchestrators. */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async check(): Promise<{ status: 'ok'; eventStore: 'up' }> {
    try {
      await this.store.readAll({ maxCount: 1 });
    } catch {
      throw new ServiceUnavailableException('The event store does not answer');
    }
    return { status: 'ok', eventStore: 'up' };
  }
}

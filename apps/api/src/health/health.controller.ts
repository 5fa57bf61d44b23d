import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';

/** The one route without authentication: for load balancers and orchestrators. */
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async check(): Promise<{ status: 'ok'; eventStore: 'up' }> {
    try {
      await this.store.readAll({ maxCount: 1 });
    } catch {
      throw new ServiceUnavailableException({ status: 'unavailable', eventStore: 'down' });
    }
    return { status: 'ok', eventStore: 'up' };
  }
}

import {
  CalendarFeedTokenHandlers,
  type Clock,
  CLOCK,
  ID_GENERATOR,
  type IdGenerator,
} from '@change-ledger/change-requests';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { Global, Module } from '@nestjs/common';
import { CalendarFeedTokensHttpController } from './calendar-feed-tokens.http.controller';
import { CalendarFeedHttpController } from './calendar-feed.http.controller';

/**
 * The calendar feed by URL and the feed tokens a person issues for it (ADR 0028). Global: the
 * guard checks a feed token with the same handlers.
 */
@Global()
@Module({
  controllers: [CalendarFeedTokensHttpController, CalendarFeedHttpController],
  providers: [
    {
      provide: CalendarFeedTokenHandlers,
      inject: [EVENT_STORE, CLOCK, ID_GENERATOR],
      useFactory: (store: EventStore, clock: Clock, newId: IdGenerator) =>
        new CalendarFeedTokenHandlers(store, clock, newId),
    },
  ],
  exports: [CalendarFeedTokenHandlers],
})
export class CalendarFeedApiModule {}

import {
  type Clock,
  CLOCK,
  ID_GENERATOR,
  type IdGenerator,
  PolicyInForce,
} from '@change-ledger/change-requests';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { LegalHoldHandlers, LegalHoldsRepository } from '@change-ledger/retention';
import { Module } from '@nestjs/common';
import { LegalHoldsController } from './legal-holds.controller';

/** Legal holds: placed, released and listed through their own stream (libs/retention). */
@Module({
  controllers: [LegalHoldsController],
  providers: [
    {
      provide: LegalHoldHandlers,
      inject: [EVENT_STORE, PolicyInForce, CLOCK, ID_GENERATOR],
      useFactory: (store: EventStore, policy: PolicyInForce, clock: Clock, newId: IdGenerator) =>
        new LegalHoldHandlers(
          new LegalHoldsRepository(store, newId),
          () => policy.policy,
          clock,
          newId,
        ),
    },
  ],
})
export class LegalHoldsApiModule {}

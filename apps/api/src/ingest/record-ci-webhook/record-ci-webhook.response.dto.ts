import { ApiProperty } from '@nestjs/swagger';

/** A webhook delivery that carries no CI fact the ledger records (an unfinished deployment, …). */
export class IgnoredWebhookAnswer {
  @ApiProperty({ enum: ['ignored'] })
  outcome!: 'ignored';
  /** Why it was not recorded. */
  reason!: string;
  /** Null: nothing was recorded. */
  receipt!: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}

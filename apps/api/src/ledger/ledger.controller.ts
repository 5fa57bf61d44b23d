import { invalidQuery, LedgerLogQueries } from '@change-ledger/integrity';
import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { type Response } from 'express';
import { ConsistencyProofAnswer, InclusionProofAnswer } from './ledger.response.dto';

export const LEDGER_LOG_QUERIES = Symbol('LEDGER_LOG_QUERIES');
/** The verifier key of the signer this process was configured with, if any. */
export const LEDGER_VERIFIER_KEY = Symbol('LEDGER_VERIFIER_KEY');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The transparency log, read-only (ADR 0006): signed checkpoints, the key that verifies them, and
 * RFC 9162 proofs any outside verifier can check. Every authenticated role may read.
 */
@Controller('api/v1/ledger')
export class LedgerController {
  constructor(
    @Inject(LEDGER_LOG_QUERIES) private readonly log: LedgerLogQueries,
    @Inject(LEDGER_VERIFIER_KEY) private readonly verifierKey: string | null,
  ) {}

  @Get('checkpoint')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  async checkpoint(@Res({ passthrough: true }) response: Response, @Query('size') size?: string) {
    const checkpoint = await this.log.checkpoint(
      size === undefined ? undefined : treeSize('size', size),
    );
    // The log's signed note with every stored witness cosignature of it as further signature
    // lines (ADR 0018). When it was signed is what a dashboard shows as its age.
    response.setHeader('Last-Modified', new Date(checkpoint.signedAt).toUTCString());
    return checkpoint.note;
  }

  @Get('verifier-key')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  async verifier() {
    // Without a configured signer (an API apart from the projector), the key the log signed with.
    return `${this.verifierKey ?? (await this.log.checkpoint()).verifierKey}\n`;
  }

  @Get('proofs/inclusion')
  inclusion(
    @Query('event_id') eventId?: string,
    @Query('tree_size') size?: string,
  ): Promise<InclusionProofAnswer> {
    if (eventId === undefined || !UUID.test(eventId))
      throw invalidQuery('event_id', 'must be the UUID of an event');
    return this.log.inclusion(eventId.toLowerCase(), treeSize('tree_size', size, 1));
  }

  @Get('proofs/consistency')
  consistency(
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<ConsistencyProofAnswer> {
    const first = treeSize('from', from, 1);
    const second = treeSize('to', to, 1);
    if (first > second) throw invalidQuery('from', 'must not be larger than to');
    return this.log.consistency(first, second);
  }
}

function treeSize(field: string, text: string | undefined, min = 0): number {
  if (text === undefined || !/^\d{1,15}$/.test(text) || Number(text) < min)
    throw invalidQuery(field, `must be a whole number of at least ${min}`);
  return Number(text);
}

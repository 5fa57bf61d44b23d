import { type ReceiptAnswer, WriteReceipts } from '@change-ledger/integrity';
import { requestIdOf } from '@change-ledger/operations';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { type Request } from 'express';
import { finalize, map, type Observable } from 'rxjs';

/** This process's WriteReceipts, shared with the ReceiptingEventStore that feeds it. */
export const WRITE_RECEIPTS = Symbol('WRITE_RECEIPTS');

/**
 * Every write's answer carries the log's signed receipt for the events it recorded
 * (docs/adr/0019-receipts.md), or says why there is none: `receipt` (the signed note's text) and,
 * when it is null, `receipt_unavailable`. One signature per request, whatever the number of events.
 * Inside IdempotencyInterceptor (IdempotentPost), so the answer a key keeps, and gives again to
 * a retry, is the one with the receipt.
 */
@Injectable()
export class ReceiptInterceptor implements NestInterceptor {
  constructor(
    @Inject(WRITE_RECEIPTS) private readonly receipts: WriteReceipts,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.method !== 'POST') return next.handle();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;
    // The id the request's events carry as `source.requestId` (assigned before any interceptor).
    const key = this.receipts.begin({ kind: 'api', requestId: requestIdOf(request) });
    return next.handle().pipe(
      map((body: unknown) => {
        const events = this.receipts.end(key);
        if (!isAnswerObject(body) || 'receipt' in body) return body;
        // A POST that wrote nothing and creates nothing (a 200 read-like answer) says nothing.
        if (events.length === 0 && status !== HttpStatus.CREATED && status !== HttpStatus.ACCEPTED)
          return body;
        return withReceipt(body, this.receipts.receiptFor(events));
      }),
      finalize(() => this.receipts.end(key)),
    );
  }
}

/** A JSON object answer; a stream, a buffer, an array or a class instance is left alone. */
function isAnswerObject(body: unknown): body is Record<string, unknown> {
  return (
    typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === Object.prototype
  );
}

export function withReceipt(body: Record<string, unknown>, answer: ReceiptAnswer) {
  return { ...body, ...answer };
}

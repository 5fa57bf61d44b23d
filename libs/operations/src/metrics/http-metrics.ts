import { type NextFunction, type Request, type Response } from 'express';
import { routeOf } from '../logging/logging.module';
import { type LedgerMetrics } from './ledger-metrics';

/**
 * Express middleware: one observation per request, by method, route pattern and status. An
 * unmatched path counts as `unmatched`, so that scanners cannot blow up the label set.
 */
export function httpMetrics(metrics: LedgerMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const end = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      end({
        method: request.method,
        route: routeOf(request) ?? 'unmatched',
        status: String(response.statusCode),
      });
    });
    next();
  };
}

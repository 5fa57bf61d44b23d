import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Logger } from 'pino';
import { errorFields } from '../logging/root-logger';
import { type LedgerMetrics } from './ledger-metrics';

/**
 * Serves `GET /metrics` (Prometheus text) on the metrics port, without authentication: the port
 * is internal and never published; the app's own port keeps every route but health behind a
 * token (ADR "operations").
 */
export async function serveMetrics(
  metrics: LedgerMetrics,
  port: number,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    metrics.text().then(
      (text) => {
        response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
      },
      (error: unknown) => {
        logger.error(errorFields(error), 'metrics could not be collected');
        response.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

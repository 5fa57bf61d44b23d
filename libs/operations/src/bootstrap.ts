import { type INestApplicationContext } from '@nestjs/common';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { type Logger } from 'pino';
import { durabilityWarnings, readDurabilityFacts } from './health/durability';
import { createRootLogger, errorFields } from './logging/root-logger';
import { LedgerMetrics } from './metrics/ledger-metrics';
import { serveMetrics } from './metrics/metrics-server';
import { loadOperationsEnvironment, type OperationsEnvironment } from './operations-environment';

/** What the composition root hands each app's start: made once per process. */
export interface ProcessContext {
  service: string;
  logger: Logger;
  metrics: LedgerMetrics;
  operations: OperationsEnvironment;
  /** Work to do after the app has closed (an embedded database to stop), last added first. */
  onShutdown(task: () => Promise<void>): void;
}

/**
 * The one composition root of every process (api, projector, ingestor): the operations
 * environment, the logger, the metrics and their port, the app, and a clean shutdown on SIGINT or
 * SIGTERM. `start` reads its own configuration and returns the started app. A failure to start is
 * logged as one line with its reason and exits 1.
 */
export function runProcess(options: {
  service: string;
  metricsPort: number;
  start: (context: ProcessContext) => Promise<INestApplicationContext>;
}): void {
  const boot = createRootLogger({ service: options.service });
  let logger = boot;
  const shutdownTasks: (() => Promise<void>)[] = [];
  const started = (async () => {
    const operations = loadOperationsEnvironment(process.env, {
      metricsPort: options.metricsPort,
    });
    logger = createRootLogger({ service: options.service, level: operations.LOG_LEVEL });
    process.on('unhandledRejection', (reason) => {
      logger.error(errorFields(reason), 'unhandled rejection');
    });
    const metrics = new LedgerMetrics({ service: options.service });
    const app = await options.start({
      service: options.service,
      logger,
      metrics,
      operations,
      onShutdown: (task) => shutdownTasks.unshift(task),
    });
    if (process.env.DATABASE_URL) void warnOfDurability(process.env.DATABASE_URL, logger);
    const server = await serveMetrics(metrics, operations.METRICS_PORT, logger);
    logger.info({ metricsPort: server.port }, `metrics on http://localhost:${server.port}/metrics`);
    shutdownTasks.push(() => server.close());
    return app;
  })();
  started.then(
    (app) => {
      let stopping = false;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          if (stopping) {
            logger.warn(`${signal} again: exiting without waiting`);
            process.exit(1);
          }
          stopping = true;
          logger.info(`${signal}: shutting down`);
          void shutDown(app, shutdownTasks, logger).then((code) => process.exit(code));
        });
      }
    },
    async (error: unknown) => {
      logger.fatal(errorFields(error), `could not start: ${describe(error)}`);
      await runAll(shutdownTasks, logger);
      process.exit(1);
    },
  );
}

/** Nest's own lines (module wiring, exceptions) through the process's pino logger. */
export function usePinoLogger(app: INestApplicationContext): void {
  app.useLogger(app.get(NestPinoLogger));
  app.flushLogs();
}

async function shutDown(
  app: INestApplicationContext,
  tasks: readonly (() => Promise<void>)[],
  logger: Logger,
): Promise<number> {
  let code = 0;
  try {
    await app.close();
  } catch (error) {
    logger.error(errorFields(error), 'the app did not close cleanly');
    code = 1;
  }
  if (!(await runAll(tasks, logger))) code = 1;
  logger.info('stopped');
  return code;
}

async function runAll(tasks: readonly (() => Promise<void>)[], logger: Logger): Promise<boolean> {
  let ok = true;
  for (const task of tasks) {
    try {
      await task();
    } catch (error) {
      logger.error(errorFields(error), 'a shutdown step failed');
      ok = false;
    }
  }
  return ok;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Where a failover could lose an acknowledged write, or the database refuses writes, the operator
 * hears it at start (issue 29). Never fatal: a database down at start is the loops' to wait for.
 */
async function warnOfDurability(databaseUrl: string, logger: Logger): Promise<void> {
  try {
    for (const warning of durabilityWarnings(await readDurabilityFacts(databaseUrl)))
      logger.warn(warning);
  } catch (error) {
    logger.debug(errorFields(error), 'durability check skipped: the database did not answer');
  }
}

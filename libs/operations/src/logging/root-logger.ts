import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Never logged, wherever they appear: credentials in headers and in anything an app logs about
 * its configuration or a request body. pino replaces them with "[redacted]".
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-gitlab-token"]',
  'res.headers["set-cookie"]',
  '*.token',
  '*.password',
  '*.secret',
  '*.connectionString',
  '*.databaseUrl',
];

/**
 * The process's one logger: JSON lines on stdout (what log shippers read), pretty only when a
 * person watches a terminal. `destination` is for tests that read the lines back.
 *
 * Lines are written asynchronously: a synchronous write per request line was a tenth of the
 * API's CPU under load (docs/adr/0016-api-throughput.md), and lines logged while a write is in
 * flight go out together. pino flushes what is buffered synchronously when the process exits,
 * on a crash too.
 */
export function createRootLogger(options: {
  service: string;
  level?: string;
  destination?: DestinationStream;
}): Logger {
  const pretty = !options.destination && process.stdout.isTTY === true;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
    },
    options.destination ??
      (pretty || options.level === 'silent'
        ? undefined
        : pino.destination({ dest: 1, sync: false })),
  );
}

/** An error as a log field: its message and code, the stack only at debug level. */
export function errorFields(error: unknown): { err: { message: string; code?: string } } {
  if (error instanceof Error)
    return {
      err: { message: error.message, code: (error as Error & { code?: string }).code },
    };
  return { err: { message: String(error) } };
}

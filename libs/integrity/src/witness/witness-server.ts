import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { TLOG_SIZE_CONTENT_TYPE } from './add-checkpoint';
import { type Witness } from './witness';

/** Far above any checkpoint with a 63-line proof and a handful of signatures. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The witness's HTTP face: `POST <prefix>/add-checkpoint` (c2sp.org/tlog-witness) and
 * `GET /health`. Node's own http server, not the ledger's Nest stack: a witness is meant to be
 * run by someone else (an auditor, a partner) as a small process with nothing of the ledger in it.
 */
export function witnessServer(witness: Witness): Server {
  const logger = new Logger('Witness');
  const server = createServer((request, response) => {
    handle(witness, logger, request, response).catch((error: unknown) => {
      logger.error(`add-checkpoint failed: ${error instanceof Error ? error.stack : error}`);
      if (!response.headersSent) reply(response, 500, 'internal error\n');
    });
  });
  // Keep-alive, as the spec recommends: the ledger submits every checkpoint on one connection.
  server.keepAliveTimeout = 60_000;
  return server;
}

async function handle(
  witness: Witness,
  logger: Logger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://witness');
  if (request.method === 'GET' && url.pathname === '/health') return reply(response, 200, 'ok\n');
  if (!url.pathname.endsWith('/add-checkpoint')) return reply(response, 404, 'not found\n');
  if (request.method !== 'POST') return reply(response, 405, 'POST only\n', { allow: 'POST' });
  const body = await readBody(request);
  if (body === undefined) return reply(response, 413, `at most ${MAX_BODY_BYTES} bytes\n`);
  const answer = await witness.addCheckpoint(body);
  switch (answer.status) {
    case 200:
      return reply(response, 200, answer.cosignatures);
    case 409:
      logger.warn(`refused (409): ${answer.reason}`);
      // The spec's body; the reason goes in a header for the operator of the log.
      return reply(response, 409, `${answer.size}\n`, {
        'content-type': TLOG_SIZE_CONTENT_TYPE,
        'witness-reason': asciiHeader(answer.reason),
      });
    default:
      if (answer.status === 422) logger.error(`refused (422): ${answer.reason}`);
      else logger.warn(`refused (${answer.status}): ${answer.reason}`);
      return reply(response, answer.status, `${answer.reason}\n`);
  }
}

function reply(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(body);
}

const asciiHeader = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(length > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

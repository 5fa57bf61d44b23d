// The baseline of `npm run bench:api`: a bare Node `http` server over plain `pg`, doing for each
// route the one statement the ledger's route boils down to, and nothing else (no framework, no
// authentication, no validation, no idempotency, no hash chain, no logging). Run by the benchmark
// as its own process, so that its peak RSS is its own:
//
//   DATABASE_URL=… PORT=0 POOL_SIZE=10 node bench/bare-pg-server.mjs   → prints {"port": …}
//
//   POST /change-requests               INSERT one event row (stream = a new id)   → 201 { id }
//   POST /change-requests/:id/approve   INSERT the next revision of that stream     → 200 { revision }
//   GET  /change-requests/:id           SELECT the stream's rows, in order          → 200 [rows] | 404
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
pool.on('error', () => undefined);

await pool.query(`
  CREATE TABLE IF NOT EXISTS bare_events (
    id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream_id text NOT NULL,
    revision bigint NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision))`);

const METADATA = JSON.stringify({ actor: { id: 'bench', kind: 'user' } });
let sequence = 0;

const send = (response, status, body) => {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
};

const readBody = (request) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });

async function handle(request, response) {
  const parts = new URL(request.url, 'http://bare').pathname.split('/').filter(Boolean);
  if (parts[0] !== 'change-requests') return send(response, 404, { error: 'not found' });
  if (request.method === 'POST' && parts.length === 1) {
    const body = await readBody(request);
    const id = `BARE-${process.pid}-${++sequence}`;
    const { rows } = await pool.query(
      `INSERT INTO bare_events (event_id, stream_id, revision, type, data, metadata)
       VALUES ($1, $2, 0, 'ChangeRequestSubmitted', $3, $4) RETURNING id`,
      [randomUUID(), id, JSON.stringify(body), METADATA],
    );
    return send(response, 201, { change_request_id: id, position: rows[0].id });
  }
  if (request.method === 'POST' && parts.length === 3 && parts[2] === 'approve') {
    const body = await readBody(request);
    const { rows } = await pool.query(
      `INSERT INTO bare_events (event_id, stream_id, revision, type, data, metadata)
       SELECT $1, $2, coalesce(max(revision), -1) + 1, 'ChangeApproved', $3, $4
         FROM bare_events WHERE stream_id = $2
       RETURNING revision`,
      [randomUUID(), parts[1], JSON.stringify(body), METADATA],
    );
    return send(response, 200, { change_request_id: parts[1], revision: rows[0].revision });
  }
  if (request.method === 'GET' && parts.length === 2) {
    const { rows } = await pool.query(
      `SELECT event_id, stream_id, revision, type, data, metadata, recorded_at
         FROM bare_events WHERE stream_id = $1 ORDER BY revision`,
      [parts[1]],
    );
    return rows.length === 0
      ? send(response, 404, { error: 'not found' })
      : send(response, 200, rows);
  }
  return send(response, 404, { error: 'not found' });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error) => send(response, 500, { error: String(error) }));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});

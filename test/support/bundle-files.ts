import { type Readable } from 'node:stream';
import { type Checkpointer, CHECKPOINTER } from '@change-ledger/integrity';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer } from './test-api';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';

/** Every file of a gzip'd tar (an evidence bundle), by path, as UTF-8 text, in the tar's order. */
export async function readBundleFiles(input: Readable): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tarExtract();
  const reading = pipeline(input, createGunzip(), extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
    files.set(entry.header.name, Buffer.concat(chunks).toString('utf8'));
  }
  await reading;
  return files;
}

/** A bundle file written again with `change` applied to each file's text (a tampered copy). */
export async function rewriteBundle(
  from: string,
  to: string,
  change: (name: string, body: string) => string,
): Promise<void> {
  const files = await readBundleFiles(createReadStream(from));
  const pack = tarPack();
  const writing = pipeline(pack, createGzip(), createWriteStream(to));
  for (const [name, body] of files) pack.entry({ name }, change(name, body));
  pack.finalize();
  await writing;
}

/** Waits for the log to sign a checkpoint of every event stored: what an export proves against. */
export async function signCheckpointOfEverything(app: NestExpressApplication): Promise<void> {
  const pool = app.get<{ query: (sql: string) => Promise<{ rows: Array<{ count: string }> }> }>(
    'LEDGER_LOG_POOL',
  );
  for (let i = 0; i < 200; i++) {
    const { rows } = await pool.query('SELECT count(*) AS count FROM ledger.events');
    const checkpoint = await app.get<Checkpointer>(CHECKPOINTER).checkpoint();
    if (checkpoint && checkpoint.size >= Number(rows[0]!.count)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the sequencer did not catch up');
}

/** The evidence bundle of a recorded sample, as an auditor downloads it (gzip'd tar). */
export async function exportedBundle(
  app: NestExpressApplication,
  sampleId: string,
): Promise<request.Response & { body: Buffer }> {
  return request(app.getHttpServer())
    .get(`/api/v1/audit/exports/${sampleId}`)
    .set(bearer('auditor'))
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
}

import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';

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

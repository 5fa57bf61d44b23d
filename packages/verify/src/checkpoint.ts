import { HASH_SIZE } from './merkle';
import { VerifyError } from './verify-error';

/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the note text a log signs for its tree head.
 *
 *   <origin>\n<tree size, decimal>\n<base64 root hash>\n[extension lines…]
 */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  extensions: string[];
  /**
   * When the log signed it, from the `time <unix seconds>` extension line (the database's clock at
   * signing); absent on checkpoints signed before the log stated its time. Witnesses assert
   * nothing about extension lines: this is the log's own claim, signed with its key.
   */
  time?: Date;
}

const TIME_LINE = /^time (0|[1-9][0-9]{0,11})$/;

export function parseCheckpoint(text: string): Checkpoint {
  const bad = (reason: string) =>
    new VerifyError('INTEGRITY.INVALID_CHECKPOINT', `Not a checkpoint: ${reason}`);
  if (!text.endsWith('\n')) throw bad('it does not end in a newline');
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (!origin) throw bad('no origin line');
  if (!size || !/^(0|[1-9][0-9]{0,15})$/.test(size)) throw bad('the size is not a decimal number');
  const hash = Buffer.from(root ?? '', 'base64');
  if (hash.length !== HASH_SIZE || hash.toString('base64') !== root)
    throw bad('the root is not a base64 SHA-256 hash');
  if (extensions.some((line) => line === '')) throw bad('an empty extension line');
  const times = extensions.filter((line) => line.startsWith('time '));
  if (times.length > 1) throw bad('more than one time line');
  const time = times[0]?.match(TIME_LINE);
  if (times[0] !== undefined && !time) throw bad('the time line is not `time <unix seconds>`');
  return {
    origin,
    size: Number(size),
    root: hash,
    extensions,
    ...(time ? { time: new Date(Number(time[1]) * 1000) } : {}),
  };
}

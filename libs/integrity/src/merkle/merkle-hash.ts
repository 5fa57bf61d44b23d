import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1.1 hashing (the same as RFC 6962 §2.1): a leaf is SHA-256(0x00 ‖ data), an interior
 * node SHA-256(0x01 ‖ left ‖ right). The prefixes keep a leaf from ever being passed off as a node.
 */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const HASH_SIZE = 32;

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest();

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The leaf data of a ledger event: its 32-byte chain hash, raw (the store keeps it as hex). */
export function eventLeafHash(eventHashHex: string): Buffer {
  return leafHash(Buffer.from(eventHashHex, 'hex'));
}

// libs/integrity: the ledger as a transparency log (DESIGN.md § Integrity, ADR 0006). RFC 9162
// Merkle hashing and proofs, C2SP signed notes and checkpoints, the sequencer that makes every
// event a leaf, the checkpointer that signs and publishes tree heads, and the verifier.
export * from './merkle/merkle-hash';
export * from './merkle/tree-math';
export * from './merkle/proofs';
export { CompactRange } from './merkle/compact-range';
export { memoryTree } from './merkle/memory-tree';
export * from './note/signed-note';
export * from './note/checkpoint';
export * from './integrity.errors';

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
export { migrateIntegrity } from './migrate-integrity';
export { LogStore, type LeafRow, type StoredCheckpoint } from './log/log-store';
export { LedgerLogQueries } from './log/log-queries';
export { Sequencer, type SequencerOptions } from './log/sequencer';
export { Checkpointer, type CheckpointerOptions } from './checkpoint/checkpointer';
export {
  CheckpointPublisher,
  directoryTarget,
  kafkaTarget,
  webhookTarget,
  type CheckpointTarget,
  type PublishedCheckpoint,
} from './checkpoint/publication';
export { loadSigningKey } from './note/signing-key-file';
export {
  assertSignedBy,
  openLogSigningKey,
  type LogSigningKey,
  type OpenLogSigningKeyOptions,
} from './log/log-signing-key';
export {
  IntegrityEnvironment,
  LOG_SIGNING_KEY_FILE_NAME,
  ledgerLogConfig,
  type LedgerLogConfig,
} from './integrity-environment';
export {
  CHECKPOINTER,
  LedgerLogModule,
  SEQUENCER,
  type LedgerLogModuleOptions,
} from './integrity.module';
export {
  verifyLedger,
  type FailureKind,
  type LedgerVerification,
  type TrustedCheckpoint,
  type VerificationFailure,
  type VerifyLedgerOptions,
} from './verify/verify-ledger';
export { verifyStreamInLog, type StreamInLogVerification } from './verify/verify-stream-in-log';
export {
  checkWitnessQuorum,
  type WitnessedTime,
  type WitnessQuorumOptions,
} from './verify/witness-quorum';
export { CosignatureStore, type StoredCosignature } from './log/cosignature-store';
export {
  parseWitnessKey,
  witnessTarget,
  type SubmissionOutcome,
  type WitnessConfig,
} from './checkpoint/witness-submission';
export * from './witness/cosignature';
export * from './witness/add-checkpoint';
export { WitnessState } from './witness/witness-state';
export {
  Witness,
  type AddCheckpointAnswer,
  type WitnessedLog,
  type WitnessOptions,
} from './witness/witness';
export { witnessServer } from './witness/witness-server';
export * from './receipt/receipt';
export * from './receipt/write-receipts';
export {
  verifyReceipts,
  type KeptReceipt,
  type ReceiptEventStatus,
  type ReceiptEventVerdict,
  type ReceiptsVerification,
  type VerifyReceiptsOptions,
} from './verify/verify-receipts';

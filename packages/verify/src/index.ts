// @change-ledger/verify: what an auditor installs alone to check what a Change Ledger signed —
// evidence bundles, checkpoints and witnesses' cosignatures, RFC 9162 proofs, receipts — with
// Node and a tar reader (tar-stream), nothing else. The ledger's own `verify-bundle` is this
// package with the ledger's fold of derived files plugged in (docs/adr/0026-standalone-verifier.md).
export * from './merkle';
export * from './signed-note';
export * from './checkpoint';
export * from './cosignature';
export * from './receipt';
export * from './event-chain';
export * from './bundle-format';
export * from './verify-error';
export {
  bundleSummaryLine,
  type BundleFailure,
  type BundleVerification,
  type DeriveFiles,
  verifyBundle,
  type VerifyBundleOptions,
} from './verify-bundle';
export {
  judgeReceipts,
  type KeptReceipt,
  type ReceiptStatus,
  type ReceiptVerdict,
} from './receipts-in-bundle';
export * from './checks';
export { main, USAGE } from './cli';

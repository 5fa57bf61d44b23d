// The one way a route goes without authentication (health): shared with every process's health
// routes, which live in libs/operations.
export { IS_PUBLIC, Public } from '@change-ledger/operations';
import { SetMetadata } from '@nestjs/common';

export const PRESERVES_EVIDENCE = 'change-ledger:preserves-evidence';

/**
 * A write a read-only principal (an auditor) may still make because it only keeps evidence from
 * being removed: placing a legal hold. Used by that route alone.
 */
export const PreservesEvidence = () => SetMetadata(PRESERVES_EVIDENCE, true);

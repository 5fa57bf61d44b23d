import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'change-ledger:public';

/** The only way a route goes without authentication. Used by /health alone. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const PRESERVES_EVIDENCE = 'change-ledger:preserves-evidence';

/**
 * A write a read-only principal (an auditor) may still make because it only keeps evidence from
 * being removed: placing a legal hold. Used by that route alone.
 */
export const PreservesEvidence = () => SetMetadata(PRESERVES_EVIDENCE, true);

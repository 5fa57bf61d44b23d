import { type Readable } from 'node:stream';
import { type Policy } from '@change-ledger/domain';
import { parsePosition, type RecordedEvent } from '@change-ledger/event-store';
import {
  type BundleEvent,
  type BundleVerification,
  type DeriveFiles,
  verifyBundle as verifyBundleAlone,
  type VerifyBundleOptions,
} from '@change-ledger/verify';
import { changeEvidenceFiles } from './change-evidence';
import { policiesFromEvents } from './policy-versions';

/**
 * The ledger's own fold of a bundle's stream folders, as the standalone verifier
 * (packages/verify) takes it: the policy versions the bundle carries first, then each change
 * request's derived files from its events and leaves — the very function the export wrote them
 * with, so "the history is what the events fold to" is checked, not trusted. Stateful: one per
 * bundle, its folders in the bundle's order.
 */
export function ledgerFold(): DeriveFiles {
  let policies = new Map<string, Policy>();
  return (folder, events, leafIndexes) => {
    if (folder === 'policy') policies = policiesFromEvents(events.map(recordedEvent));
    if (!folder.startsWith('changes/')) return new Map();
    return changeEvidenceFiles(
      folder.slice('changes/'.length),
      events.map(recordedEvent),
      leafIndexes,
      (version) => policies.get(version),
    );
  };
}

/**
 * `ledger verify-bundle`: the verifier an auditor installs alone, with the ledger's fold plugged
 * in. Every check but the fold is the package's (ADR 0026).
 */
export function verifyBundle(
  input: Readable,
  options: Omit<VerifyBundleOptions, 'derive'> = {},
): Promise<BundleVerification> {
  return verifyBundleAlone(input, { ...options, derive: ledgerFold() });
}

/**
 * A line the package read and chained, as the ledger's fold takes events: exactly as stored (its
 * hash covers every byte of it), the position parsed.
 */
function recordedEvent({ position, ...line }: BundleEvent): RecordedEvent {
  const stored: Record<string, unknown> = line;
  return { ...(stored as Omit<RecordedEvent, 'position'>), position: parsePosition(position) };
}

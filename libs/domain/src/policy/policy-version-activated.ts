/**
 * The system event of the policy versions stream: written once per version that comes into
 * force (libs/change-requests' PolicyInForce, at start-up), read back by it to know which version
 * is recorded last, and by an auditor to read which rules a past decision (which records the
 * version) was made under. One declaration for writer and readers.
 */

export interface PolicyVersionActivated {
  /** The policy's version as decisions record it (`policyVersion`). */
  version: string;
  /** SHA-256 of the policy file's text, as loaded. */
  sha256: string;
  /** Where it was loaded from (a path). */
  source: string;
  /** The whole policy document as parsed, so the rules can be read without the file. */
  document: unknown;
}

export type PolicyVersionStreamEvent = {
  type: 'PolicyVersionActivated';
  data: PolicyVersionActivated;
};

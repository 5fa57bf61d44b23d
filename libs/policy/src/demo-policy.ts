import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { type LoadedPolicy, parsePolicy } from './policy-file';

/**
 * What the demo policy changes in the seed policy, and why: `npm start` on a laptop (the embedded
 * default) must let a person walk a change to `completed` and see a deploy gate allow within the
 * first hour. Nothing else differs, and the version says "demo", so every event recorded under it
 * names the policy it was decided by.
 */
export const DEMO_POLICY_CHANGES = [
  {
    path: ['change_management', 'verification', 'minimum_monitoring'],
    value: '1m',
    why: 'a verification can be recorded a minute after implementation, not 30',
  },
  {
    path: ['change_management', 'deploy_gates', 'code_review', 'senior_reviewers'],
    value: ['erin'],
    why: "the local engineering manager's identity counts as a senior reviewer, so the code-review gate can pass",
  },
] as const;

/** The seed policy's text with the demo's changes, comments kept; loaded like any policy file. */
export function demoPolicyText(seedText: string): string {
  const document = parseDocument(seedText);
  const version = document.getIn(['change_management', 'version']);
  document.setIn(['change_management', 'version'], `${String(version ?? 'policy')}-demo`);
  for (const change of DEMO_POLICY_CHANGES) {
    document.setIn(change.path, document.createNode(change.value));
  }
  return document.toString();
}

export async function loadDemoPolicy(seedFile: string): Promise<LoadedPolicy> {
  const text = demoPolicyText(await readFile(seedFile, 'utf8'));
  return parsePolicy(text, `${seedFile} with the demo's changes`);
}

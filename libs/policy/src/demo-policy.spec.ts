import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { demoPolicyText } from './demo-policy';
import { parsePolicy } from './policy-file';

const seedText = readFileSync(path.join(__dirname, '../../../config/policy.yaml'), 'utf8');

describe('the demo policy of the embedded default', () => {
  const seed = parsePolicy(seedText, 'seed');
  const demo = parsePolicy(demoPolicyText(seedText), 'demo');

  it('monitors a minute, names a senior reviewer, and says it is the demo in its version', () => {
    expect(seed.policy.verification.minimumMonitoringMinutes).toBe(30);
    expect(demo.policy.verification.minimumMonitoringMinutes).toBe(1);
    expect(demo.policy.deployGates.codeReview.seniorReviewers).toEqual(['erin']);
    expect(demo.policy.version).toMatch(/^seed-2026-11-demo@[0-9a-f]{12}$/);
  });

  it('differs from the seed in nothing else', () => {
    interface Document {
      change_management: {
        version?: string;
        verification: { minimum_monitoring?: string };
        deploy_gates: { code_review: { senior_reviewers?: string[] } };
      };
    }
    const seedDocument = parse(seedText) as Document;
    const demoDocument = parse(demoPolicyText(seedText)) as Document;
    const withoutChanges = (document: Document) => {
      const copy = structuredClone(document.change_management);
      delete copy.version;
      delete copy.verification.minimum_monitoring;
      delete copy.deploy_gates.code_review.senior_reviewers;
      return copy;
    };
    expect(withoutChanges(demoDocument)).toEqual(withoutChanges(seedDocument));
  });

  it("keeps the seed's comments, so the file it prints reads like the seed", () => {
    expect(demoPolicyText(seedText)).toContain('# Gates before production (003 §3)');
  });
});

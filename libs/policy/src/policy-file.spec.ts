import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requiredApprovals } from '@change-ledger/domain';
import { InvalidPolicyError, parsePolicy } from './policy-file';

const fixture = (name: string) => readFileSync(path.join(__dirname, name), 'utf8');
const seedPolicy = readFileSync(path.resolve(__dirname, '../../../config/policy.yaml'), 'utf8');

function problems(text: string): string[] {
  try {
    parsePolicy(text, 'test.yaml');
  } catch (error) {
    if (error instanceof InvalidPolicyError) return error.problems;
    throw error;
  }
  throw new Error('the policy loaded');
}

describe('the policy file', () => {
  describe("when it is 004's config.yaml as it stands", () => {
    const { policy } = parsePolicy(fixture('004-config.fixture.yaml'), '004 config.yaml');

    it('loads its change types, approval levels and timeouts', () => {
      expect(policy.changeTypes).toEqual([
        'security',
        'feature',
        'bugfix',
        'infrastructure',
        'configuration',
      ]);
      expect(policy.approvalWorkflow.high).toEqual({
        approvers: ['security-team', 'engineering-manager', 'change-manager'],
        approvalTimeoutMinutes: 1440,
      });
      expect(policy.approvalWorkflow.low.approvalTimeoutMinutes).toBe(7 * 24 * 60);
      expect(policy.testing).toEqual({
        requiredFor: ['security', 'infrastructure'],
        testEnvironments: ['staging', 'production-like'],
        coverageRequired: 80,
      });
    });

    it('takes the defaults of the other seeds for what 004 does not say', () => {
      expect(policy.emergency).toEqual({
        documentationWithinHours: 24,
        postHocReviewWithinBusinessDays: 5,
      });
      expect(policy.verification.minimumMonitoringMinutes).toBe(30);
      expect(policy.retention).toEqual({
        periodMonths: { change_request: 36, ci_event: 36, unlinked_deployment: 36 },
        legalHold: {
          placers: ['security-officer', 'head-of-engineering', 'auditor'],
          releasers: ['security-officer', 'head-of-engineering'],
        },
      });
      expect(policy.exceptions.approvers).toEqual(['head-of-engineering', 'security-officer']);
      expect(policy.categoryApprovers.major).toEqual(['engineering-manager', 'ciso']);
    });

    it('names who takes each step after approval, by the defaults of 001/002/003', () => {
      const { implementers, requesterMayImplementStandard, reviewers } = policy.roles;
      expect(implementers).toEqual(['engineer', 'platform-team']);
      expect(requesterMayImplementStandard).toBe(true);
      expect(reviewers.post_hoc).toContain('ciso');
      expect(Object.keys(reviewers).sort()).toEqual([
        'post_hoc',
        'post_implementation',
        'post_incident',
      ]);
    });

    it('is versioned by the hash of its text', () => {
      expect(policy.version).toMatch(/^policy@[0-9a-f]{12}$/);
      expect(
        parsePolicy(fixture('004-config.fixture.yaml') + '\n# edited\n', 'x').policy.version,
      ).not.toBe(policy.version);
    });
  });

  describe('when it is the seed policy', () => {
    const { policy } = parsePolicy(seedPolicy, 'config/policy.yaml');

    it('maps security_enhancement to security and lists the standard-change catalogue', () => {
      expect(policy.changeTypeAliases).toEqual({ security_enhancement: 'security' });
      expect(policy.standardChangeCatalogue.map((entry) => entry.id)).toEqual([
        'dependency-update',
        'certificate-renewal',
        'config-value-change',
      ]);
      expect(policy.version).toMatch(/^seed-2026-11@/);
    });

    it('asks a normal high-priority change for four distinct roles', () => {
      expect(requiredApprovals(policy, 'normal', 'high').map((required) => required.role)).toEqual([
        'security-team',
        'engineering-manager',
        'change-manager',
        'qa',
      ]);
    });
  });

  describe('when it sets deploy gates', () => {
    const withGates = (gates: string) =>
      seedPolicy.replace(/ {2}deploy_gates:\n(?: {4}.*\n)+/, `  deploy_gates:\n${gates}`);

    it('reads reviewers and UTC windows', () => {
      const { policy } = parsePolicy(
        withGates(
          '    code_review:\n      senior_reviewers: ["sara"]\n    deployment_windows:\n      - days: ["mon", "fri"]\n        start: "06:30"\n        end: "16:00"\n',
        ),
        'gates.yaml',
      );
      expect(policy.deployGates).toEqual({
        codeReview: { minimumReviewers: 2, seniorReviewers: ['sara'] },
        deploymentWindows: [{ days: ['mon', 'fri'], startMinute: 390, endMinute: 960 }],
      });
    });

    it('names a bad day and a window that ends before it starts', () => {
      expect(
        problems(
          withGates(
            '    deployment_windows:\n      - days: ["monday"]\n        start: "06:00"\n        end: "16:00"\n',
          ),
        ),
      ).toEqual([
        expect.stringMatching(
          /^change_management\.deploy_gates\.deployment_windows\[0\]\.days: each day must be one of mon, tue/,
        ),
      ]);
      expect(
        problems(
          withGates(
            '    deployment_windows:\n      - days: ["sat"]\n        start: "22:00"\n        end: "02:00"\n',
          ),
        ),
      ).toEqual([
        expect.stringMatching(/deployment_windows\[0\]: start 22:00 must be before end 02:00/),
      ]);
    });
  });

  describe('when it names services for people’s steps and maps CI sources to systems', () => {
    const withServices = (services: string) =>
      seedPolicy.replace(/\n {2}services: \[\]\n/, `\n  services:\n${services}`);
    const withSourceSystems = (entries: string) =>
      seedPolicy.replace(/\n {4}source_systems: \[\]\n/, `\n    source_systems:\n${entries}`);

    it('names none by default, and reads each entry', () => {
      expect(parsePolicy(seedPolicy, 'seed.yaml').policy.services).toEqual([]);
      const { policy } = parsePolicy(
        withServices(
          '    - principal: standard-change-bot\n      steps: [create, submit]\n      categories: [standard]\n',
        ),
        'services.yaml',
      );
      expect(policy.services).toEqual([
        { principal: 'standard-change-bot', steps: ['create', 'submit'], categories: ['standard'] },
      ]);
      expect(
        parsePolicy(
          withSourceSystems(
            '      - sources: ["github.com/acme/deployer/*"]\n        systems: ["*"]\n',
          ),
          'sources.yaml',
        ).policy.ciIngestion.sourceSystems,
      ).toEqual([{ sources: ['github.com/acme/deployer/*'], systems: ['*'] }]);
    });

    it('refuses a judgement, an unknown step, a service named twice and an emergency step outside its categories', () => {
      expect(
        problems(
          withServices(
            [
              '    - principal: bot',
              '      steps: [create, approve, deploy]',
              '    - principal: bot',
              '      steps: [create_emergency]',
              '      categories: [standard]',
              '',
            ].join('\n'),
          ),
        ),
      ).toEqual([
        "change_management.services[0].steps[1]: approve is a person's judgement; no service is named for it",
        expect.stringMatching(
          /^change_management\.services\[0\]\.steps\[2\]: "deploy" must be one of create, /,
        ),
        'change_management.services[1].principal: "bot" is already named in services[0]; one entry per service',
        'change_management.services[1].categories: create_emergency makes emergency changes, which categories leaves out',
      ]);
    });

    it('refuses a source that is no normal source, wherever the policy lists one', () => {
      expect(
        problems(
          withSourceSystems(
            '      - sources: ["github.com/acme/../*"]\n        systems: ["payments"]\n',
          ).replace('people_may_report: []', 'people_may_report: ["manual//*"]'),
        ),
      ).toEqual([
        expect.stringMatching(
          /^change_management\.ci_ingestion\.people_may_report\[0\]: "manual\/\/\*" is no CI source/,
        ),
        expect.stringMatching(
          /^change_management\.ci_ingestion\.source_systems\[0\]\.sources\[0\]: .*\.\. segment/,
        ),
      ]);
    });
  });

  describe('when it sets retention', () => {
    const withRetention = (retention: string) =>
      seedPolicy.replace(/ {2}retention:\n(?: {4}.*\n)+/, `  retention:\n${retention}`);

    it('reads a period per kind of record, the rest from years, and the hold roles', () => {
      const { policy } = parsePolicy(
        withRetention(
          '    years: 5\n    ci_events: "18 months"\n    legal_hold:\n      placed_by: ["dpo"]\n      released_by: ["dpo"]\n',
        ),
        'retention.yaml',
      );
      expect(policy.retention).toEqual({
        periodMonths: { change_request: 60, ci_event: 18, unlinked_deployment: 60 },
        legalHold: { placers: ['dpo'], releasers: ['dpo'] },
      });
    });

    it('refuses a policy of 6 months: below the 12-month floor of 002 §3.5', () => {
      expect(problems(withRetention('    change_requests: "6 months"\n'))).toEqual([
        'change_management.retention.change_requests: 6 months for change_request records is below the 12-month floor (002 §3.5)',
      ]);
      expect(problems(withRetention('    years: 0\n'))).toEqual([
        expect.stringMatching(/^change_management\.retention\.years: /),
      ]);
    });

    it('accepts exactly the floor, and refuses a period it cannot read', () => {
      expect(
        parsePolicy(withRetention('    years: 1\n'), 'floor.yaml').policy.retention.periodMonths,
      ).toEqual({ change_request: 12, ci_event: 12, unlinked_deployment: 12 });
      expect(problems(withRetention('    ci_events: "3y"\n'))).toEqual([
        expect.stringMatching(/^change_management\.retention\.ci_events: must be a period like/),
      ]);
    });
  });

  describe('when it has a change calendar', () => {
    const { policy } = parsePolicy(fixture('calendar.fixture.yaml'), 'calendar.yaml');

    it('reads weekly slots in their time zone and blackout dates as instants of that zone', () => {
      expect(policy.calendar.maintenanceWindows).toEqual([
        {
          name: 'night window',
          days: ['tue', 'thu'],
          start: '02:00',
          end: '04:00',
          timeZone: 'Europe/Berlin',
        },
      ]);
      expect(policy.calendar.blackouts).toEqual([
        {
          name: 'year-end freeze',
          start: '2026-12-18T23:00:00.000Z',
          end: '2027-01-03T23:00:00.000Z',
          reason: 'year-end trading',
          allowEmergency: true,
          overrideRoles: ['ciso'],
        },
      ]);
      expect(policy.calendar.noticeMinutes).toBe(24 * 60);
      expect(policy.calendar.placement.maintenance_window).toEqual({
        categories: ['normal', 'major'],
        riskLevels: ['high'],
        priorities: [],
      });
    });

    it("gives 004's config.yaml, which has none, the 24-hour notice of 003 §2 and nothing else", () => {
      const { calendar } = parsePolicy(fixture('004-config.fixture.yaml'), '004').policy;
      expect(calendar).toMatchObject({
        noticeMinutes: 1440,
        maintenanceWindows: [],
        businessHours: [],
        blackouts: [],
      });
    });

    it('names an unknown time zone, a bad date and a placement with no slots', () => {
      const broken = fixture('calendar.fixture.yaml')
        .replace('time_zone: "Europe/Berlin"', 'time_zone: "Europe/Atlantis"')
        .replace('start: "2026-12-19"', 'start: "the 19th"')
        .replace(/ {4}business_hours:\n(?: {6}.*\n)+/, '    business_hours: []\n');
      expect(problems(broken)).toEqual([
        'change_management.calendar.time_zone: "Europe/Atlantis" is not an IANA time zone (e.g. "Europe/Berlin")',
        'change_management.calendar.placement.business_hours: changes are placed in business hours, but change_management.calendar.business_hours lists none',
      ]);
      expect(
        problems(
          fixture('calendar.fixture.yaml').replace('start: "2026-12-19"', 'start: "the 19th"'),
        ),
      ).toEqual([
        'change_management.calendar.blackouts[0].start: must be a date or date-time like "2026-12-20" (got "the 19th")',
      ]);
    });
  });

  describe('when it is wrong', () => {
    it('names every bad key with its path and the reason', () => {
      const broken = seedPolicy
        .replace('approval_timeout: "24h"', 'approval_timeout: "soon"')
        .replace('test_coverage_required: 80', 'test_coverage_required: 180')
        .replace('security_enhancement: security', 'security_enhancement: hardening');
      const reported = problems(broken);
      expect(reported).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^change_management\.approval_workflow\.high\.approval_timeout: must be a duration/,
          ),
          expect.stringMatching(/^change_management\.testing\.test_coverage_required: /),
        ]),
      );
    });

    it('checks that aliases and templates name real change types', () => {
      expect(
        problems(
          seedPolicy.replace('security_enhancement: security', 'security_enhancement: hardening'),
        ),
      ).toEqual([
        'change_management.change_type_aliases.security_enhancement: "hardening" is not one of change_types',
      ]);
    });

    it('refuses a file that is not YAML, or has no change_management section', () => {
      expect(problems('change_management: [unclosed')[0]).toMatch(/^not valid YAML/);
      expect(problems('other: 1')).toEqual([
        'change_management: the policy document starts with a change_management section',
      ]);
    });

    it('refuses a missing approval level', () => {
      expect(problems(seedPolicy.replace(/ {4}low:\n(.*\n){4}/, ''))).toEqual([
        expect.stringMatching(/^change_management\.approval_workflow\.low: /),
      ]);
    });
  });
});

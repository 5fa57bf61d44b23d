import { InvalidConfigurationError, loadApiEnvironment } from './api-config';

describe('API configuration', () => {
  it('takes defaults for what is not set', () => {
    expect(loadApiEnvironment({})).toMatchObject({
      PORT: 3000,
      EVENT_STORE: 'postgres',
      LEDGER_DB_ROLE: 'ledger_writer',
    });
  });

  it('reads what is set', () => {
    const config = loadApiEnvironment({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/ledger',
    });
    expect(config).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u@db:5432/ledger' });
  });

  it('takes a replica for the read routes, as a postgres:// URL', () => {
    expect(
      loadApiEnvironment({ DATABASE_READ_URL: 'postgres://u@replica:5432/ledger' })
        .DATABASE_READ_URL,
    ).toBe('postgres://u@replica:5432/ledger');
    expect(() => loadApiEnvironment({ DATABASE_READ_URL: 'mysql://replica' })).toThrow(
      /DATABASE_READ_URL/,
    );
  });

  it('runs the projector in process unless told false', () => {
    expect(loadApiEnvironment({}).LEDGER_RUN_PROJECTOR).toBe(true);
    expect(loadApiEnvironment({ LEDGER_RUN_PROJECTOR: 'false' }).LEDGER_RUN_PROJECTOR).toBe(false);
    expect(loadApiEnvironment({ LEDGER_RUN_PROJECTOR: 'true' }).LEDGER_RUN_PROJECTOR).toBe(true);
    expect(() => loadApiEnvironment({ LEDGER_RUN_PROJECTOR: 'maybe' })).toThrow(
      /LEDGER_RUN_PROJECTOR/,
    );
  });

  it('refuses a receipt promise shorter than three checkpoint intervals', () => {
    expect(loadApiEnvironment({}).LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS).toBe(300);
    expect(() =>
      loadApiEnvironment({
        LEDGER_CHECKPOINT_INTERVAL_MS: '60000',
        LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS: '120',
      }),
    ).toThrow(/LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS: .*at least 3 checkpoint intervals/);
    expect(
      loadApiEnvironment({
        LEDGER_CHECKPOINT_INTERVAL_MS: '60000',
        LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS: '180',
      }).LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS,
    ).toBe(180);
  });

  it('shows the value as it was set, never a secret', () => {
    const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadApiEnvironment(env);
      } catch (error) {
        return (error as InvalidConfigurationError).problems;
      }
      return [];
    };
    // What was typed, not what the number conversion made of it ("got null").
    expect(problemsOf({ PORT: 'abc' })).toEqual([expect.stringMatching(/^PORT: .*\(got "abc"\)$/)]);
    const secret = problemsOf({ LEDGER_GITHUB_WEBHOOK_SECRET: 'ghsecret' });
    expect(secret).toEqual([
      expect.stringMatching(/^LEDGER_GITHUB_WEBHOOK_SECRET: .*\(got 8 characters, not shown\)$/),
    ]);
    expect(secret.join()).not.toContain('ghsecret');
    const slack = problemsOf({ LEDGER_NOTIFY_SLACK_WEBHOOKS: 'https://hooks.slack.com/T0/B0/xyz' });
    expect(slack.join()).not.toContain('hooks.slack.com');
    const token = problemsOf({ LEDGER_GITLAB_WEBHOOK_TOKEN: 'gltoken' });
    expect(token.join()).not.toContain('gltoken');
    // A connection string's password is not shown either.
    const url = problemsOf({ DATABASE_URL: 'mysql://admin:hunter22@db/ledger' });
    expect(url).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
    expect(url.join()).not.toContain('hunter22');
  });

  it('names every bad key with the reason, at once', () => {
    let problems: string[] = [];
    try {
      loadApiEnvironment({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        EVENT_STORE: 'eventstoredb',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigurationError);
      problems = (error as InvalidConfigurationError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: .*integer/),
        expect.stringMatching(/^DATABASE_URL: .*postgres:\/\//),
        'EVENTSTORE_URL: required when EVENT_STORE=eventstoredb',
      ]),
    );
  });

  describe('LEDGER_OIDC_ROLE_MAP', () => {
    const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadApiEnvironment(env);
        return [];
      } catch (error) {
        return (error as InvalidConfigurationError).problems;
      }
    };
    const oidc = {
      LEDGER_OIDC_ISSUER: 'https://idp.example.com/',
      LEDGER_OIDC_AUDIENCE: 'change-ledger',
      LEDGER_OIDC_JWKS_URL: 'https://idp.example.com/jwks',
    };

    it('reads the map of IdP names to policy roles', () => {
      const config = loadApiEnvironment({
        ...oidc,
        LEDGER_OIDC_ROLE_MAP: '{"ledger-approvers": ["change-manager"], "auditors": "auditor"}',
      });
      expect(config.oidcRoleMap()).toEqual(
        new Map([
          ['ledger-approvers', ['change-manager']],
          ['auditors', ['auditor']],
        ]),
      );
      expect(loadApiEnvironment(oidc).oidcRoleMap()).toBeUndefined();
    });

    it.each([
      [
        'a map of another shape',
        { ...oidc, LEDGER_OIDC_ROLE_MAP: '{"g": 7}' },
        /maps "g" to a number/,
      ],
      ['a map without OIDC', { LEDGER_OIDC_ROLE_MAP: '{"g": "qa"}' }, /LEDGER_OIDC_ISSUER/],
      [
        'a page client without OIDC',
        { LEDGER_OIDC_WEB_CLIENT_ID: 'web' },
        /^LEDGER_OIDC_WEB_CLIENT_ID: .*LEDGER_OIDC_ISSUER/,
      ],
    ])('refuses %s at start-up', (_, env, reason) => {
      expect(problemsOf(env)).toEqual([expect.stringMatching(reason)]);
    });
  });
});

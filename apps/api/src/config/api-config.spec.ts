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
});

import { loadEnvironment } from '@change-ledger/event-store';
import { IngestorEnvironment } from './ingestor-config';

const env = (sources: string) => ({
  DATABASE_URL: 'postgres://localhost/ledger',
  KAFKA_BROKERS: 'localhost:9092',
  KAFKA_CI_SOURCES: sources,
});

describe('the ingestor’s configuration', () => {
  it('takes the sources the topic may carry, exact or as prefixes', () => {
    expect(
      loadEnvironment(IngestorEnvironment, env('github.com/acme/*,https://ci.example/job'))
        .KAFKA_CI_SOURCES,
    ).toBe('github.com/acme/*,https://ci.example/job');
  });

  it.each(['github.com/acme/../*', 'github.com//*', 'github.com/*/payments'])(
    'refuses %s, a binding that is no source or prefix (ADR 0024)',
    (sources) => {
      expect(() => loadEnvironment(IngestorEnvironment, env(sources))).toThrow(
        /KAFKA_CI_SOURCES: KAFKA_CI_SOURCES holds a source that is no normal source/,
      );
    },
  );
});

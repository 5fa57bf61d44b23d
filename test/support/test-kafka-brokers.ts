/** The test broker(s) the global setup started, for test files (which run in other processes). */
export function testKafkaBrokers(): string[] {
  const brokers = process.env.CHANGE_LEDGER_TEST_KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'No test Kafka: run integration tests through jest (npm test / npm run test:int), whose global setup starts one, or set KAFKA_BROKERS.',
    );
  }
  return brokers.split(',');
}

import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers } from '../support/test-kafka-brokers';

/**
 * The test services' Kafka is a real broker: what a producer sends, a consumer group reads back
 * with its key, headers and offset. The ingestion tests (issue 5) build on this.
 */
describe('the test Kafka broker', () => {
  const kafka = new Kafka({
    clientId: 'broker-check',
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });

  it('is a single KRaft node that creates topics and delivers records to a consumer group', async () => {
    const topic = `check-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        {
          key: 'CHG-2026-001',
          value: JSON.stringify({ type: 'service.deployed' }),
          headers: { ce_id: 'delivery-1' },
        },
      ],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `group-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{
      key: string;
      value: string;
      header: string;
      offset: string;
    }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve({
            key: message.key!.toString(),
            value: message.value!.toString(),
            header: message.headers!.ce_id!.toString(),
            offset: message.offset,
          }),
      });
    });
    await consumer.disconnect();

    expect(received).toEqual({
      key: 'CHG-2026-001',
      value: '{"type":"service.deployed"}',
      header: 'delivery-1',
      offset: '0',
    });
  }, 60_000);
});

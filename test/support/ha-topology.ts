/**
 * The high-availability topology `npm run test:ha` runs, in one place: the Patroni cluster's
 * settings and HAProxy's checks (test/support/test-patroni.ts), and the Kafka nodes' settings
 * (test/support/test-kafka-cluster.ts). docker-compose.yml's `ha` profile runs the same, and
 * test/compose/docker-compose.spec.ts holds it to these values, so what the tests measured is
 * what the profile starts.
 */

/**
 * Patroni's cluster-wide settings (`bootstrap.dcs`). Synchronous replication: a commit is
 * acknowledged once one standby has it, and Patroni promotes only that standby (ADR 0029).
 * A lost leader is replaced within ~ttl seconds: short, so writes resume ~11 s after the
 * leader's node is lost (the figure the test measures).
 */
export const PATRONI_DCS = {
  ttl: 10,
  loop_wait: 1,
  retry_timeout: 5,
  maximum_lag_on_failover: 0,
  synchronous_mode: true,
  postgresql: {
    use_pg_rewind: true,
    parameters: {
      max_connections: 200,
      wal_level: 'replica',
      hot_standby: 'on',
      wal_log_hints: 'on',
      max_wal_senders: 10,
      max_replication_slots: 10,
    },
  },
} as const;

/**
 * HAProxy's routing by Patroni's REST health checks: the writers' port to the node answering
 * `GET /primary` with 200, the readers' port to those answering `GET /replica`. Checked every
 * 500 ms, down after two failures; `on-marked-down shutdown-sessions` cuts a demoted primary's
 * sessions, so no client keeps writing to a node that no longer leads.
 */
export const HAPROXY_CHECKS = {
  primary: '/primary',
  replicas: '/replica',
  serverDefaults: 'inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions',
} as const;

/**
 * Each Kafka node's settings beyond its id and listeners (three KRaft nodes, each broker and
 * controller): one node can be lost, the active controller among them, with no acknowledged
 * message lost, and the ingestor's dead-letter transactions (ADR 0030) still commit.
 */
export const KAFKA_NODE_SETTINGS = {
  'process.roles': 'broker,controller',
  'default.replication.factor': 3,
  'min.insync.replicas': 2,
  'offsets.topic.replication.factor': 3,
  'transaction.state.log.replication.factor': 3,
  'transaction.state.log.min.isr': 2,
  // A replica that stops fetching leaves the in-sync set within seconds, not 30.
  'replica.lag.time.max.ms': 5000,
  'group.initial.rebalance.delay.ms': 0,
  'auto.create.topics.enable': false,
  // Only an in-sync replica may lead: an unclean election would drop acknowledged messages.
  'unclean.leader.election.enable': false,
} as const;

// libs/local-postgres: a real PostgreSQL server for the embedded default and for tests.
export {
  freePort,
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningPostgres,
} from './embedded-postgres';

// libs/local-postgres: a real PostgreSQL server for the embedded default and for tests.
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningPostgres,
} from './embedded-postgres';

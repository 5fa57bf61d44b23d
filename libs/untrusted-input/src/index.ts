// libs/untrusted-input: what the ledger checks of anything from outside before a DTO, a format
// parser or the domain reads it — JSON limits in one linear pass, and the one strict time parser.
export {
  DEFAULT_JSON_LIMITS,
  inspectJson,
  type JsonLimits,
  type JsonProblem,
  numberProblem,
  stringProblem,
} from './json-limits';
export {
  IsDateOrTimestamp,
  IsTimestamp,
  parseDateOrTimestamp,
  parsePeriodEnd,
  parseTimestamp,
} from './timestamp';

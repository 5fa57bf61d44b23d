// libs/domain: the pure core of Change Ledger (no framework, database, broker or store client).
export { LedgerError } from './errors/ledger-error';

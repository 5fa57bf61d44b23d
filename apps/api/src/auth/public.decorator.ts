// The one way a route goes without authentication (health): shared with every process's health
// routes, which live in libs/operations.
export { IS_PUBLIC, Public } from '@change-ledger/operations';

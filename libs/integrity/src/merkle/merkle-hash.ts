/**
 * RFC 9162 §2.1.1 hashing (the same as RFC 6962 §2.1): a leaf is SHA-256(0x00 ‖ data), an interior
 * node SHA-256(0x01 ‖ left ‖ right). One implementation, the verifier package's (ADR 0026): the
 * log hashes its leaves and nodes with the functions an auditor checks them with.
 */
export { EMPTY_ROOT, eventLeafHash, HASH_SIZE, leafHash, nodeHash } from '@change-ledger/verify';

// Command inclusion-check verifies an inclusion proof served by Change Ledger
// (GET /api/v1/ledger/proofs/inclusion) with an implementation this repository did not write:
// golang.org/x/mod/sumdb/tlog, Go's RFC 6962 Merkle tree (the one Go's checksum database uses).
//
// Usage: inclusion-check <tree size> <base64 root> <leaf index> <base64 leaf hash> [<base64 proof hash>…]
// Exits 0 when the proof leads from the leaf to the root; exits 1 saying why not.
package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func hash(text string) tlog.Hash {
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(raw) != tlog.HashSize {
		fail("not a base64 SHA-256 hash: %q", text)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return h
}

func main() {
	if len(os.Args) < 5 {
		fail("usage: inclusion-check <tree size> <base64 root> <leaf index> <base64 leaf hash> [proof…]")
	}
	size, err := strconv.ParseInt(os.Args[1], 10, 64)
	if err != nil {
		fail("tree size: %v", err)
	}
	index, err := strconv.ParseInt(os.Args[3], 10, 64)
	if err != nil {
		fail("leaf index: %v", err)
	}
	var proof tlog.RecordProof
	for _, text := range os.Args[5:] {
		proof = append(proof, hash(text))
	}
	// The leaf hash is RFC 6962's SHA-256(0x00 || data), as tlog.RecordHash makes it.
	if err := tlog.CheckRecord(proof, size, hash(os.Args[2]), index, hash(os.Args[4])); err != nil {
		fail("rejected: %v", err)
	}
	fmt.Println("verified")
}

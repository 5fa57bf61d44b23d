// Command cosignature-check verifies a checkpoint served by Change Ledger with implementations
// this repository did not write: the log's signature with golang.org/x/mod/sumdb/note (the
// implementation C2SP signed-note was written from), and a witness's cosignature/v1 line with
// Go's crypto/ed25519 over the message built here from c2sp.org/tlog-cosignature.
//
// Usage: cosignature-check <note file> <log verifier key> <witness verifier key>
// Prints the cosignature's timestamp and exits 0 when both verify; exits 1 saying what failed.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

// witnessKey reads <name>+<hex key id>+<base64(0x04 || 32-byte Ed25519 public key)> and checks the
// key id: SHA-256(name || "\n" || 0x04 || public key)[:4].
func witnessKey(vkey string) (string, uint32, ed25519.PublicKey) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		fail("witness key: not <name>+<id>+<key>")
	}
	key, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(key) != 33 || key[0] != 0x04 {
		fail("witness key: not a cosignature/v1 (0x04) Ed25519 key")
	}
	h := sha256.Sum256(append([]byte(parts[0]+"\n"), key...))
	id := binary.BigEndian.Uint32(h[:4])
	if fmt.Sprintf("%08x", id) != parts[1] {
		fail("witness key: the key id does not match the key")
	}
	return parts[0], id, ed25519.PublicKey(key[1:])
}

func main() {
	if len(os.Args) != 4 {
		fail("usage: cosignature-check <note file> <log verifier key> <witness verifier key>")
	}
	msg, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	logVerifier, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fail("log key: %v", err)
	}
	n, err := note.Open(msg, note.VerifierList(logVerifier))
	if err != nil {
		fail("log signature: %v", err)
	}
	name, id, pub := witnessKey(os.Args[3])
	found := false
	for _, sig := range n.UnverifiedSigs {
		if sig.Name != name || sig.Hash != id {
			continue
		}
		blob, err := base64.StdEncoding.DecodeString(sig.Base64)
		if err != nil || len(blob) != 4+8+ed25519.SignatureSize {
			fail("cosignature: not key id || u64 timestamp || Ed25519 signature")
		}
		timestamp := binary.BigEndian.Uint64(blob[4:12])
		var signed bytes.Buffer
		fmt.Fprintf(&signed, "cosignature/v1\ntime %d\n", timestamp)
		signed.WriteString(n.Text)
		if !ed25519.Verify(pub, signed.Bytes(), blob[12:]) {
			fail("cosignature: the Ed25519 signature does not verify")
		}
		fmt.Printf("log signature verified by %s; cosigned by %s at %d\n", n.Sigs[0].Name, name, timestamp)
		found = true
	}
	if !found {
		fail("cosignature: no signature line of %s", name)
	}
}

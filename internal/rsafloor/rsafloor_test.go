package rsafloor

import (
	"crypto/rand"
	"crypto/rsa"
	"testing"
)

// TestRun: every decryption is done and checked; a key that cannot
// decrypt the wrapped key is an error, not a silent floor.
func TestRun(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Run(5, 2); err != nil {
		t.Fatalf("Run: %v", err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	if err := (Floor{key: other, wrapped: f.wrapped}).Run(3, 2); err == nil {
		t.Error("a wrong key decrypted the wrapped key")
	}
}

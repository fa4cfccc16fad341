package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

// BenchmarkCheckOneDEPFile is mdmtoken check of one DEP token with the
// MDM's certificate and key, in this process from the command line on:
// what one process per file pays besides starting the program.
func BenchmarkCheckOneDEPFile(b *testing.B) {
	id, err := sample.NewIdentity("bench-mdm", 1)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	now := time.Now()
	data, err := sample.DEP(id, now.AddDate(1, 0, 0), sample.DEPOptions{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, sample.DEPFileName("Bench Server", now.Add(-time.Hour)))
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	for path, content := range map[string][]byte{file: data, cert: id.CertPEM(), key: id.KeyPEM()} {
		if err := os.WriteFile(path, content, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	args := []string{"check", "--expect", "dep", "--cert", cert, "--key", key, file}
	b.ReportAllocs()
	for b.Loop() {
		if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit status %d", code)
		}
	}
}

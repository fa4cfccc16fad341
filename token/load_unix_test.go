//go:build unix

package token

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRefusesSpecialFiles: a pipe as --cert, --key or --push-key is
// refused at once, never opened for reading (which would wait for a
// writer for ever).
func TestLoadRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "cert.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	done := make(chan [2]error, 1)
	go func() {
		_, cerr := LoadCertificate(fifo)
		_, kerr := LoadPrivateKey(fifo)
		done <- [2]error{cerr, kerr}
	}()
	select {
	case errs := <-done:
		for _, err := range errs {
			if err == nil || !strings.Contains(err.Error(), "is a named pipe, not a file") {
				t.Errorf("error %v, want one naming the pipe", err)
			}
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
	if _, err := LoadCertificate(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder: %v", err)
	}
}

// TestLoadErrorsShowNamesSafely: the path in an error is escaped, so it
// cannot draw a line of its own on the terminal, and it is named once.
func TestLoadErrorsShowNamesSafely(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x\n> fake\x1b[2J.pem")
	if err := os.WriteFile(path, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		func() error { _, err := LoadCertificate(path); return err }(),
		func() error { _, err := LoadPrivateKey(path); return err }(),
		func() error { _, err := LoadCertificate(path + ".missing"); return err }(),
	} {
		msg := err.Error()
		if strings.ContainsAny(msg, "\n\x1b") || !strings.Contains(msg, `x\n> fake\x1b[2J.pem`) || strings.Count(msg, "fake") != 1 {
			t.Errorf("error %q", msg)
		}
	}
}

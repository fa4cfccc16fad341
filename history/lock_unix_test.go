//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package history

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Another process's lock (an exclusive flock on a separate open file) holds
// Append and Load off until it is released, and the wait ends with ctx.
func TestLockIsHonoured(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	if err := Append(context.Background(), path, dep("First", now.AddDate(1, 0, 0))); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	if err := Append(ctx, path, dep("Second", now.AddDate(1, 0, 0))); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Append while locked: %v, want the context's deadline", err)
	}
	if _, _, err := Load(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Load while locked: %v, want the context's deadline", err)
	}

	done := make(chan error, 1)
	go func() { done <- Append(context.Background(), path, dep("Third", now.AddDate(1, 0, 0))) }()
	time.Sleep(50 * time.Millisecond)
	if err := unix.Flock(int(f.Fd()), unix.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Append after the lock was released: %v", err)
	}
	entries, _, err := Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Server != "First" || entries[1].Server != "Third" {
		t.Errorf("entries %+v, want First and Third", entries)
	}
}

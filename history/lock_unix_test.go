//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package history

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
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

// A pipe, a device or a folder named as the history is refused at once,
// never opened to be read or written (which would wait for a writer, or
// feed a reader).
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "history.jsonl")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "is a named pipe, not a history file", "/dev/null": "is a device", dir: "is a folder"} {
		done := make(chan [2]error, 1)
		go func() {
			_, _, lerr := Load(context.Background(), path)
			aerr := Append(context.Background(), path, dep("First", now.AddDate(1, 0, 0)))
			done <- [2]error{lerr, aerr}
		}()
		select {
		case errs := <-done:
			for _, err := range errs {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %v, want %q", path, err, want)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: blocked", path)
		}
	}
}
